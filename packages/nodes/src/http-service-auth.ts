import { renderTemplate, stepApplies } from './credentials/service-auth-steps.js';
import type { ServiceCredential } from './credentials/service-credential-spec.js';
import type { AuthAdditions } from './http-request-encoding.js';
import { asText } from './shared/as-text.js';

/** The `Authorization` value of HTTP Basic auth. */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
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
    if (!stepApplies(step, data)) continue;
    if ('basic' in step) {
      const header = basicAuthorization(
        renderTemplate(step.basic.user, data),
        renderTemplate(step.basic.password, data),
      );
      additions.headers.Authorization = header;
      secrets.push(header.slice('Basic '.length));
    } else if ('header' in step) {
      const target = step.isDefault ? additions.defaultHeaders : additions.headers;
      target[renderTemplate(step.header, data)] = renderTemplate(step.value, data);
    } else {
      additions.query[renderTemplate(step.query, data)] = renderTemplate(step.value, data);
    }
  }
  return { additions, secrets };
}
