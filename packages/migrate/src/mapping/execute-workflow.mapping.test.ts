import { toItems } from '@klikkflow/plugin-sdk';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { chainWorkflow, runWorkflows } from '../../test/test-engine.js';
import { executeWorkflowExports, executeWorkflowMappings } from './execute-workflow.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

const sandbox = createIsolatedVmSandbox();
afterAll(() => sandbox.dispose());

const caller = (version: number, parameters: Record<string, unknown>) =>
  mapN8nNode(executeWorkflowMappings, 'n8n-nodes-base.executeWorkflow', version, parameters);
const callee = (version: number, parameters: Record<string, unknown>) =>
  mapN8nNode(executeWorkflowMappings, 'n8n-nodes-base.executeWorkflowTrigger', version, parameters);

const people = toItems([
  { text: 'hello', extra: 1 },
  { text: 'bye', extra: 2 },
]);

/** Runs a caller (mapped from n8n) against a sub-workflow made of a mapped trigger, with the real engine. */
async function call(executeParameters: Record<string, unknown>, triggerParameters: Record<string, unknown>) {
  const main = chainWorkflow('main', [
    { name: 'Start', type: 'core.manualTrigger', parameters: {} },
    { name: 'Call', type: 'core.executeWorkflow', parameters: executeParameters },
  ]);
  const sub = chainWorkflow('sub-1', [
    { name: 'When Called', type: 'core.executeWorkflowTrigger', parameters: triggerParameters },
  ]);
  return (await runWorkflows(sandbox, main, { others: [sub], triggerItems: people })).Call;
}

describe('Execute Workflow and its trigger', () => {
  it('v1.1: calls the workflow once per item; a v1.1 trigger keeps only its declared inputs', async () => {
    const execute = caller(1.1, {
      options: { waitForSubWorkflow: true },
      workflowId: { __rl: true, mode: 'id', value: 'sub-1' },
      mode: 'each',
    });
    const trigger = callee(1.1, { workflowInputs: { values: [{ name: 'text' }] } });
    expect(trigger.parameters).toEqual({
      inputSource: 'workflowInputs',
      workflowInputs: [{ name: 'text', type: 'string' }],
    });
    expect(await call(execute.parameters, trigger.parameters)).toEqual([{ text: 'hello' }, { text: 'bye' }]);
  });

  it('v1: a plain workflow id, all items in one call, and a v1 trigger that passes everything', async () => {
    const execute = caller(1, { options: {}, workflowId: 'sub-1' });
    expect(execute.parameters).toMatchObject({ source: 'database', workflowId: 'sub-1', mode: 'once' });
    expect(await call(execute.parameters, callee(1, {}).parameters)).toEqual([
      { text: 'hello', extra: 1 },
      { text: 'bye', extra: 2 },
    ]);
  });

  it('does not wait when told not to: the items pass on', async () => {
    const execute = caller(1.3, {
      workflowId: { __rl: true, value: 'sub-1', mode: 'list', cachedResultName: 'Sub' },
      options: { waitForSubWorkflow: false },
      workflowInputs: { mappingMode: 'defineBelow', value: {}, matchingColumns: [], schema: [] },
    });
    expect(await call(execute.parameters, callee(1.1, { inputSource: 'passthrough' }).parameters)).toEqual([
      { text: 'hello', extra: 1 },
      { text: 'bye', extra: 2 },
    ]);
  });

  it('a 1.2 trigger with a JSON example declares its fields and their types', async () => {
    const trigger = callee(1.2, {
      inputSource: 'jsonExample',
      jsonExample: '{\n "text": "x",\n "extra": 0,\n "any": null\n}',
    });
    expect(trigger.parameters.workflowInputs).toEqual([
      { name: 'text', type: 'string' },
      { name: 'extra', type: 'number' },
      { name: 'any', type: 'any' },
    ]);
    const execute = caller(1.2, { workflowId: { __rl: true, mode: 'id', value: 'sub-1' } });
    expect(await call(execute.parameters, trigger.parameters)).toEqual([
      { text: 'hello', extra: 1, any: null },
      { text: 'bye', extra: 2, any: null },
    ]);
  });

  it('keeps workflow inputs that copy a field onto itself, refuses others and other sources', () => {
    const inputs = (value: Record<string, unknown>) => ({
      workflowId: { __rl: true, mode: 'id', value: 'sub-1' },
      workflowInputs: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] },
    });
    expect(
      caller(1.2, inputs({ data: '={{ $json.data }}', jobType: "={{ $json['jobType'] }}" })).warnings,
    ).toEqual([]);
    expect(() => caller(1.2, inputs({ data: '={{ $json.body.data }}' }))).toThrow(
      new UnsupportedVariantError(
        "it sets workflow inputs (data) for the sub-workflow, which KlikkFlow's Execute Workflow does not",
      ),
    );
    expect(() => caller(1, { source: 'url', workflowUrl: 'https://example.com/wf.json' })).toThrow(
      UnsupportedVariantError,
    );
    const byUrl = caller(1.1, {
      workflowId: { __rl: true, mode: 'url', value: 'https://n8n.example.com/workflow/AbC12?x=1' },
    });
    expect(byUrl.parameters.workflowId).toEqual({ __rl: true, mode: 'id', value: 'AbC12' });
  });

  it('exports as Execute Workflow 1.4 and its trigger 1.2', () => {
    const n8n = {
      source: 'database',
      workflowId: { __rl: true, mode: 'id', value: 'sub-1' },
      mode: 'each',
      options: { waitForSubWorkflow: false },
    };
    expect(
      exportNativeNode(executeWorkflowExports, 'core.executeWorkflow', caller(1.1, n8n).parameters),
    ).toEqual({
      n8nType: 'n8n-nodes-base.executeWorkflow',
      typeVersion: 1.4,
      parameters: n8n,
    });
    expect(
      exportNativeNode(executeWorkflowExports, 'core.executeWorkflow', { workflowId: 'abc', mode: 'once' })
        .parameters,
    ).toEqual({
      workflowId: { __rl: true, mode: 'id', value: 'abc' },
      mode: 'once',
    });
    const trigger = {
      inputSource: 'workflowInputs',
      workflowInputs: { values: [{ name: 'facts', type: 'array' }] },
    };
    expect(
      exportNativeNode(
        executeWorkflowExports,
        'core.executeWorkflowTrigger',
        callee(1.1, trigger).parameters,
      ),
    ).toEqual({
      n8nType: 'n8n-nodes-base.executeWorkflowTrigger',
      typeVersion: 1.2,
      parameters: trigger,
    });
  });
});
