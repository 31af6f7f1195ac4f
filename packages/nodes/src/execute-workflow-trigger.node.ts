import { defineNode, pairedTo } from '@klikkflow/plugin-sdk';
import type { Item } from '@klikkflow/types';
import { listParameter } from './shared/field-list.js';
import { invalidParameter } from './shared/parameter-error.js';
import { convertValue, type FieldType, fieldTypes } from './shared/type-conversion.js';

/** One declared input of a sub-workflow. */
interface WorkflowInput {
  name?: unknown;
  type?: FieldType | 'any';
}

/** Execute Workflow Trigger: where a sub-workflow starts; emits the items its caller sent. */
export const executeWorkflowTriggerNode = defineNode({
  type: 'core.executeWorkflowTrigger',
  version: 1,
  displayName: 'Execute Workflow Trigger',
  description: 'Starts the workflow when another workflow calls it',
  group: 'trigger',
  isTrigger: true,
  triggerModes: ['subworkflow'],
  inputs: [],
  outputs: [{ kind: 'main' }],
  properties: [
    {
      name: 'inputSource',
      displayName: 'Input Data Mode',
      type: 'options',
      default: 'passthrough',
      description: 'Accept any data, or only declared fields converted to their types',
      options: [
        { name: 'Accept All Data', value: 'passthrough' },
        { name: 'Define Using Fields Below', value: 'workflowInputs' },
      ],
    },
    {
      name: 'workflowInputs',
      displayName: 'Workflow Input Schema',
      type: 'fixedCollection',
      default: [],
      multipleValues: true,
      description: 'Fields the workflow accepts; others are dropped',
      properties: [
        { name: 'name', displayName: 'Name', type: 'string', default: '', description: 'Field name' },
        {
          name: 'type',
          displayName: 'Type',
          type: 'options',
          default: 'any',
          description: 'Type the value is converted to',
          options: ['any', ...fieldTypes].map((type) => ({ name: type, value: type })),
        },
      ],
      displayOptions: { show: { inputSource: ['workflowInputs'] } },
    },
  ],
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const source = ctx.getParameter<string>('inputSource', 0);
    if (source === 'passthrough') return [items];
    if (source !== 'workflowInputs') {
      throw invalidParameter(
        `"inputSource" must be passthrough or workflowInputs, not ${JSON.stringify(source)}`,
      );
    }
    const fields = listParameter<WorkflowInput>(ctx.getParameter('workflowInputs', 0), 'workflowInputs');
    return [
      items.map((item, itemIndex): Item => {
        const json: Record<string, unknown> = {};
        for (const [index, field] of fields.entries()) {
          if (typeof field.name !== 'string' || field.name === '') {
            throw invalidParameter(`workflow input ${index} has no name`, { field: index });
          }
          const value = Object.hasOwn(item.json, field.name) ? item.json[field.name] : null;
          const type = field.type ?? 'any';
          json[field.name] =
            type === 'any' ? value : convertValue(value, type, { field: field.name, itemIndex });
        }
        const out: Item = { json, pairedItem: pairedTo(itemIndex) };
        if (item.binary) out.binary = item.binary;
        return out;
      }),
    ];
  },
});
