import type { PropertySpec } from '@klikkflow/types';
import { parseFieldList } from './field-list.js';
import { omitFields, pickFields } from './field-path.js';
import { invalidParameter } from './parameter-error.js';

/** Which input fields a node keeps next to the ones it sets. */
export type IncludeMode = 'all' | 'none' | 'selected' | 'except';

/**
 * The `include`, `includeFields` and `excludeFields` properties (Edit Fields). `defaultMode` is what an
 * omitted `include` means.
 */
export function includeProperties(defaultMode: IncludeMode): PropertySpec[] {
  const showWhen = (mode: IncludeMode) => ({ show: { include: [mode] } });
  return [
    {
      name: 'include',
      displayName: 'Input Fields to Include',
      type: 'options',
      default: defaultMode,
      description: 'Which fields of the input item to keep in the output item',
      options: [
        { name: 'All', value: 'all', description: 'Keep every input field' },
        { name: 'None', value: 'none', description: 'Output only the fields set here' },
        { name: 'Selected', value: 'selected', description: 'Keep only the listed input fields' },
        { name: 'All Except', value: 'except', description: 'Keep every input field but the listed ones' },
      ],
    },
    {
      name: 'includeFields',
      displayName: 'Fields to Include',
      type: 'string',
      default: '',
      placeholder: 'e.g. id, name',
      description: 'Comma-separated names of the input fields to keep',
      displayOptions: showWhen('selected'),
    },
    {
      name: 'excludeFields',
      displayName: 'Fields to Exclude',
      type: 'string',
      default: '',
      placeholder: 'e.g. password, token',
      description: 'Comma-separated names of the input fields to drop',
      displayOptions: showWhen('except'),
    },
  ];
}

/** The part of an input item's json that `include` keeps, as a new object the caller owns. */
export function includedFields(
  json: Record<string, unknown>,
  settings: { include: unknown; includeFields?: unknown; excludeFields?: unknown; dotNotation: boolean },
): Record<string, unknown> {
  switch (settings.include) {
    case 'all':
      return { ...json };
    case 'none':
      return {};
    case 'selected':
      return pickFields(json, parseFieldList(settings.includeFields, 'includeFields'), settings.dotNotation);
    case 'except':
      return omitFields(json, parseFieldList(settings.excludeFields, 'excludeFields'), settings.dotNotation);
    default:
      throw invalidParameter(
        `"include" must be one of all, none, selected, except, not ${JSON.stringify(settings.include)}`,
        { parameter: 'include' },
      );
  }
}
