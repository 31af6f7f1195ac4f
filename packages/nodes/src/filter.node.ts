import { defineNode } from '@klikkflow/plugin-sdk';
import { conditionNodeProperties, readConditionOptions } from './shared/condition-options.js';
import { matchesConditions } from './shared/filter-conditions.js';
import { withPair } from './shared/paired-items.js';

/** Filter: keeps the items that match its conditions and drops the rest. */
export const filterNode = defineNode({
  type: 'core.filter',
  version: 1,
  displayName: 'Filter',
  description: 'Keeps only the items that match conditions',
  group: 'logic',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main', label: 'kept' }],
  properties: conditionNodeProperties,
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const kept = items.flatMap((item, itemIndex) =>
      matchesConditions(
        ctx.getParameter('conditions', itemIndex),
        readConditionOptions(ctx, itemIndex),
        itemIndex,
      )
        ? [withPair(item, itemIndex)]
        : [],
    );
    return [kept];
  },
});
