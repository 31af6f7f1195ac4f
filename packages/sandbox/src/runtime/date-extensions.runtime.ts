/**
 * In-isolate source: n8n's date extension methods, for Luxon DateTimes and JavaScript Dates
 * (`$now.format('yyyy-MM-dd')`, `$now.minus(1, 'days')`, `$json.date.toDateTime().extract('month')`...).
 * A method that returns a moment returns the receiver's kind: a Date for a Date, a DateTime for a DateTime.
 * "Now" is the call's fixed `$now`, so `isInLast()` and `diffToNow()` agree with it.
 */
export const dateExtensionsRuntimeSource = `
/** Unit aliases n8n accepts, to Luxon's plural duration units. */
var DURATION_UNITS = {
  millisecond: 'milliseconds', ms: 'milliseconds', second: 'seconds', sec: 'seconds', secs: 'seconds',
  minute: 'minutes', min: 'minutes', mins: 'minutes', hour: 'hours', hr: 'hours', hrs: 'hours', day: 'days',
  week: 'weeks', month: 'months', quarter: 'quarters', year: 'years',
};
var DIFF_UNITS = new Set(['milliseconds', 'seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'quarters',
  'years', 'millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'year', 'weekNumber',
  'yearDayNumber', 'weekday']);

function durationUnit(unit) {
  var name = String(unit);
  return Object.hasOwn(DURATION_UNITS, name) ? DURATION_UNITS[name] : name;
}

/** Luxon's singular unit for startOf/get ('days' → 'day'). */
function dateTimeUnit(unit) {
  var plural = durationUnit(unit);
  return /s$/.test(plural) ? plural.slice(0, -1) : plural;
}

function asDateTime(value) {
  return value instanceof Date ? luxon.DateTime.fromJSDate(value) : value;
}

/** A computed moment in the receiver's kind. */
function likeReceiver(receiver, dateTime) {
  return receiver instanceof Date ? dateTime.toJSDate() : dateTime;
}

/** plus/minus: '(n, unit)' (unit default minutes) or one duration-like argument, as Luxon takes it. */
function shiftedBy(receiver, args, direction) {
  var moment = asDateTime(receiver);
  var duration = args.length === 1 ? args[0] : durationObject(args[0] === undefined ? 0 : args[0], args[1]);
  return likeReceiver(receiver, direction > 0 ? moment.plus(duration) : moment.minus(duration));
}

function durationObject(amount, unit) {
  var duration = {};
  duration[durationUnit(unit === undefined ? 'minutes' : unit)] = amount;
  return duration;
}

/** Another moment given as a DateTime, a Date or a string n8n reads as a date. */
function otherMoment(value, context) {
  if (luxon.DateTime.isDateTime(value)) return value;
  if (value instanceof Date) return luxon.DateTime.fromJSDate(value);
  if (typeof value === 'string') return STRING_EXTENSIONS.toDateTime(value, [], context);
  throw extensionError('expected a date, not ' + describeInput(value));
}

function differenceTo(receiver, other, unit, context) {
  var units = Array.isArray(unit) ? unit : [unit === undefined ? 'days' : unit];
  if (units.length === 0) units = ['days'];
  units.forEach(function (name) {
    if (!DIFF_UNITS.has(name)) throw extensionError("diffTo(): unsupported unit '" + String(name) + "'");
  });
  var difference = asDateTime(receiver).diff(otherMoment(other, context), units.map(durationUnit));
  return units.length > 1 ? difference.toObject() : difference.as(durationUnit(units[0]));
}

var DATE_EXTENSIONS = {
  format: function (receiver, args) {
    if (typeof args[0] !== 'string') throw extensionError("format(): expected a format string, e.g. format('yyyy-MM-dd')");
    return asDateTime(receiver).toFormat(args[0], Object.assign({}, args[1]));
  },
  plus: function (receiver, args) { return shiftedBy(receiver, args, 1); },
  minus: function (receiver, args) { return shiftedBy(receiver, args, -1); },
  beginningOf: function (receiver, args) {
    return likeReceiver(receiver, asDateTime(receiver).startOf(dateTimeUnit(args[0] === undefined ? 'week' : args[0])));
  },
  endOfMonth: function (receiver) { return likeReceiver(receiver, asDateTime(receiver).endOf('month')); },
  /** A part of the moment as a number: year, month, week (default), day, hour, ..., weekday, yearDayNumber. */
  extract: function (receiver, args) {
    var part = args[0] === undefined ? 'week' : String(args[0]);
    var moment = asDateTime(receiver);
    if (part === 'yearDayNumber') return moment.ordinal;
    return moment.get(part === 'week' ? 'weekNumber' : dateTimeUnit(part));
  },
  isBetween: function (receiver, args, context) {
    if (args.length !== 2) throw extensionError('isBetween(): expected exactly two arguments');
    var moment = asDateTime(receiver);
    var first = otherMoment(args[0], context);
    var second = otherMoment(args[1], context);
    var low = first < second ? first : second;
    var high = first < second ? second : first;
    return low < moment && moment < high;
  },
  isDst: function (receiver) { return asDateTime(receiver).isInDST; },
  isWeekend: function (receiver) { return asDateTime(receiver).weekday >= 6; },
  isInLast: function (receiver, args, context) {
    var now = context.now();
    var since = now.minus(durationObject(args[0] === undefined ? 0 : args[0], args[1]));
    var moment = asDateTime(receiver);
    return since <= moment && moment <= now;
  },
  diffTo: function (receiver, args, context) { return differenceTo(receiver, args[0], args[1], context); },
  diffToNow: function (receiver, args, context) { return differenceTo(receiver, context.now(), args[0], context); },
  toDateTime: function (receiver) { return asDateTime(receiver); },
  toInt: function (receiver) { return asDateTime(receiver).toMillis(); },
  toFloat: function (receiver) { return asDateTime(receiver).toMillis(); },
  toBoolean: function () { return undefined; },
  isEmpty: function () { return false; },
  isNotEmpty: function () { return true; },
};
`;
