import { type CredentialDefinition, defineCredential } from '@klikkflow/plugin-sdk';
import type { PropertySpec } from '@klikkflow/types';
import { combinedSecrets } from './service-auth-steps.js';

/** When a step of a service credential's authentication applies, besides always. */
interface StepConditions {
  /** Only when this boolean field is true. */
  when?: string;
  /** Only when this boolean field is not true. */
  unless?: string;
  /** Left out when a field it uses is blank: for optional settings such as an organization id. */
  optional?: true;
}

/**
 * One thing a service credential adds to a request. In names and values, `{field}` stands for the
 * credential's value of that field.
 */
export type ServiceAuthStep = StepConditions &
  (
    | {
        header: string;
        value: string;
        /** The request's own header of that name wins: a default the user may pin (an API version). */
        isDefault?: true;
      }
    | { query: string; value: string }
    | { basic: { user: string; password: string } }
  );

/** A predefined (service) credential type: its form, in n8n's field names, and how it authenticates. */
export interface ServiceCredential {
  definition: CredentialDefinition;
  authenticate: readonly ServiceAuthStep[];
}

/** Declares a service credential type from its n8n name, label, fields and authentication steps. */
export function serviceCredential(
  name: string,
  displayName: string,
  description: string,
  properties: PropertySpec[],
  authenticate: ServiceAuthStep[],
): ServiceCredential {
  const derivedSecrets = (data: Record<string, unknown>) => combinedSecrets(authenticate, data);
  return {
    definition: defineCredential({ name, displayName, description, properties, derivedSecrets }),
    authenticate,
  };
}

/** A secret field (required unless said): stored encrypted, never shown, scrubbed from errors. */
export function secretField(
  name: string,
  displayName: string,
  description: string,
  options: { required?: boolean } = {},
): PropertySpec {
  return {
    name,
    displayName,
    type: 'string',
    default: '',
    ...(options.required !== false && { required: true }),
    description,
    typeOptions: { password: true },
  };
}

/** A plain text field (not required unless said). */
export function textField(
  name: string,
  displayName: string,
  description: string,
  options: { default?: string; required?: boolean } = {},
): PropertySpec {
  return {
    name,
    displayName,
    type: 'string',
    default: options.default ?? '',
    ...(options.required && { required: true }),
    description,
  };
}

/** A yes/no field, off by default. */
export function flagField(name: string, displayName: string, description: string): PropertySpec {
  return { name, displayName, type: 'boolean', default: false, description };
}

/**
 * n8n's "Ignore SSL Issues" field: kept so exports import, but KlikkFlow's egress client always verifies
 * certificates.
 */
export const ignoredSslField = flagField(
  'allowUnauthorizedCerts',
  'Ignore SSL Issues (Not Supported)',
  'Accepted for n8n compatibility; certificates are always verified',
);

/** `Authorization: Bearer <field>`. */
export function bearer(field: string): ServiceAuthStep {
  return { header: 'Authorization', value: `Bearer {${field}}` };
}

/** The optional extra header some AI services let a credential add (n8n's `header`, `headerName`, `headerValue`). */
export const customHeaderFields: PropertySpec[] = [
  flagField('header', 'Add Custom Header', 'Send one more header with every request'),
  textField('headerName', 'Header Name', 'Name of the extra header'),
  secretField('headerValue', 'Header Value', 'Value of the extra header', { required: false }),
];

/** Sends the custom header of {@link customHeaderFields} when it is switched on and named. */
export const customHeaderStep: ServiceAuthStep = {
  header: '{headerName}',
  value: '{headerValue}',
  when: 'header',
  optional: true,
};
