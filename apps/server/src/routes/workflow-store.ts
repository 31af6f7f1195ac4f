import type { WorkflowRecord } from '@klikkflow/database';
import { validateWorkflowFile } from '@klikkflow/engine';
import { UserError, type Workflow } from '@klikkflow/types';
import type { AppContext } from '../app-context.js';
import { notFound, orNotFound } from './route-schemas.js';

/** What an import did with one workflow. */
export interface ImportedWorkflow {
  id: string;
  name: string;
  /** False when a workflow with its id existed and got a new version. */
  created: boolean;
}

/** Workflow reads and writes that keep the registered triggers in step with what is stored and active. */
export interface WorkflowStore {
  /** The stored workflow; `WORKFLOW_NOT_FOUND` otherwise. */
  load(id: string): Promise<WorkflowRecord>;
  /** Validates a native workflow file against the installed nodes; `WORKFLOW_INVALID` with `details.issues`. */
  parse(raw: unknown): Workflow;
  create(workflow: Workflow): Promise<WorkflowRecord>;
  /** New version; an active workflow's triggers are registered anew, and a refusal restores the old one. */
  replace(id: string, workflow: Workflow, expectedVersion?: number): Promise<WorkflowRecord>;
  activate(id: string): Promise<WorkflowRecord>;
  deactivate(id: string): Promise<WorkflowRecord>;
  remove(id: string): Promise<void>;
  /** Creates the workflow, or stores a new version when its id exists; then activates it if asked. */
  importOne(workflow: Workflow, activate: boolean): Promise<ImportedWorkflow>;
}

const workflowNotFound = (id: string) => notFound('WORKFLOW_NOT_FOUND', 'workflow', id);

/** Creates the store over the context's repositories, node registry and trigger service. */
export function createWorkflowStore(context: AppContext): WorkflowStore {
  const repo = context.repos.workflows;
  const { triggers } = context;

  async function load(id: string): Promise<WorkflowRecord> {
    const record = await repo.get(id);
    if (!record) throw workflowNotFound(id);
    return record;
  }

  async function replace(id: string, workflow: Workflow, expectedVersion?: number): Promise<WorkflowRecord> {
    const previous = await load(id);
    // Without an expected version the one just read is expected, so a concurrent write is reported
    // (409) instead of being "restored" over by a rollback below.
    const updated = await orNotFound(repo.update(id, workflow, expectedVersion ?? previous.version), () =>
      workflowNotFound(id),
    );
    if (!updated.active) return updated;
    try {
      await triggers.activate(updated.definition);
    } catch (error) {
      await repo.update(id, previous.definition);
      // The trigger service refuses without changing anything, but re-registering the previous
      // definition is idempotent and covers one that failed part-way.
      await triggers.activate(previous.definition).catch((cause: unknown) => {
        context.logger.error({ err: cause, workflowId: id }, 'restoring the previous triggers failed');
      });
      throw error;
    }
    return updated;
  }

  async function activate(id: string): Promise<WorkflowRecord> {
    const record = await load(id);
    await triggers.activate(record.definition);
    return orNotFound(repo.setActive(id, true), () => workflowNotFound(id));
  }

  return {
    load,
    parse(raw) {
      const result = validateWorkflowFile(raw, context.registry);
      if (result.ok) return result.workflow;
      const [first] = result.issues;
      throw new UserError('WORKFLOW_INVALID', `the workflow is invalid: ${first?.path}: ${first?.message}`, {
        details: { issues: result.issues },
      });
    },
    create: (workflow) => repo.create(workflow),
    replace,
    activate,
    async deactivate(id) {
      await load(id);
      await triggers.deactivate(id);
      return orNotFound(repo.setActive(id, false), () => workflowNotFound(id));
    },
    async remove(id) {
      await load(id);
      await triggers.deactivate(id);
      if (!(await repo.delete(id))) throw workflowNotFound(id);
    },
    async importOne(workflow, wantActive) {
      const existing = await repo.get(workflow.id);
      const record = existing ? await replace(workflow.id, workflow) : await repo.create(workflow);
      if (wantActive && !record.active) await activate(record.id);
      return { id: record.id, name: record.name, created: !existing };
    },
  };
}
