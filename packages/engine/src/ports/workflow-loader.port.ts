import type { Workflow } from '@klikkflow/types';

/** Loads workflows by id, for sub-workflow calls. */
export interface WorkflowLoader {
  load(workflowId: string): Promise<Workflow>;
}
