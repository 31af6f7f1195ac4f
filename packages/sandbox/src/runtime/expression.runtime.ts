/**
 * In-isolate source: evaluates a batch of template programs. Each program is compiled once (cached by
 * source in a bounded map), then run for every job with that item's scope. A throw fails only its job.
 * User code is compiled as a strict function whose parameters are the proxy variables, in the global
 * scope of the isolate: it cannot see this runtime's closure.
 */
export const expressionRuntimeSource = String.raw`
var EXPRESSION_CACHE_MAX = 500;
var expressionCache = new Map();

function compileProgram(program, names) {
  var parts = program.parts.filter(function (part) { return !(typeof part.text === 'string' && part.text === ''); });
  var codes = [];
  parts.forEach(function (part) { if (typeof part.code === 'string') codes.push(part.code); });
  var compiled = { parts: parts, raw: parts.length === 1 && codes.length === 1, fn: null, syntax: null };
  if (codes.length === 0) return compiled;
  var key = names.join(',') + '\u0001' + codes.join('\u0002');
  var cached = expressionCache.get(key);
  if (cached) { compiled.fn = cached; return compiled; }
  var body = '"use strict";\nreturn [' + codes.map(function (code) { return '(' + code + '\n)'; }).join(',\n') +
    '];\n//# sourceURL=expression.js';
  try {
    compiled.fn = Function.apply(null, names.concat([body]));
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

function evaluateJob(state, compiledPrograms, job) {
  var compiled = compiledPrograms[job[0]];
  if (!compiled) return failureText('EXPR_ERROR', { name: 'Error', message: 'Unknown program ' + job[0] }, {});
  if (compiled.syntax) return failureText('EXPR_SYNTAX', compiled.syntax, {});
  try {
    var values = [];
    if (compiled.fn) {
      values = compiled.fn.apply(undefined, argsFor(state, job[1]));
    }
    return valueText(compiled.raw ? values[0] : renderTemplate(compiled.parts, values));
  } catch (error) {
    return failureText('EXPR_ERROR', describeError(error), {});
  }
}

function runExpressions(payloadText) {
  var payload = JSON.parse(payloadText);
  var state = createCallState(payload.data);
  var compiledPrograms = payload.programs.map(function (program) { return compileProgram(program, state.names); });
  var out = new Array(payload.jobs.length);
  for (var j = 0; j < payload.jobs.length; j++) out[j] = evaluateJob(state, compiledPrograms, payload.jobs[j]);
  return '[' + out.join(',') + ']';
}
`;
