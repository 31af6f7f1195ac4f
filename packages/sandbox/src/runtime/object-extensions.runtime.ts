/**
 * In-isolate source: n8n's object extension methods (`$json.isEmpty()`, `.keys()`, `.values()`,
 * `.removeField('x')`, `.toJsonString()`, `.urlEncode()`...). They apply to any object that is not an
 * array or a date, and never change it: results are copies.
 */
export const objectExtensionsRuntimeSource = `
/** Sets an own data field, so a key such as "__proto__" stays an ordinary field. */
function defineDataField(target, key, value) {
  Object.defineProperty(target, key, { value: value, writable: true, enumerable: true, configurable: true });
}

/** Copies the own enumerable fields of source onto target (a new object by default). */
function copyFields(source, target) {
  var out = target || {};
  Object.keys(source).forEach(function (key) { defineDataField(out, key, source[key]); });
  return out;
}

function fieldsWhere(object, keep) {
  var out = {};
  Object.keys(object).forEach(function (key) {
    if (keep(key, object[key])) defineDataField(out, key, object[key]);
  });
  return out;
}

function containingText(args, name) {
  var text = args[0];
  if (typeof text !== 'string' || text === '') throw extensionError(name + '(): expected a non-empty string argument');
  return text;
}

/** application/x-www-form-urlencoded, as URLSearchParams writes it (the isolate has no URLSearchParams). */
function formEncode(text) {
  return encodeURIComponent(text).replace(/%20/g, '+').replace(/[!'()~]/g, function (char) {
    return '%' + char.charCodeAt(0).toString(16).toUpperCase();
  });
}

function notDefinedForObjects() {
  return undefined;
}

var OBJECT_EXTENSIONS = {
  isEmpty: function (object) { return Object.keys(object).length === 0; },
  isNotEmpty: function (object) { return Object.keys(object).length > 0; },
  keys: function (object) { return Object.keys(object); },
  values: function (object) { return Object.values(object); },
  hasField: function (object, args) { return args[0] in object; },
  removeField: function (object, args) {
    var name = String(args[0]);
    return fieldsWhere(object, function (key) { return key !== name; });
  },
  removeFieldsContaining: function (object, args) {
    var text = containingText(args, 'removeFieldsContaining');
    return fieldsWhere(object, function (key, value) { return !(typeof value === 'string' && value.indexOf(text) >= 0); });
  },
  keepFieldsContaining: function (object, args) {
    var text = containingText(args, 'keepFieldsContaining');
    return fieldsWhere(object, function (key, value) { return typeof value === 'string' && value.indexOf(text) >= 0; });
  },
  compact: compactValue,
  merge: function (object, args) {
    var other = args[0];
    if (other === undefined || other === null) return object;
    if (typeof other !== 'object') throw extensionError('merge(): expected an object argument');
    return mergeMissing(object, other);
  },
  urlEncode: function (object) {
    return Object.keys(object).map(function (key) {
      return formEncode(key) + '=' + formEncode(String(object[key]));
    }).join('&');
  },
  toJsonString: function (object) { return JSON.stringify(object); },
  toInt: notDefinedForObjects,
  toFloat: notDefinedForObjects,
  toBoolean: notDefinedForObjects,
  toDateTime: notDefinedForObjects,
};
`;
