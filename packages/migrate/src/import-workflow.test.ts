import { describe, expect, it } from 'vitest';
import { importN8n, registry, runN8n } from '../test/run-imported.js';
import { importN8nWorkflow } from './import-workflow.js';

const trigger = {
  id: '5b6c4a9e-1111-4b7e-9a44-000000000001',
  name: 'When clicking Execute',
  type: 'n8n-nodes-base.manualTrigger',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};
const noOp = (name: string, position: [number, number], extra: Record<string, unknown> = {}) => ({
  name,
  type: 'n8n-nodes-base.noOp',
  typeVersion: 1,
  position,
  parameters: {},
  ...extra,
});
const main = (...targets: [string, number?][]) =>
  targets.map(([node, index = 0]) => ({ node, type: 'main', index }));

describe('importN8nWorkflow: structure', () => {
  const source = {
    name: 'Structure',
    nodes: [
      trigger,
      noOp('A', [200, 0]),
      noOp('B', [200, 200]),
      {
        name: 'Merge',
        type: 'n8n-nodes-base.merge',
        typeVersion: 3,
        position: [400, 100],
        parameters: {},
      },
      {
        name: 'Chat Model',
        type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
        typeVersion: 1,
        position: [300, 400],
        parameters: { model: 'gpt-4o-mini' },
      },
      {
        name: 'Agent',
        type: '@n8n/n8n-nodes-langchain.agent',
        typeVersion: 1.7,
        position: [600, 100],
        parameters: { text: '={{ $json.question }}' },
        onError: 'continueErrorOutput',
      },
      noOp('After Agent', [800, 0]),
      noOp('Agent Failed', [800, 200]),
      {
        id: 'note-1',
        name: 'Sticky Note',
        type: 'n8n-nodes-base.stickyNote',
        typeVersion: 1,
        position: [-200, -200],
        parameters: { content: '## Read me', width: 300, height: 120, color: 4 },
      },
    ],
    connections: {
      'When clicking Execute': { main: [main(['A'], ['B'])] },
      A: { main: [main(['Merge', 0])] },
      B: { main: [main(['Merge', 1]), null, []] },
      Merge: { main: [main(['Agent'])] },
      'Chat Model': { ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]] },
      Agent: { main: [main(['After Agent']), main(['Agent Failed'])] },
    },
    pinData: { A: [{ json: { pinned: 1 } }, { bare: true }] },
    tags: [{ id: 't1', name: 'sales' }, 'ops'],
  };

  it('keeps names, gives stable ids and flattens name-keyed connections to ids', () => {
    const { workflow } = importN8n(source);
    const again = importN8n(structuredClone(source)).workflow;
    expect(again).toEqual(workflow);
    const id = (name: string) => workflow.nodes.find((node) => node.name === name)!.id;
    expect(id('When clicking Execute')).toBe(trigger.id);
    expect(id('A')).toMatch(/^n-[0-9a-f]{12}$/);
    expect(new Set(workflow.nodes.map((node) => node.id)).size).toBe(workflow.nodes.length);
    const edges = workflow.connections.map((edge) => [
      workflow.nodes.find((node) => node.id === edge.from.node)!.name,
      edge.from.output,
      workflow.nodes.find((node) => node.id === edge.to.node)!.name,
      edge.to.input,
      edge.type,
    ]);
    expect(edges).toEqual([
      ['When clicking Execute', 0, 'A', 0, 'main'],
      ['When clicking Execute', 0, 'B', 0, 'main'],
      ['A', 0, 'Merge', 0, 'main'],
      ['B', 0, 'Merge', 1, 'main'],
      ['Merge', 0, 'Agent', 0, 'main'],
      ['Chat Model', 0, 'Agent', 0, 'ai_languageModel'],
      ['Agent', 0, 'After Agent', 0, 'main'],
      ['Agent', 1, 'Agent Failed', 0, 'main'],
    ]);
    expect(workflow.id).toMatch(/^n8n-[0-9a-f]{16}$/);
    expect(workflow.name).toBe('Structure');
    expect(workflow.tags).toEqual(['sales', 'ops']);
  });

  it('keeps sticky notes as canvas notes and pinned data by node id', () => {
    const { workflow } = importN8n(source);
    expect(workflow.nodes.some((node) => node.name === 'Sticky Note')).toBe(false);
    expect(workflow.stickyNotes).toEqual([
      { id: 'note-1', content: '## Read me', position: [-200, -200], width: 300, height: 120, color: 4 },
    ]);
    const a = workflow.nodes.find((node) => node.name === 'A')!;
    expect(workflow.pinData).toEqual({ [a.id]: [{ json: { pinned: 1 } }, { json: { bare: true } }] });
  });

  it('imports unknown node types as placeholders wired like the original, and reports them', () => {
    const { workflow, report } = importN8n(source);
    const agent = workflow.nodes.find((node) => node.name === 'Agent')!;
    expect(agent).toMatchObject({
      type: 'core.placeholder',
      onError: 'errorOutput',
      parameters: {
        sourceType: '@n8n/n8n-nodes-langchain.agent',
        sourceVersion: 1.7,
        sourceParameters: { text: '={{ $json.question }}' },
        inputs: 1,
        outputs: 1,
      },
    });
    const model = workflow.nodes.find((node) => node.name === 'Chat Model')!;
    expect(model.parameters).toMatchObject({
      inputs: 1,
      outputs: 1,
      sourceParameters: { model: 'gpt-4o-mini' },
    });
    expect(report.unsupportedNodes.map((node) => [node.name, node.type])).toEqual([
      ['Chat Model', '@n8n/n8n-nodes-langchain.lmChatOpenAi'],
      ['Agent', '@n8n/n8n-nodes-langchain.agent'],
    ]);
  });

  it('runs the supported part, and a placeholder fails naming its type when reached', async () => {
    const stopping = structuredClone(source);
    delete (stopping.nodes[5] as { onError?: string }).onError;
    const run = await runN8n(stopping);
    expect(run.result.status).toBe('error');
    expect(run.result.error).toMatchObject({ code: 'NODE_TYPE_UNSUPPORTED', nodeName: 'Agent' });
    expect(run.result.error?.message).toContain('"@n8n/n8n-nodes-langchain.agent" (version 1.7)');
    expect(run.output('A')).toEqual([{ pinned: 1 }, { bare: true }]);
    expect(run.output('Merge')).toEqual([{ pinned: 1 }, { bare: true }, {}]);
    expect(run.runs('After Agent')).toBe(0);
  });

  it('sends the items a placeholder fails on to its error output when it has one', async () => {
    const run = await runN8n(source);
    expect(run.result.status).toBe('success');
    const failed = run.output('Agent Failed') as { error?: string }[];
    expect(failed).toHaveLength(3);
    expect(failed.every((item) => item.error?.includes('@n8n/n8n-nodes-langchain.agent'))).toBe(true);
  });
});

