import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importN8n } from '../test/run-imported.js';
import { exportN8nWorkflow } from './export-workflow.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8'));

const mixed = {
  id: 'mixed-1',
  name: 'Mixed',
  settings: { executionOrder: 'v1', timezone: 'Europe/Oslo', saveDataSuccessExecution: 'none' },
  nodes: [
    {
      id: 'a1',
      name: 'Start',
      type: 'n8n-nodes-base.manualTrigger',
      typeVersion: 1,
      position: [0, 0],
      parameters: {},
    },
    {
      id: 'a2',
      name: 'Sheet',
      type: 'n8n-nodes-base.googleSheets',
      typeVersion: 4.5,
      position: [200, 0],
      parameters: { operation: 'append', sheetName: { __rl: true, mode: 'list', value: 'gid=0' } },
      credentials: { googleSheetsOAuth2Api: { id: '3', name: 'Sheets' } },
      retryOnFail: true,
      maxTries: 4,
      waitBetweenTries: 2000,
      onError: 'continueErrorOutput',
    },
    {
      id: 'a3',
      name: 'Done',
      type: 'n8n-nodes-base.noOp',
      typeVersion: 1,
      position: [400, 0],
      parameters: {},
      notes: 'ok',
    },
    {
      id: 'a4',
      name: 'Failed',
      type: 'n8n-nodes-base.noOp',
      typeVersion: 1,
      position: [400, 200],
      parameters: {},
    },
    {
      id: 'note',
      name: 'Sticky Note',
      type: 'n8n-nodes-base.stickyNote',
      typeVersion: 1,
      position: [0, -200],
      parameters: { content: 'Read me', width: 240, height: 160 },
    },
  ],
  connections: {
    Start: { main: [[{ node: 'Sheet', type: 'main', index: 0 }]] },
    Sheet: {
      main: [[{ node: 'Done', type: 'main', index: 0 }], [{ node: 'Failed', type: 'main', index: 0 }]],
    },
  },
  pinData: { Start: [{ json: { hello: 'pinned' } }] },
};

describe('exportN8nWorkflow', () => {
  it('writes an n8n file that imports back to the same native workflow', () => {
    for (const source of [mixed, fixture('bench-simple.n8n.json'), fixture('bench-heavy.n8n.json')]) {
      const { workflow } = importN8n(source);
      const exported = exportN8nWorkflow(workflow);
      expect(importN8n(exported).workflow).toEqual(workflow);
    }
  });

  it('restores placeholders, flags, sticky notes, settings and name-keyed connections', () => {
    const exported = exportN8nWorkflow(importN8n(mixed).workflow) as {
      nodes: Record<string, unknown>[];
      connections: unknown;
      settings: unknown;
      pinData: unknown;
    };
    expect(exported.nodes.find((node) => node.name === 'Sheet')).toEqual({
      id: 'a2',
      name: 'Sheet',
      type: 'n8n-nodes-base.googleSheets',
      typeVersion: 4.5,
      position: [200, 0],
      parameters: mixed.nodes[1]!.parameters,
      credentials: { googleSheetsOAuth2Api: { id: '', name: 'Sheets' } },
      onError: 'continueErrorOutput',
      retryOnFail: true,
      maxTries: 4,
      waitBetweenTries: 2000,
    });
    expect(exported.nodes.find((node) => node.type === 'n8n-nodes-base.stickyNote')).toMatchObject({
      parameters: { content: 'Read me', width: 240, height: 160 },
      position: [0, -200],
    });
    expect(exported.connections).toEqual(mixed.connections);
    expect(exported.settings).toEqual({
      executionOrder: 'v1',
      timezone: 'Europe/Oslo',
      saveDataSuccessExecution: 'none',
      saveDataErrorExecution: 'all',
    });
    expect(exported.pinData).toEqual({ Start: [{ json: { hello: 'pinned' } }] });
  });

  it('refuses a node type n8n has no equivalent of, naming it', () => {
    const { workflow } = importN8n(mixed);
    const custom = {
      ...workflow,
      nodes: [...workflow.nodes, { ...workflow.nodes[2]!, id: 'x', name: 'X', type: 'acme.thing' }],
    };
    expect(() => exportN8nWorkflow(custom)).toThrow(
      expect.objectContaining({
        code: 'EXPORT_N8N_UNSUPPORTED',
        message: expect.stringContaining('"X" (acme.thing)'),
      }),
    );
  });
});
