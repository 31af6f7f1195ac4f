import type { ServiceAuthStep, ServiceCredential } from './credentials/service-credential-spec.js';
import type { AuthAdditions } from './http-request-encoding.js';
import { asText } from './http-request-spec.js';

const PLACEHOLDER = /\{(\w+)\}/g;

/** The `Authorization` value of HTTP Basic auth. */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** The template with each `{field}` replaced by the credential's value of it. */
function render(template: string, data: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (_, field: string) => asText(data[field]));
}

function templatesOf(step: ServiceAuthStep): string[] {
  if ('basic' in step) return [step.basic.user, step.basic.password];
  return 'header' in step ? [step.header, step.value] : [step.query, step.value];
}

function applies(step: ServiceAuthStep, data: Record<string, unknown>): boolean {
  if (step.when !== undefined && data[step.when] !== true) return false;
  if (step.unless !== undefined && data[step.unless] === true) return false;
  if (!step.optional) return true;
  const fields = templatesOf(step).flatMap((template) => [...template.matchAll(PLACEHOLDER)]);
  return fields.every(([, field]) => asText(data[field as string]) !== '');
}

/**
 * What a service credential adds to requests (headers, default headers, query parameters) and the secrets
 * to scrub from errors: the values of its secret fields and the Basic auth tokens built from them.
 */
export function serviceAuthentication(
  credential: ServiceCredential,
  data: Record<string, unknown>,
): { additions: AuthAdditions; secrets: string[] } {
  const additions: Required<AuthAdditions> = { headers: {}, defaultHeaders: {}, query: {} };
  const secrets = credential.definition.properties
    .filter((property) => property.typeOptions?.password === true)
    .map((property) => asText(data[property.name]));
  for (const step of credential.authenticate) {
    if (!applies(step, data)) continue;
    if ('basic' in step) {
      const header = basicAuthorization(render(step.basic.user, data), render(step.basic.password, data));
      additions.headers.Authorization = header;
      secrets.push(header.slice('Basic '.length));
    } else if ('header' in step) {
      const target = step.isDefault ? additions.defaultHeaders : additions.headers;
      target[render(step.header, data)] = render(step.value, data);
    } else {
      additions.query[render(step.query, data)] = render(step.value, data);
    }
  }
  return { additions, secrets };
}
