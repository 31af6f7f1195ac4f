import { randomUUID } from 'node:crypto';
import type { Workflow } from '@klikkflow/types';

/** A small valid workflow with a fresh id (suites share one database, so ids must never repeat). */
export function makeWorkflow(overrides: Partial<Workflow> = {}): Workflow {
  const id = overrides.id ?? randomUUID();
  return {
    schemaVersion: 1,
    id,
    name: `Workflow ${id}`,
    nodes: [
      {
        id: 'trigger',
        name: 'Trigger',
        type: 'core.manualTrigger',
        version: 1,
        position: [0, 0],
        parameters: {},
      },
      { id: 'set', name: 'Set', type: 'core.set', version: 1, position: [200, 0], parameters: { value: 1 } },
    ],
    connections: [{ from: { node: 'trigger', output: 0 }, to: { node: 'set', input: 0 }, type: 'main' }],
    settings: { executionOrder: 'v1', timezone: 'UTC' },
    ...overrides,
  };
}
