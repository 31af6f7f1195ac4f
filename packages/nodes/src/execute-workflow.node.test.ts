import { runNode, runNodeExpectingError, type SubWorkflowRequest, toItems } from '@klikkflow/plugin-sdk';
import type { Item } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { executeWorkflowNode } from './execute-workflow.node.js';

/** A stand-in sub-workflow: records its calls and answers each item with `{ echoed }`. */
function fakeSubWorkflow() {
  const calls: SubWorkflowRequest[] = [];
  const executeWorkflow = async (request: SubWorkflowRequest): Promise<Item[][] | null> => {
    calls.push(request);
    if (!request.wait) return null;
    return [
      request.items.map((item) => ({ json: { echoed: item.json.n } })),
      [{ json: { otherOutput: true } }],
    ];
  };
  return { calls, helpers: { executeWorkflow } };
}

const inputs = [[{ json: { n: 1 }, pairedItem: { item: 4 } }, { json: { n: 2 } }]];

describe('core.executeWorkflow', () => {
  it('calls a saved workflow once with all items and outputs its output 0', async () => {
    const sub = fakeSubWorkflow();
    const { outputs } = await runNode(executeWorkflowNode, {
      inputs,
      parameters: { workflowId: ' wf-1 ' },
      helpers: sub.helpers,
    });
    expect(sub.calls).toEqual([
      { source: { workflowId: 'wf-1' }, items: [{ json: { n: 1 } }, { json: { n: 2 } }], wait: true },
    ]);
    expect(outputs).toEqual([[{ json: { echoed: 1 } }, { json: { echoed: 2 } }]]);
  });

  it('accepts an n8n resource locator as the workflow id', async () => {
    const sub = fakeSubWorkflow();
    await runNode(executeWorkflowNode, {
      inputs,
      parameters: { workflowId: { __rl: true, mode: 'list', value: 'abc' } },
      helpers: sub.helpers,
    });
    expect(sub.calls[0]?.source).toEqual({ workflowId: 'abc' });
  });

  it('runs workflow JSON given as text or as an object', async () => {
    const workflow = { name: 'inline', nodes: [], connections: [] };
    for (const workflowJson of [JSON.stringify(workflow), workflow]) {
      const sub = fakeSubWorkflow();
      await runNode(executeWorkflowNode, {
        inputs,
        parameters: { source: 'parameter', workflowJson },
        helpers: sub.helpers,
      });
      expect(sub.calls[0]?.source).toEqual({ workflow });
    }
  });

  it('calls once per item in each mode, pairing results to their item', async () => {
    const sub = fakeSubWorkflow();
    const { outputs } = await runNode(executeWorkflowNode, {
      inputs,
      parameters: (i) => ({ workflowId: `wf-${i}`, mode: 'each' }),
      helpers: sub.helpers,
    });
    expect(sub.calls.map((call) => [call.source, call.items])).toEqual([
      [{ workflowId: 'wf-0' }, [{ json: { n: 1 } }]],
      [{ workflowId: 'wf-1' }, [{ json: { n: 2 } }]],
    ]);
    expect(outputs).toEqual([
      [
        { json: { echoed: 1 }, pairedItem: { item: 0 } },
        { json: { echoed: 2 }, pairedItem: { item: 1 } },
      ],
    ]);
  });

  it('passes its input through when not waiting for the sub-workflow', async () => {
    const once = fakeSubWorkflow();
    const parameters = { workflowId: 'wf', options: { waitForSubWorkflow: false } };
    const result = await runNode(executeWorkflowNode, { inputs, parameters, helpers: once.helpers });
    expect(once.calls[0]?.wait).toBe(false);
    expect(result.outputs).toEqual([
      [
        { json: { n: 1 }, pairedItem: { item: 0 } },
        { json: { n: 2 }, pairedItem: { item: 1 } },
      ],
    ]);
    const each = fakeSubWorkflow();
    const perItem = await runNode(executeWorkflowNode, {
      inputs,
      parameters: { ...parameters, mode: 'each' },
      helpers: each.helpers,
    });
    expect(perItem.outputs).toEqual(result.outputs);
    expect(each.calls).toHaveLength(2);
  });

  it('outputs nothing when the sub-workflow returns nothing', async () => {
    const { outputs } = await runNode(executeWorkflowNode, {
      items: [{}],
      parameters: { workflowId: 'wf' },
      helpers: { executeWorkflow: async () => [] },
    });
    expect(outputs).toEqual([[]]);
  });

  it('rejects a missing id, bad workflow JSON, and unknown source or mode', async () => {
    const items = toItems([{}]);
    const run = (parameters: Record<string, unknown>) =>
      runNodeExpectingError(executeWorkflowNode, { inputs: [items], parameters });
    expect(await run({})).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
      message: '"Workflow ID" is empty (item 0)',
    });
    expect((await run({ source: 'parameter', workflowJson: '{' })).message).toMatch(
      /^"Workflow JSON" \(item 0\) is not valid JSON/,
    );
    expect((await run({ source: 'parameter', workflowJson: '[]' })).code).toBe('NODE_PARAMETER_INVALID');
    expect((await run({ source: 'url' })).code).toBe('NODE_PARAMETER_INVALID');
    expect((await run({ workflowId: 'x', mode: 'sometimes' })).code).toBe('NODE_PARAMETER_INVALID');
  });
});
