import { defineNode } from '@klikkflow/plugin-sdk';
import type { Item } from '@klikkflow/types';
import { conditionNodeProperties, readConditionOptions } from './shared/condition-options.js';
import { matchesConditions } from './shared/filter-conditions.js';
import { withPair } from './shared/paired-items.js';

/** IF: routes each item to `true` or `false` by its conditions. */
export const ifNode = defineNode({
  type: 'core.if',
  version: 1,
  displayName: 'If',
  description: 'Routes items to true or false by conditions',
  group: 'logic',
  inputs: [{ kind: 'main' }],
  outputs: [
    { kind: 'main', label: 'true' },
    { kind: 'main', label: 'false' },
  ],
  properties: conditionNodeProperties,
  async execute(ctx, inputs) {
    const kept: Item[] = [];
    const dropped: Item[] = [];
    (inputs[0] ?? []).forEach((item, itemIndex) => {
      const matches = matchesConditions(
        ctx.getParameter('conditions', itemIndex),
        readConditionOptions(ctx, itemIndex),
        itemIndex,
      );
      (matches ? kept : dropped).push(withPair(item, itemIndex));
    });
    return [kept, dropped];
  },
});
