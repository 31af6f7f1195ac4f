/**
 * In-isolate source: rewrites n8n extension method calls in expression code, once per compiled program.
 * `recv.isEmpty(a)` becomes `__ext__.call(recv, "isEmpty")(a)` and `recv?.isEmpty(a)` becomes
 * `__ext__.optional(recv, "isEmpty")?.(a)`, for method names in the extension set only; the dispatcher
 * (extension-dispatch.runtime.ts) calls the receiver's own method when it has one. An optional step
 * earlier in the chain ('a?.b.isEmpty()') keeps skipping the rest of the chain through a guard. Nothing
 * is added to any prototype, so data fields named `keys` or `first` and assignments like
 * `obj.values = 1` are untouched.
 *
 * A tokenizer (strings, template literals with their `${ }` code, comments, regular expression literals)
 * finds `.name(` call sites outside literal text; the receiver is found by walking back over its member
 * chain (`a.b[0](x)?.c`), which ends at an operator, a keyword or an unmatched bracket. Code it cannot
 * tokenize or whose brackets do not balance is returned as is, so the compiler reports its syntax error.
 *
 * Relies on EXTENSION_NAMES (a Set) from the dispatcher source.
 */
export const extensionRewriteRuntimeSource = String.raw`
var EXTENSION_DISPATCHER_NAME = '__ext__';
/** The parameter of a guard's arrow function (see emitGuarded); named so user code will not shadow it. */
var GUARD_VARIABLE = '__ext_value__';
var IDENTIFIER_START = /[\p{ID_Start}$_\\]/u;
var IDENTIFIER_PART = /[\p{ID_Continue}$\u200c\u200d\\]/u;
var NUMBER_TOKEN = /(?:0[xXoObB][\da-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)n?/y;
var PUNCTUATORS = ['>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=', '=>', '==', '!=',
  '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>'];
/** Words after which an expression starts: a '(' or '[' after them opens a primary, a '/' a regex. */
var OPERATOR_WORDS = new Set(['typeof', 'void', 'delete', 'await', 'new', 'in', 'instanceof', 'of', 'return',
  'yield', 'case', 'throw', 'else', 'do']);
var OPENERS = { '(': ')', '[': ']', '{': '}' };

/** A cheap test of whether code may call an extension; the full scan runs only when it does. */
function mayCallExtension(code) {
  var pattern = /[.]\s*([\p{ID_Start}$_][\p{ID_Continue}$]*)\s*(?:\?\.\s*)?\(/gu;
  for (var match = pattern.exec(code); match; match = pattern.exec(code)) {
    if (EXTENSION_NAMES.has(match[1])) return true;
  }
  return false;
}

/** Rewrites the extension calls in one piece of code (see above); returns the code unchanged if it has none. */
function rewriteExtensionCalls(code) {
  var tokens = tokenizeCode(code);
  if (!tokens || tokens.length === 0) return code;
  var openerOf = matchBrackets(tokens);
  if (!openerOf) return code;
  var closerOf = new Array(tokens.length);
  // A template's middles and tail all point to its head; the tail, the last of them, ends it.
  openerOf.forEach(function (opener, closer) { closerOf[opener] = closer; });
  var sites = findExtensionSites(tokens, openerOf, closerOf);
  if (sites.length === 0) return code;
  var last = tokens.length - 1;
  var emitter = { code: code, tokens: tokens, closerOf: closerOf, sitesAt: sitesByStart(sites) };
  return code.slice(0, tokens[0].start) + emitRange(emitter, 0, last) + code.slice(tokens[last].end);
}

function sitesByStart(sites) {
  var byStart = new Map();
  sites.forEach(function (site) {
    var known = byStart.get(site.start);
    if (known) known.push(site);
    else byStart.set(site.start, [site]);
  });
  return byStart;
}

/** The source of tokens from..to with the extension calls in it rewritten. */
function emitRange(emitter, from, to) {
  var code = emitter.code;
  var tokens = emitter.tokens;
  var out = '';
  var copied = tokens[from].start;
  var index = from;
  while (index <= to) {
    var site = outermostSite(emitter.sitesAt.get(index), to);
    if (site) {
      var emitted = site.optionalStep < 0 ? emitCall(emitter, site) : emitGuarded(emitter, site, to);
      out += code.slice(copied, tokens[index].start) + emitted.text;
      copied = tokens[emitted.end].end;
      index = emitted.end + 1;
    } else if (emitter.guard && emitter.guard.token === index) {
      // The optional step a guard starts at reads the guarded value: 'a?.b' continues as 'v.b'.
      var next = tokens[index + 1];
      out += code.slice(copied, tokens[index].start) + GUARD_VARIABLE + (next && next.type === 'name' ? '.' : '');
      copied = tokens[index].end;
      index++;
    } else {
      index++;
    }
  }
  return out + code.slice(copied, tokens[to].end);
}

/** Of the calls starting at one token, the one spanning the most tokens within 'limit'. */
function outermostSite(candidates, limit) {
  var best = null;
  if (!candidates) return best;
  candidates.forEach(function (site) {
    if (site.close <= limit && (!best || site.close > best.close)) best = site;
  });
  return best;
}

function emitCall(emitter, site) {
  var receiver = site.start === site.dot ? GUARD_VARIABLE : emitRange(emitter, site.start, site.dot - 1);
  var args = site.close === site.open + 1 ? '' : emitRange(emitter, site.open + 1, site.close - 1);
  var text = site.optional
    ? EXTENSION_DISPATCHER_NAME + '.optional(' + receiver + ', "' + site.name + '")?.(' + args + ')'
    : EXTENSION_DISPATCHER_NAME + '.call(' + receiver + ', "' + site.name + '")(' + args + ')';
  return { text: text, end: site.close };
}

/**
 * A call whose receiver chain has an optional step ('a?.b.isEmpty().c'): when 'a' is nullish JavaScript
 * skips the rest of the chain, so the rest runs in a guard: '__ext__.guard(a, (v) => call(v.b...).c)'.
 */
function emitGuarded(emitter, site, limit) {
  var step = site.optionalStep;
  var end = chainEnd(emitter, site.close, limit);
  // Calls of this chain that read past the optional step now start at the guarded value.
  var rerooted = new Map(emitter.sitesAt);
  var moved = emitter.sitesAt.get(site.start).filter(function (other) { return other.dot >= step; })
    .map(function (other) { return Object.assign({}, other, { start: step, optionalStep: -1 }); });
  rerooted.set(step, (rerooted.get(step) || []).concat(moved));
  var inner = Object.assign({}, emitter, { sitesAt: rerooted, guard: { token: step } });
  var guarded = emitRange(emitter, site.start, step - 1);
  var rest = emitRange(inner, step, end);
  var text = EXTENSION_DISPATCHER_NAME + '.guard(' + guarded + ', (' + GUARD_VARIABLE + ') => ' + rest + ')';
  return { text: text, end: end };
}

/** The last token of the member chain that goes on after token 'from' (calls, members, indexes, tags). */
function chainEnd(emitter, from, limit) {
  var tokens = emitter.tokens;
  var end = from;
  for (;;) {
    var next = tokens[end + 1];
    var after = tokens[end + 2];
    var target = -1;
    if (isPunct(next, '.') && after && after.type === 'name') target = end + 2;
    else if (isPunct(next, '?.') && after && after.type === 'name') target = end + 2;
    else if (isPunct(next, '?.') && (isPunct(after, '(') || isPunct(after, '['))) target = emitter.closerOf[end + 2];
    else if (isPunct(next, '(') || isPunct(next, '[')) target = emitter.closerOf[end + 1];
    else if (next && next.type === 'tpl') target = end + 1;
    else if (next && next.type === 'tplHead') target = emitter.closerOf[end + 1];
    if (target === undefined || target < 0 || target > limit) return end;
    end = target;
  }
}

/** Call sites '.name(', '?.name(', '.name?.(' of extension names whose receiver could be delimited. */
function findExtensionSites(tokens, openerOf, closerOf) {
  var sites = [];
  for (var index = 1; index < tokens.length; index++) {
    var token = tokens[index];
    if (token.type !== 'name' || !EXTENSION_NAMES.has(token.value)) continue;
    var dot = tokens[index - 1];
    if (dot.type !== 'punct' || (dot.value !== '.' && dot.value !== '?.')) continue;
    var open = index + 1;
    var optional = dot.value === '?.';
    if (isPunct(tokens[open], '?.')) { optional = true; open++; }
    if (!isPunct(tokens[open], '(')) continue;
    var close = closerOf[open];
    var receiver = receiverStart(tokens, openerOf, index - 2);
    if (!receiver) continue;
    sites.push({
      start: receiver.start, dot: index - 1, name: token.value, open: open, close: close, optional: optional,
      optionalStep: receiver.optionalStep,
    });
  }
  return sites;
}

/**
 * The first token of the member chain that ends at token 'last', and its last optional step ('?.' token
 * index, -1 for none); null when the chain cannot be delimited.
 */
function receiverStart(tokens, openerOf, last) {
  var index = last;
  var sawCall = false;
  var optionalStep = -1;
  var found = function (start) { return start < 0 ? null : { start: start, optionalStep: optionalStep }; };
  var noteOptional = function (at) { if (optionalStep < 0 && isPunct(tokens[at], '?.')) optionalStep = at; };
  for (;;) {
    var token = tokens[index];
    if (!token) return null;
    var value = token.type === 'punct' ? token.value : null;
    if (value === ')' || value === ']') {
      var opener = openerOf[index];
      var callee = calleeEnd(tokens, opener - 1);
      if (callee < 0) return found(startWithNew(tokens, opener, sawCall));
      noteOptional(opener - 1);
      if (value === ')') sawCall = true;
      index = callee;
    } else if (value === '}') {
      // An object literal; a '{' after ')' or '=>' is a function body, which cannot be a receiver.
      var brace = openerOf[index];
      var before = tokens[brace - 1];
      if (before && before.type === 'punct' && (before.value === ')' || before.value === '=>')) return null;
      return found(brace);
    } else if (token.type === 'tpl' || token.type === 'tplTail') {
      var head = token.type === 'tpl' ? index : openerOf[index];
      var tag = calleeEnd(tokens, head - 1);
      if (tag < 0) return found(startWithNew(tokens, head, sawCall));
      index = tag;
    } else if (token.type === 'name' || token.type === 'num' || token.type === 'str' || token.type === 'regex') {
      if (token.type === 'name' && OPERATOR_WORDS.has(token.value)) return null;
      var previous = tokens[index - 1];
      if (previous && previous.type === 'punct' && (previous.value === '.' || previous.value === '?.')) {
        noteOptional(index - 1);
        index -= 2;
        continue;
      }
      return found(startWithNew(tokens, index, sawCall));
    } else {
      return null;
    }
  }
}

/**
 * When the token at 'index' ends an operand, a following '(', '[' or template continues its chain (a call,
 * an index, a tagged template): returns that operand's last token, else -1 (the bracket opens a primary).
 */
function calleeEnd(tokens, index) {
  var token = tokens[index];
  if (!token) return -1;
  if (token.type === 'punct' && token.value === '?.') return endsOperand(tokens[index - 1]) ? index - 1 : -1;
  return endsOperand(token) ? index : -1;
}

function endsOperand(token) {
  if (!token) return false;
  if (token.type === 'punct') return token.value === ')' || token.value === ']';
  if (token.type === 'name') return !OPERATOR_WORDS.has(token.value);
  return token.type !== 'tplHead' && token.type !== 'tplMid';
}

/** 'new X(...).m()' constructs before the call: the chain starts at 'new'. 'new X.m()' is left alone. */
function startWithNew(tokens, start, sawCall) {
  var before = tokens[start - 1];
  if (!before || before.type !== 'name' || before.value !== 'new') return start;
  return sawCall ? start - 1 : -1;
}

function isPunct(token, value) {
  return token !== undefined && token.type === 'punct' && token.value === value;
}

/**
 * For each closing token, the index of its opening token (a template's tail and middles point to its
 * head); null when the brackets do not balance.
 */
function matchBrackets(tokens) {
  var openerOf = new Array(tokens.length);
  var stack = [];
  for (var index = 0; index < tokens.length; index++) {
    var token = tokens[index];
    if (token.type === 'tplHead') { stack.push({ index: index, close: 'tpl', head: index }); continue; }
    if (token.type === 'tplMid' || token.type === 'tplTail') {
      var template = stack.pop();
      if (!template || template.close !== 'tpl') return null;
      openerOf[index] = template.head;
      if (token.type === 'tplMid') stack.push(template);
      continue;
    }
    if (token.type !== 'punct') continue;
    if (Object.hasOwn(OPENERS, token.value)) { stack.push({ index: index, close: OPENERS[token.value] }); continue; }
    if (token.value !== ')' && token.value !== ']' && token.value !== '}') continue;
    var opener = stack.pop();
    if (!opener || opener.close !== token.value) return null;
    openerOf[index] = opener.index;
  }
  return stack.length === 0 ? openerOf : null;
}

/**
 * JavaScript tokens with their source spans: name, num, str, regex, punct, and template pieces (tpl without
 * substitutions; tplHead, tplMid, tplTail around '\${ }' code). Comments and white space are skipped.
 * Returns null for code that does not tokenize (an unterminated literal or comment).
 */
function tokenizeCode(code) {
  var tokens = [];
  var braces = [];
  var index = 0;
  var push = function (type, start, end, value) {
    tokens.push({ type: type, start: start, end: end, value: value });
    return end;
  };
  while (index < code.length) {
    var char = code[index];
    var next = code[index + 1];
    if (/\s/.test(char)) { index++; continue; }
    if (char === '/' && next === '/') {
      var lineEnd = code.slice(index).search(/[\n\r\u2028\u2029]/);
      index = lineEnd < 0 ? code.length : index + lineEnd;
      continue;
    }
    if (char === '/' && next === '*') {
      var commentEnd = code.indexOf('*/', index + 2);
      if (commentEnd < 0) return null;
      index = commentEnd + 2;
      continue;
    }
    var end;
    if (char === '"' || char === "'") {
      end = quotedEnd(code, index);
      if (end < 0) return null;
      index = push('str', index, end, null);
    } else if (char === '\x60') {
      index = templatePiece(code, index + 1, index, true, push, braces);
      if (index < 0) return null;
    } else if (char === '}' && braces[braces.length - 1] === 'tpl') {
      braces.pop();
      index = templatePiece(code, index + 1, index, false, push, braces);
      if (index < 0) return null;
    } else if (char === '/' && regexAllowed(tokens[tokens.length - 1])) {
      end = regexEnd(code, index);
      if (end < 0) return null;
      index = push('regex', index, end, null);
    } else if (IDENTIFIER_START.test(char) || (char === '#' && next !== undefined && IDENTIFIER_START.test(next))) {
      end = index + 1;
      while (end < code.length && IDENTIFIER_PART.test(code[end])) end += code[end] === '\\' ? 2 : 1;
      index = push('name', index, end, code.slice(index, end));
    } else if (/\d/.test(char) || (char === '.' && next !== undefined && /\d/.test(next))) {
      NUMBER_TOKEN.lastIndex = index;
      NUMBER_TOKEN.exec(code);
      index = push('num', index, NUMBER_TOKEN.lastIndex, null);
    } else {
      var value = punctuatorAt(code, index);
      if (value === '{') braces.push('{');
      else if (value === '}') braces.pop();
      index = push('punct', index, index + value.length, value);
    }
  }
  return tokens;
}

function punctuatorAt(code, index) {
  for (var i = 0; i < PUNCTUATORS.length; i++) {
    var candidate = PUNCTUATORS[i];
    if (code.startsWith(candidate, index)) {
      // 'a?.5:1' is a conditional: '?.' before a digit is not optional chaining.
      if (candidate === '?.' && /\d/.test(code[index + 2] || '')) return '?';
      return candidate;
    }
  }
  return code[index];
}

/** Index after the closing quote of the string literal at 'start', or -1. */
function quotedEnd(code, start) {
  var quote = code[start];
  for (var index = start + 1; index < code.length; index++) {
    var char = code[index];
    if (char === '\\') index++;
    else if (char === quote) return index + 1;
    else if (char === '\n' || char === '\r') return -1;
  }
  return -1;
}

/**
 * Scans template text from 'from' (after a backtick or a substitution's '}') to the closing backtick or
 * the next '\${', pushing the piece; returns the index to go on from, or -1 when it is unterminated.
 */
function templatePiece(code, from, start, opensTemplate, push, braces) {
  for (var index = from; index < code.length; index++) {
    var char = code[index];
    if (char === '\\') { index++; continue; }
    if (char === '\x60') return push(opensTemplate ? 'tpl' : 'tplTail', start, index + 1, null);
    if (char === '$' && code[index + 1] === '{') {
      braces.push('tpl');
      return push(opensTemplate ? 'tplHead' : 'tplMid', start, index + 2, null);
    }
  }
  return -1;
}

/** After an operand a '/' divides; anywhere else it starts a regular expression literal. */
function regexAllowed(previous) {
  if (!previous) return true;
  if (previous.type === 'name') return OPERATOR_WORDS.has(previous.value);
  if (previous.type === 'punct') return [')', ']', '}', '++', '--'].indexOf(previous.value) < 0;
  return previous.type === 'tplHead' || previous.type === 'tplMid';
}

/** Index after the regular expression literal at 'start' (flags included), or -1. */
function regexEnd(code, start) {
  var inClass = false;
  for (var index = start + 1; index < code.length; index++) {
    var char = code[index];
    if (char === '\\') index++;
    else if (char === '\n' || char === '\r') return -1;
    else if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) {
      var end = index + 1;
      while (end < code.length && /[a-z]/i.test(code[end])) end++;
      return end;
    }
  }
  return -1;
}
`;
