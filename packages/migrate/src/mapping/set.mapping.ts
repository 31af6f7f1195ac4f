import { randomUUID } from 'node:crypto';
import { isExpression } from '@klikkflow/plugin-sdk';
import { objectExpression } from './expression-code.js';
import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { isRecord, listEntries, recordAt } from './parameter-shapes.js';
import {
  listEntriesWithDefaults,
  type ParameterObject,
  staticValue,
  withoutUndefined,
} from './parameter-values.js';

const n8nType = 'n8n-nodes-base.set';
const nativeType = 'core.set';

/** n8n's default JSON of the raw (JSON output) mode. */
const defaultJsonOutput = '{\n  "my_field_1": "value",\n  "my_field_2": 1\n}\n';

/** The value groups of Set v1–v2, in the order n8n applies them (a later group wins on the same name). */
const legacyGroups = ['boolean', 'number', 'string'] as const;
type LegacyGroup = (typeof legacyGroups)[number];

const legacyDefaultValue: Record<LegacyGroup, unknown> = { boolean: false, number: 0, string: '' };

/** Set v1–v2 stored values as they are; only literals get the conversion n8n applied to them. */
function legacyValue(group: LegacyGroup, value: unknown, typeVersion: number): unknown {
  if (isExpression(value)) return value;
  if (group === 'boolean') return Boolean(value);
  if (group === 'number' && typeVersion >= 2 && typeof value === 'string' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return value;
}

/**
 * Set v1–v2 kept the values it was given as they were (a string field could hold an object), which
 * KlikkFlow's typed assignments would convert. The fields therefore become the JSON-output object: each
 * value, or its expression, is set as it resolves, by name with dot notation.
 */
function legacyToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const groups = recordAt(parameters, 'values');
  const fields = new Map<string, unknown>();
  for (const group of legacyGroups) {
    const entries = listEntriesWithDefaults(groups[group], {
      name: 'propertyName',
      value: legacyDefaultValue[group],
    });
    for (const { name, value } of entries) {
      if (typeof name !== 'string' || name.startsWith('=')) {
        unsupportedVariant('Set v1/v2 field names computed by an expression are not supported');
      }
      fields.set(name, legacyValue(group, value, context.typeVersion));
    }
  }
  const keepOnlySet = staticValue(parameters.keepOnlySet) === true;
  const options = recordAt(parameters, 'options');
  return {
    mode: 'raw',
    jsonOutput: Object.fromEntries(fields),
    include: keepOnlySet ? 'none' : 'all',
    options: { dotNotation: options.dotNotation !== false, includeBinary: !keepOnlySet },
  };
}

/** The parts of Edit Fields v3+ that every version shares: mode, JSON output, included input fields. */
function editFieldsToNative(
  parameters: N8nParameters,
  include: unknown,
  includeBinary: boolean,
  context: MappingContext,
): NativeParameters {
  const options = recordAt(parameters, 'options');
  if (parameters.duplicateItem === true) {
    context.warn('"Duplicate Item" (a setting for manual test runs) is not kept');
  }
  const dotNotation = options.dotNotation !== false;
  const includeFields = staticValue(parameters.includeFields);
  if (
    include === 'selected' &&
    dotNotation &&
    typeof includeFields === 'string' &&
    includeFields.includes('.')
  ) {
    context.warn(
      'n8n put a selected nested input field (a.b) at its last name (b); KlikkFlow keeps its path (a.b)',
    );
  }
  return withoutUndefined({
    mode: parameters.mode,
    jsonOutput: parameters.mode === 'raw' ? parameters.jsonOutput : undefined,
    include,
    includeFields: include === 'selected' ? parameters.includeFields : undefined,
    excludeFields: include === 'except' ? parameters.excludeFields : undefined,
    options: withoutUndefined({
      dotNotation: options.dotNotation,
      ignoreConversionErrors: options.ignoreConversionErrors,
      includeBinary,
    }),
  });
}

