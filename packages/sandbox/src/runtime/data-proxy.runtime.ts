// The leaf entry point: the sandbox worker process must not load the whole engine (and zod) for a list.
import { ITEM_VARIABLES, SHARED_VARIABLES } from '@klikkflow/engine/expression-variables';

/**
 * In-isolate source: the n8n-compatible workflow data proxy built from a `WorkflowDataSnapshot`.
 * `createCallState(data)` prepares one call; `scopeFor(state, itemIndex)` returns the variables
 * (`$json`, `$input`, `$('Node')`, `$node`, `$now`, ...) an expression or Code node sees for one item.
 * Variables are built only when the code names them, so a plain `$json.x * 2` costs one lookup per item.
 */
export const dataProxyRuntimeSource = `
var hasOwn = Object.hasOwn;
var IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
var ITEM_NAMES = ${JSON.stringify(ITEM_VARIABLES)};
var BASE_NAMES = ITEM_NAMES.concat(${JSON.stringify(SHARED_VARIABLES)});

var TIME_NAMES = ['$now', '$today', 'DateTime', 'Duration', 'Interval'];

/**
 * Prepares one call. Shared values are built on first use, so an expression pays only for what it reads.
 * A Code run sets state.customData to a store of createCustomDataStore, which makes $execution.customData writable.
 */
function createCallState(data) {
  var state = { data: data, items: data.input || [], nodes: data.nodes || {}, paired: data.paired || {}, scopes: [] };
  state.customData = null;
  state.extraNames = [];
  var extras = data.extras || {};
  Object.keys(extras).forEach(function (key) {
    var name = '$' + key;
    if (IDENTIFIER.test(key) && BASE_NAMES.indexOf(name) < 0) state.extraNames.push(name);
  });
  state.names = BASE_NAMES.concat(state.extraNames);
  state.sharedCache = Object.create(null);
  return state;
}

/**
 * Luxon in the call's time zone. Its caches and default zone are reset on first use in every call, so no call
 * sees time-zone state left by another.
 */
function timeValues(state) {
  if (state.time) return state.time;
  luxon.Settings.resetCaches();
  var zone = luxon.IANAZone.isValidZone(state.data.timezone) ? state.data.timezone : 'UTC';
  luxon.Settings.defaultZone = zone;
  var now = luxon.DateTime.fromMillis(state.data.now, { zone: zone });
  state.time = {
    $now: now,
    $today: now.startOf('day'),
    DateTime: luxon.DateTime,
    Duration: luxon.Duration,
    Interval: luxon.Interval,
  };
  return state.time;
}

/** A variable that is the same for every item of the call, built once. */
function sharedValue(state, name) {
  var cache = state.sharedCache;
  if (name in cache) return cache[name];
  var value = TIME_NAMES.indexOf(name) >= 0 ? timeValues(state)[name] : computeShared(state, name);
  cache[name] = value;
  return value;
}

function computeShared(state, name) {
  var data = state.data;
  switch (name) {
    case '$execution': return executionValue(data.execution || {}, state.customData);
    case '$workflow': return data.workflow || {};
    case '$vars': return data.vars || {};
    case '$runIndex': return data.runIndex;
    case '$prevNode': return data.prevNode || {};
    case '$parameter': return (data.node && data.node.parameters) || {};
    case '$items':
      return function (name, output, run) {
        return name === undefined ? state.items : outputItems(nodeView(state, name), output, run);
      };
    case '$jmespath': return function (value, expression) { return jmespath.search(value, expression); };
    case '$if': return function (condition, whenTrue, whenFalse) { return condition ? whenTrue : whenFalse; };
    case '$ifEmpty': return function (value, alternative) { return isEmpty(value) ? alternative : value; };
    case '$min': return function () { return Math.min.apply(null, arguments); };
    case '$max': return function () { return Math.max.apply(null, arguments); };
    case EXTENSION_DISPATCHER_NAME: return createExtensionDispatcher(state);
    default: return state.extraNames.indexOf(name) >= 0 ? data.extras[name.slice(1)] : undefined;
  }
}

/** '$execution'. Its custom data is writable when the call keeps a store for it (a Code run). */
function executionValue(execution, customDataStore) {
  return {
    id: execution.id,
    mode: execution.mode,
    resumeUrl: execution.resumeUrl,
    customData: customDataStore
      ? writableCustomData(customDataStore)
      : readOnlyCustomData(execution.customData || {}),
  };
}

function isEmpty(value) {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.keys(value).length === 0;
  return false;
}

function nodeView(state, name) {
  if (typeof name !== 'string' || !hasOwn(state.nodes, name)) {
    throw new Error('Referenced node "' + String(name) + '" does not exist or is not available here');
  }
  return state.nodes[name];
}

function outputItems(view, output, run) {
  var runIndex = run === undefined ? view.runs.length - 1 : run;
  var outputs = view.runs[runIndex];
  return (outputs && outputs[output || 0]) || [];
}

/** The item of node name that item itemIndex of the current node descends from (paired-item lineage). */
function pairedItem(state, name, itemIndex) {
  var view = nodeView(state, name);
  if (view.runs.length === 0) throw new Error('Node "' + name + '" has not been executed');
  if (!hasOwn(state.paired, name)) {
    var same = outputItems(view, 0)[itemIndex];
    if (same) return same;
  } else {
    var pointer = state.paired[name][itemIndex];
    var outputs = pointer ? view.runs[pointer.runIndex] : undefined;
    var found = outputs && outputs[pointer.output] && outputs[pointer.output][pointer.item];
    if (found) return found;
  }
  throw new Error('Paired item data for item ' + itemIndex + ' from node "' + name + '" is unavailable');
}

function nodeAccessor(state, name, itemIndex) {
  var view = nodeView(state, name);
  return {
    get item() { return pairedItem(state, name, itemIndex); },
    all: function (output, run) { return outputItems(view, output, run); },
    first: function (output, run) { return outputItems(view, output, run)[0]; },
    last: function (output, run) { var list = outputItems(view, output, run); return list[list.length - 1]; },
    itemMatching: function (index) { return pairedItem(state, name, index); },
    params: view.parameters || {},
    isExecuted: view.runs.length > 0,
  };
}

/** Legacy '$node["Name"]': json of the paired item, else of the first item of the node's last run. */
function legacyNode(state, name, itemIndex) {
  var view = nodeView(state, name);
  function current() {
    var pointer = hasOwn(state.paired, name) ? state.paired[name][itemIndex] : undefined;
    return pointer ? pairedItem(state, name, itemIndex) : outputItems(view, 0)[0];
  }
  return {
    get json() { var item = current(); return item ? item.json : undefined; },
    get binary() { var item = current(); return item ? item.binary || {} : undefined; },
    parameter: view.parameters || {},
    runIndex: view.runs.length - 1,
  };
}

function legacyNodes(state, itemIndex) {
  return new Proxy(Object.create(null), {
    get: function (target, name) {
      return typeof name === 'string' && hasOwn(state.nodes, name) ? legacyNode(state, name, itemIndex) : undefined;
    },
  });
}

function inputAccessor(state, item) {
  var items = state.items;
  return {
    item: item,
    all: function () { return items; },
    first: function () { return items[0]; },
    last: function () { return items[items.length - 1]; },
    params: sharedValue(state, '$parameter'),
  };
}

/** One variable as item itemIndex sees it. Per-item values are built on demand, never for unused names. */
function valueFor(state, name, itemIndex) {
  var item;
  switch (name) {
    case '$json':
    case '$data':
      item = state.items[itemIndex];
      return item ? item.json : {};
    case '$binary':
      item = state.items[itemIndex];
      return (item && item.binary) || {};
    case '$itemIndex': return itemIndex;
    case '$input': return inputAccessor(state, state.items[itemIndex]);
    case '$': return function (nodeName) { return nodeAccessor(state, nodeName, itemIndex); };
    case '$node': return legacyNodes(state, itemIndex);
    case '$item':
      return function (index) {
        var other = state.items[index];
        return { $json: other ? other.json : {}, $binary: (other && other.binary) || {}, $node: legacyNodes(state, index) };
      };
    default: return sharedValue(state, name);
  }
}

/** Arguments for the given names, for one item. */
function argsFor(state, names, itemIndex) {
  var args = new Array(names.length);
  for (var i = 0; i < names.length; i++) args[i] = valueFor(state, names[i], itemIndex);
  return args;
}

/** Every variable of one item as an object (the Code node's scope). */
function scopeFor(state, itemIndex) {
  var scope = {};
  for (var i = 0; i < state.names.length; i++) scope[state.names[i]] = valueFor(state, state.names[i], itemIndex);
  return scope;
}
`;
