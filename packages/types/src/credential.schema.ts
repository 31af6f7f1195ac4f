import { z } from 'zod';
import { propertySpecSchema } from './node-description.schema.js';

/** Declarative description of a credential type (its form fields). */
export const credentialTypeDescriptionSchema = z.object({
  /** n8n-compatible type name, e.g. `httpBasicAuth`. */
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  displayName: z.string().min(1),
  description: z.string().optional(),
  properties: z.array(propertySpecSchema),
});
export type CredentialTypeDescription = z.infer<typeof credentialTypeDescriptionSchema>;

/** Decrypted credential data, handed to a node only while it runs. */
export type CredentialData = Record<string, unknown>;
