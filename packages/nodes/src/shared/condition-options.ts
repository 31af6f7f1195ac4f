import type { NodeExecutionContext } from '@klikkflow/plugin-sdk';
import type { PropertySpec } from '@klikkflow/types';
import {
  type ConditionOptions,
  caseSensitiveOption,
  conditionsProperty,
  looseTypeValidationOption,
} from './filter-conditions.js';

/** The properties of IF and Filter: the conditions and the comparison options. */
export const conditionNodeProperties: PropertySpec[] = [
  conditionsProperty,
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'How values are compared',
    properties: [caseSensitiveOption, looseTypeValidationOption],
  },
];

/** The comparison options of one item, leaving unset ones undefined so a filter's own settings apply. */
export function readConditionOptions(ctx: NodeExecutionContext, itemIndex: number): ConditionOptions {
  const options: ConditionOptions = {};
  const caseSensitive = ctx.getParameter<boolean | undefined>('options.caseSensitive', itemIndex);
  const loose = ctx.getParameter<boolean | undefined>('options.looseTypeValidation', itemIndex);
  if (caseSensitive !== undefined) options.caseSensitive = caseSensitive;
  if (loose !== undefined) options.looseTypeValidation = loose;
  return options;
}
