import { type ExecutionStatus, statusesLeadingTo } from '@klikkflow/types';
import type { ExecutionPatch, ExecutionRepository } from './repositories.types.js';

/**
 * Moves an execution to `to` from whichever status the state machine allows (G7), as one compare-and-set.
 * Callers name only the target, so no forbidden pair (`success → running`...) can ever be attempted.
 * False when the execution is in a status that cannot lead to `to`, or does not exist.
 */
export function transitionChecked(
  repository: Pick<ExecutionRepository, 'transition'>,
  id: string,
  to: ExecutionStatus,
  patch?: ExecutionPatch,
): Promise<boolean> {
  return repository.transition(id, statusesLeadingTo(to), to, patch);
}
