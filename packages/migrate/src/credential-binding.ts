import type { CredentialRef } from '@klikkflow/types';

/** A credential stored in KlikkFlow, as the importer sees it: enough to bind by type and name. */
export interface KnownCredential {
  id: string;
  name: string;
  type: string;
}

/** A node's credential that no stored credential matched. */
export interface UnmatchedCredential {
  node: string;
  type: string;
  name: string;
}

/**
 * Re-binds a node's n8n credential references (`{type: {id, name}}`) to stored credentials with the same type
 * and name. n8n ids mean nothing here, so an unmatched reference keeps its name with no id and is reported.
 */
export function bindCredentials(
  nodeName: string,
  references: Record<string, { name: string }> | undefined,
  known: readonly KnownCredential[],
  unmatched: UnmatchedCredential[],
): Record<string, CredentialRef> | undefined {
  if (!references || Object.keys(references).length === 0) return undefined;
  const bound: Record<string, CredentialRef> = {};
  for (const [type, reference] of Object.entries(references)) {
    const match = known.find((credential) => credential.type === type && credential.name === reference.name);
    bound[type] = { id: match?.id ?? null, name: reference.name };
    if (!match) unmatched.push({ node: nodeName, type, name: reference.name });
  }
  return bound;
}
