import type { ExecutionState } from '../execution-state.js';

/**
 * Commits an execution's state after each node, before its successors are scheduled (G3). If the process
 * dies, the execution resumes from the last committed state and committed nodes never run again.
 */
export interface CheckpointStore {
  commit(state: ExecutionState): Promise<void>;
}
