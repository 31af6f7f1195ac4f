/**
 * In-isolate source: helpers shared by the expression, extension and Code node runtimes (error description,
 * JSON encoding of results, value shapes). Everything leaves the isolate as JSON text.
 */
export const sharedRuntimeSource = `
var MAX_MESSAGE_CHARS = 2000;

function clip(text, max) {
  return text.length > max ? text.slice(0, max) + '...' : text;
}

/** Reads what a throw carried without trusting it: getters and toString may throw too. */
function describeError(error) {
  try {
    if (error !== null && typeof error === 'object' && typeof error.message === 'string') {
      return {
        name: typeof error.name === 'string' ? error.name : 'Error',
        message: clip(error.message, MAX_MESSAGE_CHARS),
        stack: typeof error.stack === 'string' ? error.stack : '',
      };
    }
    return { name: 'Error', message: clip(String(error), MAX_MESSAGE_CHARS), stack: '' };
  } catch (ignored) {
    return { name: 'Error', message: 'A value that cannot be described was thrown', stack: '' };
  }
}

/** An object that is neither null nor an array: what JSON calls an object. */
function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function failureText(code, description, extra) {
  return JSON.stringify(Object.assign({ ok: false, code: code, name: description.name, message: description.message }, extra));
}
`;
