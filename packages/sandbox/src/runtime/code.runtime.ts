/**
 * In-isolate source: runs a Code node body. The body becomes an async function inside a sloppy
 * `with (scope)` block, like n8n: undeclared assignments (`for (item of items)`) land in a per-call
 * object instead of the frozen global. Console output is captured, results are validated and wrapped
 * as items. The file name in stack traces (`user-code.js`) lets errors name the user's line. What the code
 * sets with `$execution.customData` (custom-data.runtime.ts) leaves with the outcome, a failure's too.
 */
export const codeRuntimeSource = String.raw`
var CODE_FILE = 'user-code.js';
var CODE_LINE_OFFSET = 3;
var MAX_LOG_LINES = 1000;
var MAX_LOG_CHARS = 10000;
var codeLogs = [];

function InvalidResult(message) { this.message = message; }

function formatLogArgument(value) {
  if (typeof value === 'string') return value;
  try {
    var json = JSON.stringify(value);
    return json === undefined ? String(value) : json;
  } catch (ignored) {
    try { return String(value); } catch (alsoIgnored) { return '[unprintable]'; }
  }
}

function addLogLine(text) {
  if (codeLogs.length < MAX_LOG_LINES) codeLogs.push(clip(text, MAX_LOG_CHARS));
}

function captureConsole() {
  var log = function () {
    addLogLine(Array.prototype.map.call(arguments, formatLogArgument).join(' '));
  };
  return { log: log, info: log, warn: log, error: log, debug: log };
}

function codeScope(state, itemIndex, extra) {
  var base = Object.assign(Object.create(null), scopeFor(state, itemIndex), extra, { console: captureConsole() });
  return new Proxy(base, {
    has: function (target, key) { return typeof key === 'string' && (key in target || !(key in globalThis)); },
    get: function (target, key) {
      if (key in target) return target[key];
      if (typeof key === 'symbol') return undefined;
      throw new ReferenceError(key + ' is not defined');
    },
    set: function (target, key, value) { target[key] = value; return true; },
  });
}

function describeType(value) {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : 'a ' + typeof value;
}

function toItem(value, label) {
  if (!isPlainObject(value)) throw new InvalidResult(label + ' is ' + describeType(value) + ', expected an object');
  if (!hasOwn(value, 'json')) return { json: value };
  if (!isPlainObject(value.json)) throw new InvalidResult(label + ' has a "json" property that is not an object');
  var item = { json: value.json };
  if (value.binary !== undefined) {
    if (!isPlainObject(value.binary)) throw new InvalidResult(label + ' has a "binary" property that is not an object');
    item.binary = value.binary;
  }
  if (value.pairedItem !== undefined) item.pairedItem = value.pairedItem;
  return item;
}

function itemsForAll(result) {
  if (result === undefined || result === null) {
    throw new InvalidResult('Code doesn\'t return items properly: return an array of objects');
  }
  if (!Array.isArray(result)) return [toItem(result, 'The returned value')];
  return result.map(function (value, index) { return toItem(value, 'The item at index ' + index); });
}

function itemForEach(result, index) {
  if (result === undefined || result === null) return null;
  if (Array.isArray(result)) {
    throw new InvalidResult('Code returned an array for item ' + index + '; in "Run Once for Each Item" mode return one object');
  }
  var item = toItem(result, 'The value returned for item ' + index);
  item.pairedItem = { item: index };
  return item;
}

function compileCode(code) {
  return Function('__scope', 'with (__scope) { return (async function () {\n' + code +
    '\n}).call(undefined); }\n//# sourceURL=' + CODE_FILE);
}

function userLine(stack) {
  var match = new RegExp(CODE_FILE.replace('.', '\\.') + ':(\\d+):\\d+').exec(stack);
  return match ? Number(match[1]) - CODE_LINE_OFFSET : undefined;
}

/** What user code threw: its name, its message with the user line appended ("... [line N]"), and that line. */
function describeThrow(error) {
  var description = describeError(error);
  var line = userLine(description.stack);
  var message = line === undefined ? description.message : description.message + ' [line ' + line + ']';
  return { name: description.name, message: message, line: line };
}

/** n8n's continueOnFail result for a throw: an item holding only the error message. */
function errorResult(error) {
  return { json: { error: describeThrow(error).message } };
}

/**
 * Runs the code once. With continueOnFail a throw becomes {@link errorResult}; without it the call is
 * left as it is, so runs without the flag pay nothing for it.
 */
function callCode(fn, scope, continueOnFail) {
  return continueOnFail ? fn(scope).then(undefined, errorResult) : fn(scope);
}

async function executeCode(state, fn, mode, continueOnFail) {
  if (mode !== 'runOnceForEachItem') {
    return itemsForAll(await callCode(fn, codeScope(state, 0, { items: state.items }), continueOnFail));
  }
  var out = [];
  for (var i = 0; i < state.items.length; i++) {
    var result = await callCode(fn, codeScope(state, i, { item: state.items[i] }), continueOnFail);
    var item = itemForEach(result, i);
    if (item) out.push(item);
  }
  return out;
}

/** A failure of the run: it still carries the custom data the code set, which the engine keeps (for a retry). */
function codeFailure(error, customData) {
  var extra = { logs: codeLogs, customData: customData };
  if (error instanceof InvalidResult) {
    return failureText('CODE_INVALID_RESULT', { name: 'Error', message: error.message }, extra);
  }
  var thrown = describeThrow(error);
  extra.line = thrown.line;
  return failureText('CODE_ERROR', thrown, extra);
}

/** The call state of a Code run: like an expression's, with writable $execution.customData. */
function codeCallState(data) {
  var state = createCallState(data);
  var execution = data.execution || {};
  state.customData = createCustomDataStore(execution.customData || {}, execution.mode === 'manual', addLogLine);
  return state;
}

async function runCode(payloadText) {
  codeLogs = [];
  var payload = JSON.parse(payloadText);
  var state = codeCallState(payload.data);
  var fn;
  try {
    fn = compileCode(payload.code);
  } catch (error) {
    return failureText('CODE_SYNTAX', describeError(error), { logs: codeLogs });
  }
  try {
    var items = await executeCode(state, fn, payload.mode, payload.continueOnFail === true);
    var itemsJson;
    try {
      itemsJson = JSON.stringify(items);
    } catch (error) {
      throw new InvalidResult('The returned items cannot be serialised to JSON: ' + describeError(error).message);
    }
    var customData = writtenCustomData(state.customData);
    var customDataJson = customData === undefined ? '' : ',"customData":' + JSON.stringify(customData);
    return '{"ok":true,"items":' + itemsJson + ',"logs":' + JSON.stringify(codeLogs) + customDataJson + '}';
  } catch (error) {
    return codeFailure(error, writtenCustomData(state.customData));
  }
}

function takeLogs() {
  return JSON.stringify(codeLogs);
}
`;