describe('importN8nWorkflow: settings, flags and credentials', () => {
  it('runs files without executionOrder in v0 order and maps the other settings', () => {
    const base = { nodes: [trigger], connections: {} };
    expect(importN8n(base).workflow.settings).toEqual({ executionOrder: 'v0', timezone: 'UTC' });
    const { workflow, report } = importN8n({
      ...base,
      settings: {
        executionOrder: 'v1',
        timezone: 'Europe/Oslo',
        errorWorkflow: 'err-wf',
        saveDataSuccessExecution: 'none',
        saveDataErrorExecution: 'all',
        executionTimeout: -1,
        callerPolicy: 'workflowsFromSameOwner',
        saveManualExecutions: true,
      },
    });
    expect(workflow.settings).toEqual({
      executionOrder: 'v1',
      timezone: 'Europe/Oslo',
      errorWorkflow: 'err-wf',
      saveExecutions: 'errors',
      callerPolicy: 'any',
    });
    expect(report.warnings).toEqual([expect.stringContaining('caller policy "workflowsFromSameOwner"')]);
    const timed = importN8n({ ...base, settings: { executionTimeout: 90, timezone: 'DEFAULT' } }).workflow;
    expect(timed.settings).toEqual({ executionOrder: 'v0', timezone: 'UTC', executionTimeout: 90 });
  });

  it('keeps node flags with n8n retry bounds', () => {
    const { workflow } = importN8n({
      nodes: [
        trigger,
        noOp('Defaults', [0, 0], { retryOnFail: true, waitBetweenTries: 0 }),
        noOp('Bounded', [0, 0], { retryOnFail: true, maxTries: 9, waitBetweenTries: 20000 }),
        noOp('Flags', [0, 0], {
          alwaysOutputData: true,
          executeOnce: true,
          disabled: true,
          notes: 'why',
          onError: 'continueRegularOutput',
          webhookId: 'abc',
        }),
        noOp('Legacy', [0, 0], { continueOnFail: true, maxTries: 4 }),
      ],
      connections: {},
    });
    const node = (name: string) => workflow.nodes.find((candidate) => candidate.name === name)!;
    expect(node('Defaults').retry).toMatchObject({
      maxTries: 3,
      waitMs: 1000,
      backoff: 'fixed',
      retryOn: 'all',
    });
    expect(node('Bounded').retry).toMatchObject({ maxTries: 5, waitMs: 5000, backoff: 'fixed' });
    expect(node('Flags')).toMatchObject({
      alwaysOutputData: true,
      executeOnce: true,
      disabled: true,
      notes: 'why',
      onError: 'continue',
      webhookId: 'abc',
    });
    expect(node('Legacy')).toMatchObject({ onError: 'continue' });
    expect(node('Legacy').retry).toBeUndefined();
  });

  it('re-binds credentials by type and name and reports the unmatched ones', () => {
    const http = {
      name: 'Call API',
      type: 'n8n-nodes-base.httpRequest',
      typeVersion: 4.2,
      position: [0, 0],
      parameters: {
        url: 'https://example.com',
        authentication: 'genericCredentialType',
        genericAuthType: 'httpHeaderAuth',
      },
      credentials: {
        httpHeaderAuth: { id: 'n8n-7', name: 'API key' },
        httpQueryAuth: { id: '', name: 'Missing' },
      },
    };
    const { workflow, report } = importN8nWorkflow(
      { nodes: [trigger, http], connections: {} },
      {
        registry,
        credentials: [
          { id: 'kf-1', name: 'API key', type: 'httpHeaderAuth' },
          { id: 'kf-2', name: 'Missing', type: 'httpBasicAuth' },
        ],
      },
    );
    expect(workflow.nodes[1]!.credentials).toEqual({
      httpHeaderAuth: { id: 'kf-1', name: 'API key' },
      httpQueryAuth: { id: null, name: 'Missing' },
    });
    expect(report.unmatchedCredentials).toEqual([
      { node: 'Call API', type: 'httpQueryAuth', name: 'Missing' },
    ]);
  });

  it('counts expression features KlikkFlow does not provide', () => {
    const { report } = importN8n({
      nodes: [
        trigger,
        noOp('Uses', [0, 0], {
          parameters: {
            a: '={{ $fromAI("x") }} {{ $env.HOME }}',
            b: ['={{ $json.a + $fromAI("y") }}'],
            c: '$env',
          },
        }),
      ],
      connections: {},
    });
    expect(report.unsupportedExpressionFeatures).toEqual({ $fromAI: 2, $env: 1 });
  });
});

