import { asText } from '../shared/as-text.js';
import type { ServiceAuthStep } from './service-credential-spec.js';

const PLACEHOLDER = /\{(\w+)\}/g;

/** The template with each `{field}` replaced by the credential's value of it. */
export function renderTemplate(template: string, data: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (_, field: string) => asText(data[field]));
}

function templatesOf(step: ServiceAuthStep): string[] {
  if ('basic' in step) return [step.basic.user, step.basic.password];
  return 'header' in step ? [step.header, step.value] : [step.query, step.value];
}

/** Whether a step applies to this credential data (its `when`/`unless` flags, its optional fields). */
export function stepApplies(step: ServiceAuthStep, data: Record<string, unknown>): boolean {
  if (step.when !== undefined && data[step.when] !== true) return false;
  if (step.unless !== undefined && data[step.unless] === true) return false;
  if (!step.optional) return true;
  const fields = templatesOf(step).flatMap((template) => [...template.matchAll(PLACEHOLDER)]);
  return fields.every(([, field]) => asText(data[field as string]) !== '');
}

/**
 * The secret texts the steps build from several fields: Basic auth's `user:password`, and header or query
 * values that join two or more fields (`token {apiKey}:{apiSecret}`). A value made of one field is that
 * field's secret already.
 */
export function combinedSecrets(steps: readonly ServiceAuthStep[], data: Record<string, unknown>): string[] {
  const secrets: string[] = [];
  for (const step of steps) {
    if (!stepApplies(step, data)) continue;
    if ('basic' in step) {
      secrets.push(`${renderTemplate(step.basic.user, data)}:${renderTemplate(step.basic.password, data)}`);
    } else if ([...step.value.matchAll(PLACEHOLDER)].length >= 2) {
      secrets.push(renderTemplate(step.value, data));
    }
  }
  return secrets;
}
