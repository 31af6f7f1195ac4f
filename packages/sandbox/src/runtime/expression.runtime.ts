/**
 * In-isolate source: evaluates a batch of template programs. Each program is compiled once (cached by
 * source in a bounded map), then run for every job with that item's scope. A throw fails only its job.
 * User code is compiled as a strict function whose parameters are the proxy variables, in the global
 * scope of the isolate: it cannot see this runtime's closure. Calls of n8n extension methods are rewritten
 * first (extension-rewrite.runtime.ts); the dispatcher they call is one more parameter.
 */
export const expressionRuntimeSource = String.raw`
var EXPRESSION_CACHE_MAX = 500;
var expressionCache = new Map();

/**
 * The variables the code mentions (a token scan: a mention inside a string only costs an unused argument).
 * A name the code does not mention cannot be reached by it, so it is neither built nor passed.
 */
function namesUsed(names, codes) {
  var source = codes.join('\n');
  return names.filter(function (name) {
    var at = source.indexOf(name);
    while (at >= 0) {
      var before = at === 0 ? '' : source.charAt(at - 1);
      var after = source.charAt(at + name.length);
      if (!/[A-Za-z0-9_$]/.test(before) && !/[A-Za-z0-9_$]/.test(after)) return true;
      at = source.indexOf(name, at + 1);
    }
    return false;
  });
}

function compileProgram(program, names) {
  var parts = program.parts.filter(function (part) { return !(typeof part.text === 'string' && part.text === ''); });
  var codes = [];
  parts.forEach(function (part) { if (typeof part.code === 'string') codes.push(part.code); });
  var compiled = { parts: parts, raw: parts.length === 1 && codes.length === 1, fn: null, syntax: null, names: [] };
  if (codes.length === 0) return compiled;
  compiled.names = namesUsed(names, codes);
  // n8n extension methods ('.isEmpty()', '.toDateTime()'...) are calls through a per-call dispatcher.
  var extended = codes.some(mayCallExtension);
  if (extended) compiled.names = compiled.names.concat([EXTENSION_DISPATCHER_NAME]);
  var key = (compiled.raw ? 'raw' : 'template') + '\u0001' + compiled.names.join(',') + '\u0001' + codes.join('\u0002');
  var cached = expressionCache.get(key);
  if (cached) { compiled.fn = cached; return compiled; }
  var sources = extended ? codes.map(rewriteExtensionCalls) : codes;
  // A lone {{ }} returns its value as is; a template returns the list of its code parts' values.
  var returned = compiled.raw ? '(' + sources[0] + '\n)' : '[' + sources.map(function (code) { return '(' + code + '\n)'; }).join(',\n') + ']';
  var body = '"use strict";\nreturn ' + returned + ';\n//# sourceURL=expression.js';
  try {
    compiled.fn = Function.apply(null, compiled.names.concat([body]));
  } catch (error) {
    compiled.syntax = describeError(error);
    return compiled;
  }
  if (expressionCache.size >= EXPRESSION_CACHE_MAX) expressionCache.clear();
  expressionCache.set(key, compiled.fn);
  return compiled;
}

/** n8n mixed-text semantics: undefined and null become '', anything else String(value). */
function renderTemplate(parts, values) {
  var out = '';
  var next = 0;
  for (var i = 0; i < parts.length; i++) {
    if (typeof parts[i].code !== 'string') { out += parts[i].text; continue; }
    var value = values[next++];
    out += value === undefined || value === null ? '' : String(value);
  }
  return out;
}

/** Evaluates one job; returns its value, or throws what the user code threw. */
function evaluateJob(state, compiled, itemIndex) {
  if (!compiled.fn) return renderTemplate(compiled.parts, []);
  var result = compiled.fn.apply(undefined, argsFor(state, compiled.names, itemIndex));
  return compiled.raw ? result : renderTemplate(compiled.parts, result);
}

/**
 * Runs a batch. Jobs arrive as runs [programIndex, firstItem, count]. The answer is one JSON document:
 * v = values in job order (null where a job failed or has no JSON value), u = jobs whose value is undefined,
 * f = failures by job index. Each value is serialised as soon as its job ends, so a later job cannot change
 * it, and a value that cannot be serialised (a cycle, a BigInt, a throwing toJSON) fails only its job.
 */
function runExpressions(payloadText) {
  var payload = JSON.parse(payloadText);
  var state = createCallState(payload.data);
  var compiledPrograms = payload.programs.map(function (program) { return compileProgram(program, state.names); });
  var texts = [];
  var undefinedJobs = [];
  var failures = {};
  var job = 0;
  for (var r = 0; r < payload.runs.length; r++) {
    var run = payload.runs[r];
    var compiled = compiledPrograms[run[0]];
    for (var itemIndex = run[1]; itemIndex < run[1] + run[2]; itemIndex++, job++) {
      texts.push('null');
      if (!compiled) { failures[job] = failure('EXPR_ERROR', { name: 'Error', message: 'Unknown program ' + run[0] }); continue; }
      if (compiled.syntax) { failures[job] = failure('EXPR_SYNTAX', compiled.syntax); continue; }
      try {
        var value = evaluateJob(state, compiled, itemIndex);
        var text = value === undefined || typeof value === 'function' || typeof value === 'symbol' ? undefined : JSON.stringify(value);
        if (text === undefined) undefinedJobs.push(job);
        else texts[job] = text;
      } catch (error) {
        failures[job] = failure('EXPR_ERROR', describeError(error));
      }
    }
  }
  return '{"v":[' + texts.join(',') + '],"u":' + JSON.stringify(undefinedJobs) + ',"f":' + JSON.stringify(failures) + '}';
}

function failure(code, description) {
  return { code: code, name: description.name, message: description.message };
}
`;
