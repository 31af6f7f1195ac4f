/**
 * In-isolate source: the dispatcher behind rewritten extension calls (extension-rewrite.runtime.ts). For a
 * call `recv.name(...)` it picks, in order:
 * 1. the receiver's own method of that name (native methods win: `$('X').first()`, `'a,b'.split(',')`,
 *    `Math.round(x)`), except Luxon's `plus`/`minus`, which n8n extends to take `(n, unit)`;
 * 2. the extension for the receiver's type: array, string (an exact ISO timestamp string gets the date
 *    extensions, as in n8n), number, boolean, DateTime or Date, other object;
 * 3. `isEmpty()`/`isNotEmpty()` for anything else, `null` and `undefined` included (falsy is empty);
 * else it throws an n8n-like error naming the types that have the method.
 * One dispatcher is made per call: it resets Luxon to the call's time zone and knows the call's `$now`.
 */
export const extensionDispatchRuntimeSource = String.raw`
var EXTENSION_TABLES = [
  { type: 'Array', functions: ARRAY_EXTENSIONS },
  { type: 'String', functions: STRING_EXTENSIONS },
  { type: 'Number', functions: NUMBER_EXTENSIONS },
  { type: 'Boolean', functions: BOOLEAN_EXTENSIONS },
  { type: 'Date', functions: DATE_EXTENSIONS },
  { type: 'Object', functions: OBJECT_EXTENSIONS },
];
var GENERIC_EXTENSIONS = {
  isEmpty: function (value) { return !value; },
  isNotEmpty: function (value) { return !!value; },
};
var EXTENSION_NAMES = new Set(Object.keys(GENERIC_EXTENSIONS));
EXTENSION_TABLES.forEach(function (table) {
  Object.keys(table.functions).forEach(function (name) { EXTENSION_NAMES.add(name); });
});
/** A timestamp exactly as Date#toISOString writes it: n8n treats such strings as dates. */
var ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
var MAX_DESCRIBED_CHARS = 60;

/** An error of a failed extension call; it fails the expression like any other throw. */
function extensionError(message) {
  var error = new Error(message);
  error.name = 'ExpressionExtensionError';
  return error;
}

/** A short, safe description of an input value for error messages. */
function describeInput(value) {
  var text;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch (ignored) {
    text = 'a value';
  }
  return clip(text, MAX_DESCRIBED_CHARS);
}

function isIsoTimestamp(value) {
  return ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
}

/** The type table whose extensions apply to a value, and the value they take (an ISO string as a Date). */
function extensionTarget(value, name) {
  if (Array.isArray(value)) return { table: ARRAY_EXTENSIONS, value: value };
  if (typeof value === 'string') {
    if (name !== 'toDate' && name !== 'toDateTime' && Object.hasOwn(DATE_EXTENSIONS, name) && isIsoTimestamp(value)) {
      return { table: DATE_EXTENSIONS, value: new Date(value) };
    }
    return { table: STRING_EXTENSIONS, value: value };
  }
  if (typeof value === 'number') return { table: NUMBER_EXTENSIONS, value: value };
  if (typeof value === 'boolean') return { table: BOOLEAN_EXTENSIONS, value: value };
  if (value instanceof Date || luxon.DateTime.isDateTime(value)) return { table: DATE_EXTENSIONS, value: value };
  if (value !== null && typeof value === 'object') return { table: OBJECT_EXTENSIONS, value: value };
  return null;
}

/** Luxon's own plus/minus read a number as milliseconds; n8n's take '(n, unit)', so they run instead. */
function extensionOverridesNative(receiver, name) {
  return (name === 'plus' || name === 'minus') && luxon.DateTime.isDateTime(receiver);
}

function unsupportedCall(receiver, name) {
  if (receiver === null || receiver === undefined) {
    return extensionError(name + "() can't be used on " + String(receiver) + ' value. To skip it when the value is ' +
      'empty, add a ? before the call: value?.' + name + '()');
  }
  var types = EXTENSION_TABLES.filter(function (table) { return Object.hasOwn(table.functions, name); })
    .map(function (table) { return '"' + table.type + '"'; });
  var list = types.length > 1 ? 'types ' + types.slice(0, -1).join(', ') + ' and ' + types[types.length - 1] : 'type ' + types[0];
  return extensionError(name + '() is only callable on ' + list + ', not on ' + describeInput(receiver));
}

/**
 * The function a call of 'name' on 'receiver' runs, or undefined when there is none. Extension functions
 * take (value, args, context); the result takes the call's arguments.
 */
function resolveExtension(receiver, name, context) {
  if (receiver !== null && receiver !== undefined && !extensionOverridesNative(receiver, name)) {
    var own = receiver[name];
    if (typeof own === 'function') return function () { return own.apply(receiver, arguments); };
  }
  var target = extensionTarget(receiver, name);
  var table = target && Object.hasOwn(target.table, name) ? target.table : null;
  if (!table && Object.hasOwn(GENERIC_EXTENSIONS, name)) table = GENERIC_EXTENSIONS;
  if (!table) return undefined;
  var extension = table[name];
  var value = target ? target.value : receiver;
  return function () { return extension(value, Array.prototype.slice.call(arguments), context); };
}

/**
 * The per-call dispatcher the rewritten code calls: 'call' for 'recv.name(...)' (throws when nothing
 * applies), 'optional' for 'recv?.name(...)' (undefined for a null receiver or when nothing applies, so the
 * optional call yields undefined, as in n8n), and 'guard' for the rest of a chain after an optional step.
 */
function createExtensionDispatcher(state) {
  var context = Object.freeze({ now: function () { return timeValues(state).$now; } });
  return Object.freeze({
    call: function (receiver, name) {
      timeValues(state);
      var run = resolveExtension(receiver, name, context);
      if (!run) throw unsupportedCall(receiver, name);
      return run;
    },
    optional: function (receiver, name) {
      if (receiver === null || receiver === undefined) return undefined;
      timeValues(state);
      return resolveExtension(receiver, name, context);
    },
    guard: function (value, rest) {
      return value === null || value === undefined ? undefined : rest(value);
    },
  });
}
`;
