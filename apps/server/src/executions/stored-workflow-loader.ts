import type { WorkflowRepository } from '@klikkflow/database';
import type { WorkflowLoader } from '@klikkflow/engine';
import { UserError } from '@klikkflow/types';

/** The engine's sub-workflow loader over the stored workflows (current versions). */
export function storedWorkflowLoader(workflows: Pick<WorkflowRepository, 'get'>): WorkflowLoader {
  return {
    async load(id) {
      const record = await workflows.get(id);
      if (!record) throw new UserError('WF_NOT_FOUND', `workflow "${id}" does not exist`);
      return record.definition;
    },
  };
}