describe('importN8nWorkflow: older and odd files', () => {
  it('reads credential references saved as a bare name (old n8n files)', () => {
    const { workflow, report } = importN8n({
      nodes: [trigger, noOp('Uses', [0, 0], { credentials: { slackApi: 'Team Slack' } })],
      connections: {},
    });
    expect(workflow.nodes[1]!.credentials).toEqual({ slackApi: { id: null, name: 'Team Slack' } });
    expect(report.unmatchedCredentials).toEqual([{ node: 'Uses', type: 'slackApi', name: 'Team Slack' }]);
  });

  it('drops edges from ports the KlikkFlow node does not have, with a warning, and keeps the rest', () => {
    const { workflow, report } = importN8n({
      nodes: [trigger, noOp('A', [0, 0]), noOp('B', [0, 0])],
      connections: { 'When clicking Execute': { main: [main(['A']), main(['B'])] } },
    });
    expect(workflow.connections).toHaveLength(1);
    expect(report.warnings).toEqual([
      'dropped the connection "When clicking Execute" output 1 → "B" input 0: the KlikkFlow node has no such port',
    ]);
  });
});

describe('importN8nWorkflow: bad input', () => {
  it('fails with IMPORT_N8N_INVALID naming what is wrong', () => {
    expect(() => importN8n({ name: 'x' })).toThrow(expect.objectContaining({ code: 'IMPORT_N8N_INVALID' }));
    expect(() => importN8n({ nodes: [{ name: 'A' }] })).toThrow(/nodes\[0\]\.type/);
    expect(() => importN8n({ nodes: [trigger, { ...trigger, id: 'other' }] })).toThrow(
      /duplicate node name.*When clicking Execute|When clicking Execute.*duplicate node name/,
    );
  });

  it('drops edges to nodes that do not exist, with a warning', () => {
    const { workflow, report } = importN8n({
      nodes: [trigger],
      connections: {
        'When clicking Execute': { main: [main(['Ghost'])] },
        Nobody: { main: [main(['When clicking Execute'])] },
      },
    });
    expect(workflow.connections).toEqual([]);
    expect(report.warnings).toHaveLength(2);
    expect(report.warnings[0]).toContain('no node named "Ghost"');
  });
});
