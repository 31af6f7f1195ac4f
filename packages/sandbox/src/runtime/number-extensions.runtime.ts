/**
 * In-isolate source: n8n's number and boolean extension methods (`(1.256).round(2)`, `$json.ts.toDateTime('s')`,
 * `true.toNumber()`...).
 */
export const numberExtensionsRuntimeSource = `
/** Days from 1899-12-30 (Excel's day 0, given its 1900 leap-year bug) to 1970-01-01. */
var EXCEL_EPOCH_DAYS = 25569;

function wholeNumberCheck(value, name) {
  if (!Number.isInteger(value)) throw extensionError(name + '() is only callable on integers');
  return value;
}

function roundTo(value, args) {
  var decimals = args[0] === undefined ? 0 : args[0];
  return Number(value.toFixed(decimals));
}

function booleanAsNumber(value) {
  return value ? 1 : 0;
}

var NUMBER_EXTENSIONS = {
  round: roundTo,
  floor: function (value) { return Math.floor(value); },
  ceil: function (value) { return Math.ceil(value); },
  abs: function (value) { return Math.abs(value); },
  isInteger: function (value) { return Number.isInteger(value); },
  isEven: function (value) { return wholeNumberCheck(value, 'isEven') % 2 === 0; },
  isOdd: function (value) { return Math.abs(wholeNumberCheck(value, 'isOdd')) % 2 === 1; },
  toBoolean: function (value) { return value !== 0; },
  toInt: function (value) { return roundTo(value, []); },
  toFloat: function (value) { return value; },
  /** Intl.NumberFormat: locale (default 'en-US') and its options. */
  format: function (value, args) {
    return new Intl.NumberFormat(args[0] === undefined ? 'en-US' : args[0], args[1] || {}).format(value);
  },
  /** A timestamp in 'ms' (default), 's', 'us', or 'excel' days, in the workflow's time zone. */
  toDateTime: function (value, args) {
    var unit = args[0] === undefined ? 'ms' : args[0];
    switch (unit) {
      case 'ms': return luxon.DateTime.fromMillis(value);
      case 's': return luxon.DateTime.fromSeconds(value);
      case 'us': return luxon.DateTime.fromMillis(value / 1000);
      case 'excel': return luxon.DateTime.fromSeconds((value - EXCEL_EPOCH_DAYS) * 86400);
      default:
        throw extensionError("toDateTime(): unsupported format '" + String(unit) + "'; use 'ms', 's', 'us' or 'excel'");
    }
  },
};

var BOOLEAN_EXTENSIONS = {
  toBoolean: function (value) { return value; },
  toNumber: booleanAsNumber,
  toInt: booleanAsNumber,
  toFloat: booleanAsNumber,
  toDateTime: function () { return undefined; },
};
`;
