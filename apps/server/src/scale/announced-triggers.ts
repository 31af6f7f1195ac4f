import type { TriggerService } from '../app-context.js';
import type { Runtime } from '../runtime.js';
import type { ScaleLink } from './scale-link.js';

/** What this process does with a workflow's triggers in memory. */
interface LocalTriggers extends TriggerService {
  /** Puts an active workflow's triggers in memory. */
  load(workflow: Parameters<TriggerService['activate']>[0]): Promise<void>;
  /** Takes them out of memory only (the stored routes belong to whoever deactivated it). */
  unload(workflowId: string): Promise<void>;
}

/**
 * Triggers in scale mode: a workflow activated or deactivated on one main reaches the webhook tables and
 * schedulers of every other process through a control message; each reloads it from the database.
 */
export async function announcedTriggers(
  local: LocalTriggers,
  link: Pick<ScaleLink, 'control' | 'onControl'>,
  runtime: Pick<Runtime, 'repos' | 'logger'>,
): Promise<TriggerService> {
  // One change at a time, in the order announced: a deactivation must not overtake the activation before it.
  let applying = Promise.resolve();
  const apply = async (workflowId: string, active: boolean) => {
    // The message says what happened; the stored definition says what to load (it is stored first).
    const record = active ? await runtime.repos.workflows.get(workflowId) : undefined;
    await (record ? local.load(record.definition) : local.unload(workflowId));
  };
  await link.onControl((message) => {
    if (message.type !== 'workflowChanged') return;
    const { workflowId, active } = message;
    applying = applying
      .then(() => apply(workflowId, active))
      .catch((error) =>
        runtime.logger.error({ err: error, workflowId }, 'reloading a changed workflow failed'),
      );
  });
  return {
    async activate(workflow) {
      await local.activate(workflow);
      link.control({ type: 'workflowChanged', workflowId: workflow.id, active: true });
    },
    async deactivate(workflowId) {
      await local.deactivate(workflowId);
      link.control({ type: 'workflowChanged', workflowId, active: false });
    },
    listenForTest: (workflow) => local.listenForTest(workflow),
  };
}
