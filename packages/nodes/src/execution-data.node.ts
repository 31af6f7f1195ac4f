import { defineNode, type NodeParameters } from '@klikkflow/plugin-sdk';
import { pairEach } from './shared/paired-items.js';
import { invalidParameter } from './shared/parameter-error.js';

/** Longest key and value kept, as n8n limits execution custom data. */
const maxKeyLength = 50;
const maxValueLength = 255;

/**
 * The custom data an Execution Data node saves, from its resolved parameters: `dataToSave` as
 * `[{key, value}]` (or n8n's `{values: [...]}`), values as text, keys cut to 50 and values to 255
 * characters. A blank key is a `NODE_PARAMETER_INVALID`.
 */
export function executionCustomData(parameters: NodeParameters): Record<string, string> {
  const raw = parameters.dataToSave;
  const list = Array.isArray(raw) ? raw : (raw as { values?: unknown } | undefined)?.values;
  const data: Record<string, string> = {};
  for (const [index, entry] of (Array.isArray(list) ? list : []).entries()) {
    const { key, value } = (entry ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || key.trim() === '') {
      throw invalidParameter(`"Data to Save" entry ${index + 1} has no key`, {
        parameter: `dataToSave[${index}].key`,
      });
    }
    const text =
      value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    data[key.trim().slice(0, maxKeyLength)] = text.slice(0, maxValueLength);
  }
  return data;
}

/**
 * Execution Data: saves key/value pairs with the execution (`$execution.customData`, and for finding
 * executions later) and passes its items on. Parameters are resolved per item; later items override earlier
 * ones, as in n8n.
 */
export const executionDataNode = defineNode({
  type: 'core.executionData',
  version: 1,
  displayName: 'Execution Data',
  description: 'Saves key/value data with the execution, for filtering executions',
  group: 'utility',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties: [
    {
      name: 'dataToSave',
      displayName: 'Data to Save',
      type: 'fixedCollection',
      default: [],
      multipleValues: true,
      description: 'Key/value pairs to save with the execution (keys up to 50, values up to 255 characters)',
      properties: [
        { name: 'key', displayName: 'Key', type: 'string', default: '', description: 'Name of the value' },
        { name: 'value', displayName: 'Value', type: 'string', default: '', description: 'Value to save' },
      ],
    },
  ],
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const data: Record<string, string> = {};
    for (let index = 0; index < items.length; index += 1) {
      Object.assign(data, executionCustomData(ctx.getParameters(index)));
    }
    if (Object.keys(data).length > 0) ctx.setExecutionCustomData(data);
    return [pairEach(items)];
  },
});
