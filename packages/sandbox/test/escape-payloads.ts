/**
 * Escape corpus (S1/S3): each payload is a JavaScript expression that, if it ever reached the host,
 * would evaluate to the host canary (`process.env.KLIKK_CANARY`), the host sentinel global, or the
 * text 'ESCAPED'. Run both as a `{{ }}` expression and inside a Code node body.
 */
export interface EscapePayload {
  name: string;
  source: string;
}

/** Fetches the canary from whatever `p` is, if it looks like Node's `process`. */
const leak = (p: string) => `((p) => (p && p.env ? p.env.KLIKK_CANARY : 'contained: ' + typeof p))(${p})`;

export const escapePayloads: EscapePayload[] = [
  // Constructor chains
  { name: 'this.constructor.constructor', source: leak(`this.constructor.constructor('return process')()`) },
  {
    name: '$json.constructor.constructor',
    source: leak(`$json.constructor.constructor('return process')()`),
  },
  {
    name: 'object literal → Function → this',
    source: `({}).constructor.constructor('return this')().__KLIKK_HOST_SENTINEL__`,
  },
  { name: '[].map.constructor', source: leak(`[].map.constructor('return globalThis.process')()`) },
  {
    name: '$input.all().constructor',
    source: leak(`$input.all().constructor.constructor('return process')()`),
  },
  { name: '$execution.constructor', source: leak(`$execution.constructor.constructor('return process')()`) },
  { name: 'DateTime.constructor', source: leak(`DateTime.constructor('return process')()`) },
  { name: '$jmespath.constructor', source: leak(`$jmespath.constructor('return process')()`) },
  {
    name: 'Intl.DateTimeFormat.constructor',
    source: leak(`Intl.DateTimeFormat.constructor('return process')()`),
  },
  {
    name: 'AsyncFunction constructor',
    source: `(async function () {}).constructor('return process')().then((p) => p.env.KLIKK_CANARY)`,
  },
  {
    name: 'GeneratorFunction constructor',
    source: leak(`(function* () {}).constructor('yield process')().next().value`),
  },
  // Template literal tricks and computed keys
  {
    name: 'template literal',
    source: '`${' + leak(`this.constructor.constructor('return process')()`) + '}`',
  },
  { name: 'tagged template', source: leak('Function`return process```') },
  {
    name: "computed 'cons'+'tructor'",
    source: leak(`$json['cons' + 'tructor']['cons' + 'tructor']('return process')()`),
  },
  {
    name: 'array join key',
    source: leak(`$json[['con', 'structor'].join('')][['con', 'structor'].join('')]('return process')()`),
  },
  {
    name: 'unicode escape in string',
    source: leak(`$json['\\u0063onstructor']['\\u0063onstructor']('return process')()`),
  },
  {
    name: 'unicode escape in identifier',
    source: leak(`$json.\\u0063onstructor.\\u0063onstructor('return process')()`),
  },
  {
    name: 'hex escape in string',
    source: leak(`$json['\\x63onstructor']['\\x63onstructor']('return process')()`),
  },
  // Proxy / Reflect
  { name: 'Reflect.construct(Function)', source: leak(`Reflect.construct(Function, ['return process'])()`) },
  { name: 'Reflect.get(globalThis)', source: leak(`Reflect.get(globalThis, 'process')`) },
  {
    name: 'Proxy apply trap',
    source: leak(`new Proxy(function () {}, { apply: (t, self, args) => Function('return process')() })()`),
  },
  {
    name: 'Proxy get trap on prototype',
    source: `(() => { Object.setPrototypeOf($json, new Proxy({}, { get: (t, k) => Function('return process')() })); return $json.anything.env.KLIKK_CANARY; })()`,
  },
  // Error machinery
  {
    name: 'Error.prepareStackTrace',
    source: `(() => { Error.prepareStackTrace = (e, frames) => frames.map((f) => f.getThis()); const s = new Error().stack; return typeof s === 'string' ? 'contained' : String(s.find((t) => t && t.process) && 'ESCAPED'); })()`,
  },
  {
    name: 'Error.captureStackTrace',
    source: `(() => { const o = {}; Error.captureStackTrace(o); return /KLIKK_CANARY|node:internal/.test(o.stack) ? 'ESCAPED' : 'contained'; })()`,
  },
  {
    name: 'stack trace file names',
    source: `(() => { try { null.x } catch (e) { return /node_modules|node:internal|\\/work\\//.test(e.stack) ? 'ESCAPED' : 'contained'; } })()`,
  },
  {
    name: 'Error.stackTraceLimit',
    source: `(() => { Error.stackTraceLimit = Infinity; return 'contained'; })()`,
  },
  // Promises
  {
    name: 'Promise species',
    source: `(() => { class P extends Promise { static get [Symbol.species]() { return function (r) { r(() => Function('return process')(), () => {}); }; } } return P.resolve(1).then(() => 1) ? 'contained' : 'x'; })()`,
  },
  {
    name: 'thenable',
    source: `Promise.resolve({ then(resolve) { resolve(Function('return process')().env.KLIKK_CANARY); } })`,
  },
  {
    name: 'Promise.prototype.then hijack',
    source: `(() => { Promise.prototype.then = function () { return 'ESCAPED'; }; return 'contained'; })()`,
  },
  // Async generators
  {
    name: 'async generator',
    source: `(async function* () { yield Function('return process')().env.KLIKK_CANARY; })().next()`,
  },
  {
    name: 'async generator prototype',
    source: `(() => { Object.getPrototypeOf(async function* () {}).prototype.next = () => 'ESCAPED'; return 'contained'; })()`,
  },
  // __proto__ and legacy accessors
  { name: '__proto__ chain', source: leak(`$json.__proto__.constructor.constructor('return process')()`) },
  {
    name: '__proto__ pollution',
    source: `(() => { $json.__proto__.polluted = 'ESCAPED'; return ({}).polluted; })()`,
  },
  {
    name: '__lookupGetter__',
    source: leak(`({}).__lookupGetter__('__proto__').constructor('return process')()`),
  },
  {
    name: '__defineGetter__ on Object.prototype',
    source: `(() => { Object.prototype.__defineGetter__('polluted', () => 'ESCAPED'); return ({}).polluted; })()`,
  },
  {
    name: 'Object.prototype pollution',
    source: `(() => { Object.prototype.polluted = 'ESCAPED'; return ({}).polluted; })()`,
  },
  {
    name: 'Object.assign pollution',
    source: `(() => { Object.assign(Object.prototype, { polluted: 'ESCAPED' }); return ({}).polluted; })()`,
  },
  {
    name: 'Array.prototype defineProperty',
    source: `(() => { Object.defineProperty(Array.prototype, 'polluted', { value: 'ESCAPED' }); return [].polluted; })()`,
  },
  {
    name: 'setPrototypeOf Object.prototype',
    source: `(() => { Object.setPrototypeOf(Object.prototype, { polluted: 'ESCAPED' }); return ({}).polluted; })()`,
  },
  { name: 'JSON __proto__ key', source: `JSON.parse('{"__proto__": {"polluted": "ESCAPED"}}').polluted` },
  // Module system and host globals
  {
    name: 'dynamic import()',
    source: `import('child_process').then((m) => m.execSync('echo ESCAPED').toString())`,
  },
  { name: 'require', source: `require('fs').readFileSync('/etc/hostname', 'utf8') && 'ESCAPED'` },
  { name: 'process', source: `process.env.KLIKK_CANARY` },
  { name: 'globalThis.process', source: leak(`globalThis.process`) },
  {
    name: 'module / Buffer / global',
    source: `[typeof module, typeof Buffer, typeof global, typeof setTimeout].some((t) => t !== 'undefined') ? 'ESCAPED' : 'contained'`,
  },
  {
    name: 'globalThis enumeration',
    source: `Object.getOwnPropertyNames(globalThis).some((n) => /^(process|require|module|Buffer|global|__KLIKK_HOST_SENTINEL__|_ivm|ivm)$/.test(n)) ? 'ESCAPED' : 'contained'`,
  },
  { name: 'indirect eval', source: leak(`(0, eval)('process')`) },
  { name: 'eval this', source: `(0, eval)('this').__KLIKK_HOST_SENTINEL__` },
  // Function.prototype tricks
  {
    name: 'Function.prototype.call.call',
    source: leak(`Function.prototype.call.call(this.constructor.constructor, null, 'return process')()`),
  },
  {
    name: 'bind/apply chain',
    source: leak(`Function.prototype.bind.apply(Function, [null, 'return process'])()()`),
  },
  {
    name: 'arguments.callee.caller',
    source: `(function () { const c = arguments.callee.caller; return c ? ${leak(`c.constructor('return process')()`)} : 'contained'; })()`,
  },
  {
    name: 'sloppy this',
    source: `(function () { return this && this.process ? this.process.env.KLIKK_CANARY : 'contained'; }).call()`,
  },
  // Shared memory / WASM
  {
    name: 'WebAssembly',
    source: `typeof WebAssembly === 'undefined' ? 'contained' : ${leak(`WebAssembly.Module.constructor('return process')()`)}`,
  },
  {
    name: 'SharedArrayBuffer + Atomics.wait',
    source: `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000)`,
  },
  // Symbols and conversion hooks
  {
    name: 'Symbol.toPrimitive',
    source: `({ [Symbol.toPrimitive]() { return Function('return process')().env.KLIKK_CANARY; } }) + ''`,
  },
  {
    name: 'Symbol.for inspect.custom',
    source: `({ [Symbol.for('nodejs.util.inspect.custom')]: () => Function('return process')().env.KLIKK_CANARY })`,
  },
  {
    name: 'getter on returned object',
    source: `({ get x() { return Function('return process')().env.KLIKK_CANARY; } })`,
  },
  {
    name: 'toJSON on returned object',
    source: `({ toJSON() { return Function('return process')().env.KLIKK_CANARY; } })`,
  },
  {
    name: 'valueOf on returned object',
    source: `({ valueOf() { return Function('return process')().env.KLIKK_CANARY; } })`,
  },
  {
    name: 'returned Proxy',
    source: `new Proxy({}, { ownKeys: () => { throw Function('return process')(); } })`,
  },
  {
    name: 'thrown getter object',
    source: `(() => { throw { get message() { return Function('return process')().env.KLIKK_CANARY; } }; })()`,
  },
  // Resource exhaustion
  { name: 'huge string', source: `'x'.repeat(2 ** 29) + 'x'.repeat(2 ** 29)` },
  { name: 'string doubling', source: `(() => { let s = 'x'; for (;;) s += s; })()` },
  { name: 'infinite loop', source: `(() => { while (true) {} })()` },
  { name: 'infinite recursion', source: `(function f() { return f(); })()` },
  { name: 'ReDoS', source: `/^(a+)+$/.test('a'.repeat(40) + '!')` },
  {
    name: 'growing array',
    source: `(() => { const a = []; for (;;) a.push(new Array(1e5).fill(Math.random())); })()`,
  },
  // Not here: ONE allocation far beyond the heap limit (`new Array(2 ** 26).fill(0)`). V8 cannot unwind
  // from it; isolated-vm reports a catastrophic error (see README, "Known limits").
];
