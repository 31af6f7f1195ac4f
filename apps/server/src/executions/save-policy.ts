import type { ExecutionStatus, Workflow } from '@klikkflow/types';

/** Which executions are kept once they end: all, only failed ones, or none. */
export type SaveMode = 'all' | 'errors' | 'none';

/** The workflow's own setting, else the server default (`KLIKKFLOW_SAVE_EXECUTIONS`). */
export function saveModeOf(workflow: Workflow, serverDefault: SaveMode): SaveMode {
  return workflow.settings.saveExecutions ?? serverDefault;
}

/**
 * True when an execution that ended in `status` stays stored under `mode`. A `waiting` execution is
 * always stored: it has not ended, and it must survive a restart to resume.
 */
export function keepsExecution(mode: SaveMode, status: ExecutionStatus): boolean {
  if (status === 'waiting' || mode === 'all') return true;
  return mode === 'errors' && status === 'error';
}