/** Edit Fields v3.0–3.2: `fields.values` entries name their value key by type (`numberValue`...). */
function fieldValuesToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const options = recordAt(parameters, 'options');
  const entries = listEntriesWithDefaults(parameters.fields, {
    name: '',
    type: 'stringValue',
    stringValue: '',
    numberValue: '',
    booleanValue: 'true',
    arrayValue: '',
    objectValue: '={}',
  });
  const assignments = entries.map((entry) => {
    const valueKey = String(entry.type);
    return { name: entry.name, type: valueKey.replace(/Value$/, ''), value: entry[valueKey] };
  });
  const native = editFieldsToNative(parameters, parameters.include, options.includeBinary === true, context);
  return parameters.mode === 'raw' ? native : { ...native, assignments };
}

/**
 * Edit Fields v3.3+: `assignments` and `includeOtherFields`. Binary data is kept only when asked for
 * (v3.3: "Include Binary File"; v3.4+: when other input fields are included and not stripped).
 */
function assignmentsToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const options = recordAt(parameters, 'options');
  const assignments = listEntries(parameters.assignments);
  if (assignments.some((assignment) => assignment.type === 'binary')) {
    unsupportedVariant('Edit Fields assignments of type "binary" (moving binary data) are not supported');
  }
  const include = parameters.includeOtherFields === true ? parameters.include : 'none';
  const includeBinary =
    context.typeVersion >= 3.4
      ? include !== 'none' && options.stripBinary !== true
      : options.includeBinary === true;
  const native = editFieldsToNative(parameters, include, includeBinary, context);
  return parameters.mode === 'raw' ? native : { ...native, assignments };
}

/** Edit Fields (Set): v1–v2 value groups, v3.0–3.2 typed field values, v3.3+ assignments. */
export const setMappings: NodeMapping[] = [
  {
    n8nType,
    minVersion: 1,
    maxVersion: 2,
    nativeType,
    defaults: { keepOnlySet: false, values: {}, options: {} },
    toNative: legacyToNative,
  },
  {
    n8nType,
    minVersion: 3,
    maxVersion: 3.2,
    nativeType,
    defaults: { mode: 'manual', jsonOutput: defaultJsonOutput, include: 'all', options: {} },
    toNative: fieldValuesToNative,
  },
  {
    n8nType,
    minVersion: 3.3,
    maxVersion: 3.4,
    nativeType,
    defaults: {
      mode: 'manual',
      jsonOutput: defaultJsonOutput,
      includeOtherFields: false,
      include: 'all',
      options: {},
    },
    toNative: assignmentsToNative,
  },
];

/** n8n's editor keys assignments by `id`; native ones may have none. */
function withId(assignment: ParameterObject): ParameterObject {
  return typeof assignment.id === 'string' ? assignment : { id: randomUUID(), ...assignment };
}

/**
 * Native Edit Fields as n8n Set v3.3, the version whose binary handling the native node follows ("Include
 * Binary File", kept whatever the other fields). A JSON output given as an object of values (imported from
 * Set v1–v2) becomes one expression, since n8n expects JSON text.
 */
function setToN8n(parameters: NativeParameters): N8nParameters {
  const mode = parameters.mode === 'raw' ? 'raw' : 'manual';
  const include = typeof parameters.include === 'string' ? parameters.include : 'none';
  const options = recordAt(parameters, 'options');
  const assignments = listEntries(parameters.assignments);
  const jsonOutput = isRecord(parameters.jsonOutput)
    ? objectExpression(parameters.jsonOutput)
    : parameters.jsonOutput;
  return withoutUndefined({
    mode: mode === 'raw' ? 'raw' : undefined,
    assignments: mode === 'manual' ? { assignments: assignments.map(withId) } : undefined,
    jsonOutput: mode === 'raw' ? jsonOutput : undefined,
    includeOtherFields: include === 'none' ? undefined : true,
    include: include === 'selected' || include === 'except' ? include : undefined,
    includeFields: include === 'selected' ? parameters.includeFields : undefined,
    excludeFields: include === 'except' ? parameters.excludeFields : undefined,
    options: withoutUndefined({
      dotNotation: options.dotNotation,
      ignoreConversionErrors: options.ignoreConversionErrors,
      includeBinary: options.includeBinary !== false,
    }),
  });
}

/** core.set → n8n Set v3.3. */
export const setExport: ExportMapping = { nativeType, n8nType, typeVersion: 3.3, toN8n: setToN8n };
