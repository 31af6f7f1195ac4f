/**
 * In-isolate source: `$execution.customData`. Expressions read it; a Code run may also write it with n8n's
 * rules, and the keys it wrote leave the isolate with the run's outcome, for the engine to save with the
 * execution. n8n's rules: keys are text of `A-Za-z0-9_`, cut to 50 characters; values are text or numbers,
 * saved as text cut to 512 characters; an execution holds at most 10 keys, and a new key past that is
 * dropped without an error. A rule broken fails the call in a manual run and is ignored in any other, as
 * n8n does; here the ignored call leaves a line in the node's log.
 */
export const customDataRuntimeSource = `
var CUSTOM_DATA_MAX_KEYS = 10;
var CUSTOM_DATA_KEY_CHARS = 50;
var CUSTOM_DATA_VALUE_CHARS = 512;
var CUSTOM_DATA_KEY = /^[A-Za-z0-9_]*$/;
var CUSTOM_DATA_READ_ONLY = '$execution.customData is read-only in expressions: a Code node can set it';

function customDataName(key) {
  return String(key).slice(0, CUSTOM_DATA_KEY_CHARS);
}

function customDataReader(values) {
  return {
    get: function (key) { var name = customDataName(key); return hasOwn(values, name) ? values[name] : undefined; },
    getAll: function () { return Object.assign({}, values); },
  };
}

/** What expressions see: the saved values, and set/setAll that say they cannot be used there. */
function readOnlyCustomData(saved) {
  var api = customDataReader(saved);
  api.set = function () { throw new Error(CUSTOM_DATA_READ_ONLY); };
  api.setAll = function () { throw new Error(CUSTOM_DATA_READ_ONLY); };
  return api;
}

/**
 * The custom data of one Code run: the values saved so far plus those the code sets, and the keys it set.
 * strict: rule breaks throw (a manual run); otherwise they are reported through note(message) and ignored.
 */
function createCustomDataStore(saved, strict, note) {
  return { values: Object.assign(Object.create(null), saved), written: Object.create(null), strict: strict, note: note };
}

function keyText(key) {
  try { return String(key); } catch (ignored) { return '?'; }
}

/** Sets one key by n8n's rules; throws an Error naming the key when a rule is broken. */
function putCustomData(store, key, value) {
  if (!hasOwn(store.values, key) && Object.keys(store.values).length >= CUSTOM_DATA_MAX_KEYS) {
    store.note('$execution.customData: "' + keyText(key) + '" not saved, an execution keeps at most ' + CUSTOM_DATA_MAX_KEYS + ' keys');
    return;
  }
  if (typeof key !== 'string') throw new Error('Custom data keys must be text (key "' + keyText(key) + '")');
  if (!CUSTOM_DATA_KEY.test(key)) {
    throw new Error('Custom data keys may only contain the characters A-Z, a-z, 0-9 and _ (key "' + key + '")');
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
    throw new Error('Custom data values must be text or a number (key "' + key + '")');
  }
  var name = key.slice(0, CUSTOM_DATA_KEY_CHARS);
  var text = String(value).slice(0, CUSTOM_DATA_VALUE_CHARS);
  store.values[name] = text;
  store.written[name] = text;
}

/** setAll: every valid pair is set; the first broken rule, if any, is reported after the others. */
function putAllCustomData(store, pairs) {
  if (pairs === null || typeof pairs !== 'object') {
    throw new Error('$execution.customData.setAll() takes an object of key/value pairs');
  }
  var first;
  Object.keys(pairs).forEach(function (key) {
    try {
      putCustomData(store, key, pairs[key]);
    } catch (error) {
      if (first === undefined) first = error;
    }
  });
  if (first !== undefined) throw first;
}

function guardCustomData(store, write) {
  try {
    write();
  } catch (error) {
    if (store.strict) throw error;
    store.note('$execution.customData: ' + describeError(error).message + ' (ignored outside manual runs)');
  }
}

/** What a Code run sees: reads include its own writes. */
function writableCustomData(store) {
  var api = customDataReader(store.values);
  api.set = function (key, value) { guardCustomData(store, function () { putCustomData(store, key, value); }); };
  api.setAll = function (pairs) { guardCustomData(store, function () { putAllCustomData(store, pairs); }); };
  return api;
}

/** The keys the run set, with their final values; undefined when it set none. */
function writtenCustomData(store) {
  return Object.keys(store.written).length > 0 ? Object.assign({}, store.written) : undefined;
}
`;
