import { defineNode } from '@klikkflow/plugin-sdk';
import type { PropertySpec } from '@klikkflow/types';
import { choice, wholeNumber } from './shared/choice.js';
import { pairEach } from './shared/paired-items.js';

const properties: PropertySpec[] = [
  {
    name: 'maxItems',
    displayName: 'Max Items',
    type: 'number',
    default: 1,
    description: 'How many items to keep at most',
    typeOptions: { minValue: 1 },
  },
  {
    name: 'keep',
    displayName: 'Keep',
    type: 'options',
    default: 'firstItems',
    description: 'Which end of the list to keep',
    options: [
      { name: 'First Items', value: 'firstItems', description: 'Keep the items at the start' },
      { name: 'Last Items', value: 'lastItems', description: 'Keep the items at the end' },
    ],
  },
];

/** Limit: keeps only the first or last items. */
export const limitNode = defineNode({
  type: 'core.limit',
  version: 1,
  displayName: 'Limit',
  description: 'Keeps at most a given number of items',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    const items = pairEach(inputs[0] ?? []);
    const maxItems = wholeNumber(ctx.getParameter('maxItems', 0), 'maxItems', 1);
    const keep = choice(ctx.getParameter('keep', 0), ['firstItems', 'lastItems'], 'keep');
    return [
      keep === 'firstItems' ? items.slice(0, maxItems) : items.slice(Math.max(0, items.length - maxItems)),
    ];
  },
});
