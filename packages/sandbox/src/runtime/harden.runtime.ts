/**
 * In-isolate source: hardens the realm once, after the libraries are loaded and before any user code runs.
 * Every intrinsic, prototype and library object reachable from the global object (plus the hidden
 * intrinsics such as iterator prototypes) is frozen, and so is the global object itself, so one
 * evaluation cannot leave state behind for the next one. Assigning to an inherited `toString`, `name`,
 * `message`... on an ordinary object still works (the "override mistake" is tamed with accessors), so
 * `class MyError extends Error { constructor() { this.name = 'MyError' } }` keeps working.
 *
 * Runs inside the runtime closure; it relies on `luxon` and `jmespath` being in scope there.
 */
export const hardenRuntimeSource = `
function tameOverride(proto, name) {
  var desc = Object.getOwnPropertyDescriptor(proto, name);
  if (!desc || !('value' in desc)) return;
  var original = desc.value;
  Object.defineProperty(proto, name, {
    configurable: false,
    enumerable: desc.enumerable,
    get: function () { return original; },
    set: function (value) {
      if (this === proto) throw new TypeError('Cannot assign to read only property ' + name);
      Object.defineProperty(this, name, { value: value, writable: true, enumerable: true, configurable: true });
    },
  });
}

function deepFreeze(root, seen) {
  var stack = [root];
  while (stack.length > 0) {
    var value = stack.pop();
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) continue;
    seen.add(value);
    try { Object.freeze(value); } catch (ignored) { /* typed arrays with elements cannot be frozen */ }
    stack.push(Object.getPrototypeOf(value));
    var keys = Reflect.ownKeys(value);
    for (var i = 0; i < keys.length; i++) {
      var desc = Object.getOwnPropertyDescriptor(value, keys[i]);
      if (!desc) continue;
      if ('value' in desc) stack.push(desc.value);
      else { stack.push(desc.get); stack.push(desc.set); }
    }
  }
}

/** Freezes the prototype chains of the objects reachable (a few levels deep) from library sample values. */
function freezePrototypesOf(samples, seen) {
  var queue = samples.map(function (sample) { return [sample, 0]; });
  var visited = new Set();
  while (queue.length > 0) {
    var entry = queue.pop();
    var value = entry[0];
    if (value === null || typeof value !== 'object' || visited.has(value)) continue;
    visited.add(value);
    deepFreeze(Object.getPrototypeOf(value), seen);
    if (entry[1] >= 3) continue;
    var keys = Object.keys(value);
    for (var i = 0; i < keys.length; i++) queue.push([value[keys[i]], entry[1] + 1]);
  }
}

function hiddenIntrinsics() {
  var gen = function* () {};
  var agen = async function* () {};
  var list = [
    Object.getPrototypeOf(gen), Object.getPrototypeOf(agen), Object.getPrototypeOf(async function () {}),
    gen(), agen(), [][Symbol.iterator](), new Map().entries(), new Set().values(), ''[Symbol.iterator](),
    /x/g[Symbol.matchAll](''), Object.getPrototypeOf(Int8Array),
  ];
  if (typeof Intl.Segmenter === 'function') {
    var segments = new Intl.Segmenter().segment('a');
    list.push(segments, segments[Symbol.iterator]());
  }
  return list;
}

function luxonSamples() {
  var dt = luxon.DateTime.fromMillis(0, { zone: 'UTC' });
  var invalid = luxon.DateTime.invalid('sample');
  return [
    dt, dt.loc, dt.loc.dtFormatter(dt), dt.loc.numberFormatter(), dt.loc.relFormatter(), invalid,
    invalid.invalid, luxon.Duration.fromMillis(1), luxon.Interval.fromDateTimes(dt, dt.plus({ days: 1 })),
    luxon.Interval.invalid('sample'), luxon.FixedOffsetZone.utcInstance, luxon.SystemZone.instance,
  ];
}

function hardenRealm() {
  var seen = new WeakSet();
  // Not needed by workflows; removed so nothing can block the isolate thread or allocate outside the heap limit.
  delete globalThis.SharedArrayBuffer;
  delete globalThis.Atomics;
  delete globalThis.WebAssembly;
  ['constructor', 'toString', 'valueOf', 'toLocaleString'].forEach(function (name) {
    tameOverride(Object.prototype, name);
  });
  [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError].forEach(
    function (ctor) {
      ['name', 'message', 'constructor', 'toString'].forEach(function (name) { tameOverride(ctor.prototype, name); });
    },
  );
  tameOverride(Function.prototype, 'toString');
  tameOverride(Array.prototype, 'toString');
  Object.freeze(luxon.FixedOffsetZone.utcInstance);
  Object.freeze(luxon.SystemZone.instance);
  freezePrototypesOf(luxonSamples(), seen);
  hiddenIntrinsics().forEach(function (value) { deepFreeze(value, seen); });
  deepFreeze(luxon, seen);
  deepFreeze(jmespath, seen);
  deepFreeze(globalThis, seen);
}
`;
