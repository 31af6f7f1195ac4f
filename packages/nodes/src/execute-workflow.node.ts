import {
  defineNode,
  type NodeExecutionContext,
  pairedTo,
  type SubWorkflowSource,
} from '@klikkflow/plugin-sdk';
import type { Item } from '@klikkflow/types';
import { pairEach, withoutPair } from './shared/paired-items.js';
import { invalidParameter } from './shared/parameter-error.js';

/** The workflow to call for one item: by id (a plain id or an n8n resource locator) or inline JSON. */
function sourceFor(ctx: NodeExecutionContext, itemIndex: number): SubWorkflowSource {
  const source = ctx.getParameter<string>('source', itemIndex);
  if (source === 'database') {
    const raw = ctx.getParameter<unknown>('workflowId', itemIndex);
    const id = raw !== null && typeof raw === 'object' ? (raw as { value?: unknown }).value : raw;
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
      throw invalidParameter(`"Workflow ID" is empty (item ${itemIndex})`, {
        itemIndex,
        parameter: 'workflowId',
      });
    }
    return { workflowId: String(id).trim() };
  }
  if (source === 'parameter') {
    const raw = ctx.getParameter<unknown>('workflowJson', itemIndex);
    let workflow = raw;
    if (typeof raw === 'string') {
      try {
        workflow = JSON.parse(raw);
      } catch (error) {
        throw invalidParameter(
          `"Workflow JSON" (item ${itemIndex}) is not valid JSON: ${(error as Error).message}`,
          {
            itemIndex,
            parameter: 'workflowJson',
          },
        );
      }
    }
    if (workflow === null || typeof workflow !== 'object' || Array.isArray(workflow)) {
      throw invalidParameter(`"Workflow JSON" (item ${itemIndex}) must be a workflow object`, { itemIndex });
    }
    return { workflow };
  }
  throw invalidParameter(`"source" must be database or parameter, not ${JSON.stringify(source)}`, {
    itemIndex,
  });
}

/** Execute Workflow: runs another workflow with the items and outputs what its last node returned. */
export const executeWorkflowNode = defineNode({
  type: 'core.executeWorkflow',
  version: 1,
  displayName: 'Execute Workflow',
  description: 'Runs another workflow with the items and returns its result',
  group: 'utility',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties: [
    {
      name: 'source',
      displayName: 'Source',
      type: 'options',
      default: 'database',
      description: 'Where the workflow to run comes from',
      options: [
        { name: 'Database', value: 'database', description: 'A saved workflow, by ID' },
        { name: 'Define Below', value: 'parameter', description: 'Workflow JSON given here' },
      ],
    },
    {
      name: 'workflowId',
      displayName: 'Workflow ID',
      type: 'string',
      default: '',
      description: 'ID of the saved workflow to run',
      displayOptions: { show: { source: ['database'] } },
    },
    {
      name: 'workflowJson',
      displayName: 'Workflow JSON',
      type: 'json',
      default: '\n\n\n',
      description: 'The workflow to run, as JSON',
      displayOptions: { show: { source: ['parameter'] } },
    },
    {
      name: 'mode',
      displayName: 'Mode',
      type: 'options',
      default: 'once',
      description: 'Call the workflow once with all items, or once per item',
      options: [
        { name: 'Run Once With All Items', value: 'once' },
        { name: 'Run Once for Each Item', value: 'each' },
      ],
    },
    {
      name: 'options',
      displayName: 'Options',
      type: 'collection',
      default: {},
      description: 'Extra settings',
      properties: [
        {
          name: 'waitForSubWorkflow',
          displayName: 'Wait For Sub-Workflow Completion',
          type: 'boolean',
          default: true,
          description: 'Whether to wait for the result; if not, the input items pass through',
        },
      ],
    },
  ],
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const waitFor = (itemIndex: number) =>
      ctx.getParameter<unknown>('options.waitForSubWorkflow', itemIndex, true) !== false;
    const mode = ctx.getParameter<string>('mode', 0);
    if (mode === 'once') {
      const wait = waitFor(0);
      const result = await ctx.helpers.executeWorkflow({
        source: sourceFor(ctx, 0),
        items: items.map(withoutPair),
        wait,
      });
      return [wait ? (result?.[0] ?? []) : pairEach(items)];
    }
    if (mode !== 'each') throw invalidParameter(`"mode" must be once or each, not ${JSON.stringify(mode)}`);
    const out: Item[] = [];
    for (const [itemIndex, item] of items.entries()) {
      const wait = waitFor(itemIndex);
      const request = { source: sourceFor(ctx, itemIndex), items: [withoutPair(item)], wait };
      const result = await ctx.helpers.executeWorkflow(request);
      const produced = wait ? (result?.[0] ?? []) : [item];
      for (const next of produced) out.push({ ...next, pairedItem: pairedTo(itemIndex) });
    }
    return [out];
  },
});
