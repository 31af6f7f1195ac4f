import {
  type CredentialTypeDescription,
  credentialTypeDescriptionSchema,
  nodeDescriptionSchema,
  UserError,
} from '@klikkflow/types';
import type { NodeParameters } from './node-context.js';
import type { NodeDefinition } from './node-definition.js';

/**
 * Declares a node type. Validates the declarative part at definition time, so a malformed node fails fast
 * with a message naming the field instead of misbehaving in a run.
 */
export function defineNode<P extends NodeParameters = NodeParameters>(
  definition: NodeDefinition<P>,
): NodeDefinition<P> {
  const parsed = nodeDescriptionSchema.safeParse(definition);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new UserError(
      'NODE_DEFINITION_INVALID',
      `node definition "${definition.type}" is invalid: ${problems}`,
    );
  }
  const names = new Set<string>();
  for (const property of definition.properties) {
    if (names.has(property.name)) {
      throw new UserError(
        'NODE_DEFINITION_INVALID',
        `node definition "${definition.type}" declares property "${property.name}" twice`,
      );
    }
    names.add(property.name);
  }
  return Object.freeze(definition);
}

/** A credential type: its form and, optionally, how it authenticates a request. */
export interface CredentialDefinition extends CredentialTypeDescription {
  /** Adds authentication to an outbound request (headers or query). */
  authenticate?(
    data: Record<string, unknown>,
    request: { headers: Record<string, string>; query: Record<string, string> },
  ): void;
  /**
   * Secret texts built from several fields, which no single field's value covers (Basic auth's
   * `user:password`, a `token {key}:{secret}` header). The server scrubs them from run data, logs and
   * errors along with every field value.
   */
  derivedSecrets?(data: Record<string, unknown>): string[];
}

/** Declares a credential type, validating its description. */
export function defineCredential(definition: CredentialDefinition): CredentialDefinition {
  const parsed = credentialTypeDescriptionSchema.safeParse(definition);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new UserError(
      'CREDENTIAL_DEFINITION_INVALID',
      `credential "${definition.name}" is invalid: ${problems}`,
    );
  }
  return Object.freeze(definition);
}
