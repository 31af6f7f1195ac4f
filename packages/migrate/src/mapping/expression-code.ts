import { parseTemplate } from '@klikkflow/engine';
import { isExpression } from '@klikkflow/plugin-sdk';

/**
 * JavaScript code that evaluates, inside an expression, to what `value` gives as a parameter value: plain
 * values as JSON literals, `={{ x }}` as `(x)`, and a template mixing text and `{{ }}` as a string
 * concatenation.
 */
export function parameterValueCode(value: unknown): string {
  if (!isExpression(value)) return JSON.stringify(value) ?? 'undefined';
  const { parts } = parseTemplate(value);
  const code = parts.map((part) => ('code' in part ? `(${part.code.trim()})` : JSON.stringify(part.text)));
  const [first] = code;
  if (first === undefined) return '""';
  if (code.length === 1) return first;
  // A leading empty string makes `+` concatenate when the template starts with two code parts.
  return (parts[0] && 'code' in parts[0] ? ['""', ...code] : code).join(' + ');
}

/**
 * An expression (`={{ { "a": ..., "b": ... } }}`) that evaluates to an object whose fields hold what the
 * given parameter values give, for places where n8n wants one expression instead of an object of them.
 */
export function objectExpression(fields: Record<string, unknown>): string {
  const entries = Object.entries(fields).map(
    ([key, value]) => `${JSON.stringify(key)}: ${parameterValueCode(value)}`,
  );
  return `={{ { ${entries.join(', ')} } }}`;
}
