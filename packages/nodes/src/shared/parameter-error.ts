import { UserError } from '@klikkflow/types';

/**
 * A `NODE_PARAMETER_INVALID` error: the workflow gave a node a value it cannot use. The message names the
 * field and item so a user can find it; `details` carries the same facts for tools.
 */
export function invalidParameter(message: string, details: Record<string, unknown> = {}): UserError {
  return new UserError('NODE_PARAMETER_INVALID', message, { details });
}
