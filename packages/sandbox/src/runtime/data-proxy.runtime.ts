/**
 * In-isolate source: the n8n-compatible workflow data proxy built from a `WorkflowDataSnapshot`.
 * `createCallState(data)` prepares one call; `scopeFor(state, itemIndex)` returns the variables
 * (`$json`, `$input`, `$('Node')`, `$node`, `$now`, ...) an expression or Code node sees for one item.
 * Argument lists are cached per item index within a call, so several programs on one item share them.
 */
export const dataProxyRuntimeSource = `
var hasOwn = Object.hasOwn;
var IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Per-item names come first, so an item's argument list is the shared list with its head replaced. */
var ITEM_NAMES = ['$json', '$data', '$binary', '$itemIndex', '$input', '$', '$node', '$item'];
var BASE_NAMES = ITEM_NAMES.concat([
  '$items', '$now', '$today', 'DateTime', 'Duration', 'Interval', '$execution', '$workflow', '$vars', '$runIndex',
  '$prevNode', '$parameter', '$jmespath', '$if', '$ifEmpty', '$min', '$max',
]);

function createCallState(data) {
  luxon.Settings.resetCaches();
  var zone = luxon.IANAZone.isValidZone(data.timezone) ? data.timezone : 'UTC';
  luxon.Settings.defaultZone = zone;
  var now = luxon.DateTime.fromMillis(data.now, { zone: zone });
  var state = { data: data, items: data.input || [], nodes: data.nodes || {}, paired: data.paired || {}, scopes: [] };
  state.extraNames = [];
  var extras = data.extras || {};
  Object.keys(extras).forEach(function (key) {
    var name = '$' + key;
    if (IDENTIFIER.test(key) && BASE_NAMES.indexOf(name) < 0) state.extraNames.push(name);
  });
  state.names = BASE_NAMES.concat(state.extraNames);
  state.shared = sharedValues(state, now);
  state.sharedArgs = state.names.map(function (name) { return state.shared[name]; });
  return state;
}

function sharedValues(state, now) {
  var data = state.data;
  var execution = data.execution || {};
  var customData = execution.customData || {};
  var shared = {
    $now: now,
    $today: now.startOf('day'),
    DateTime: luxon.DateTime,
    Duration: luxon.Duration,
    Interval: luxon.Interval,
    $execution: {
      id: execution.id,
      mode: execution.mode,
      resumeUrl: execution.resumeUrl,
      customData: {
        get: function (key) { return hasOwn(customData, key) ? customData[key] : undefined; },
        getAll: function () { return Object.assign({}, customData); },
        set: function () { throw new Error('$execution.customData is read-only here'); },
        setAll: function () { throw new Error('$execution.customData is read-only here'); },
      },
    },
    $workflow: data.workflow || {},
    $vars: data.vars || {},
    $runIndex: data.runIndex,
    $prevNode: data.prevNode || {},
    $parameter: (data.node && data.node.parameters) || {},
    $items: function (name, output, run) {
      return name === undefined ? state.items : outputItems(nodeView(state, name), output, run);
    },
    $jmespath: function (value, expression) { return jmespath.search(value, expression); },
    $if: function (condition, whenTrue, whenFalse) { return condition ? whenTrue : whenFalse; },
    $ifEmpty: function (value, alternative) { return isEmpty(value) ? alternative : value; },
    $min: function () { return Math.min.apply(null, arguments); },
    $max: function () { return Math.max.apply(null, arguments); },
  };
  state.extraNames.forEach(function (name) { shared[name] = data.extras[name.slice(1)]; });
  return shared;
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
    params: state.shared.$parameter,
  };
}

/** The per-item variables; everything else comes from state.shared. */
function itemValues(state, itemIndex) {
  var item = state.items[itemIndex];
  var json = item ? item.json : {};
  return {
    $json: json,
    $data: json,
    $binary: (item && item.binary) || {},
    $itemIndex: itemIndex,
    $input: inputAccessor(state, item),
    $: function (name) { return nodeAccessor(state, name, itemIndex); },
    $node: legacyNodes(state, itemIndex),
    $item: function (index) {
      var other = state.items[index];
      return { $json: other ? other.json : {}, $binary: (other && other.binary) || {}, $node: legacyNodes(state, index) };
    },
  };
}

/** The variables of one item as an argument list in state.names order (cached per item for the call). */
function argsFor(state, itemIndex) {
  var cached = state.scopes[itemIndex];
  if (cached) return cached;
  var values = itemValues(state, itemIndex);
  var args = state.sharedArgs.slice();
  for (var i = 0; i < ITEM_NAMES.length; i++) args[i] = values[ITEM_NAMES[i]];
  state.scopes[itemIndex] = args;
  return args;
}

/** The variables of one item as an object (the Code node's scope). */
function scopeFor(state, itemIndex) {
  var args = argsFor(state, itemIndex);
  var scope = {};
  for (var i = 0; i < state.names.length; i++) scope[state.names[i]] = args[i];
  return scope;
}
`;
