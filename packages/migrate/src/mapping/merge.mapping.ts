import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { isRecord, listEntries, recordAt } from './parameter-shapes.js';
import { type ParameterObject, withoutUndefined } from './parameter-values.js';

const n8nType = 'n8n-nodes-base.merge';
const nativeType = 'core.merge';

const v1KeyModes = ['keepKeyMatches', 'mergeByKey', 'removeKeyMatches'] as const;

/** Merge v1 key modes as native combine-by-fields joins (n8n matched key values as text: fuzzy). */
function v1KeyJoin(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const mode = parameters.mode;
  const join = {
    mode: 'combineByFields',
    fieldsToMatch: [{ field1: parameters.propertyName1, field2: parameters.propertyName2 }],
    options: { fuzzyCompare: true },
  };
  if (mode === 'keepKeyMatches') return { ...join, joinMode: 'keepMatches', outputDataFrom: 'input1' };
  if (mode === 'removeKeyMatches') return { ...join, joinMode: 'keepNonMatches', outputDataFrom: 'input1' };
  if (parameters.overwrite !== 'always') {
    unsupportedVariant(
      `Merge v1 "Merge By Key" overwriting only "${String(parameters.overwrite)}" values is not supported`,
    );
  }
  context.warn(
    '"Merge By Key" becomes "Enrich Input 1": KlikkFlow also copies input 2\'s key field, keeps input 1 items ' +
      'without the key, and outputs one item per matching input 2 item (n8n used the last one)',
  );
  return { ...join, joinMode: 'enrichInput1' };
}

/** Merge v1: the legacy modes, each as the native mode that does the same. */
function mergeV1ToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const mode = parameters.mode;
  if (v1KeyModes.includes(mode as (typeof v1KeyModes)[number])) return v1KeyJoin(parameters, context);
  switch (mode) {
    case 'append':
      return { mode: 'append' };
    case 'multiplex':
      return { mode: 'combineAll' };
    case 'passThrough':
      return {
        mode: 'chooseBranch',
        output: 'specifiedInput',
        useDataOfInput: parameters.output === 'input2' ? 2 : 1,
      };
    case 'wait':
      return { mode: 'chooseBranch', output: 'empty' };
    case 'mergeByIndex':
      if (parameters.join === 'left') {
        context.warn(
          'Merge By Index "Left Join" becomes "Include Any Unpaired Items": when input 2 has more items, ' +
            'its extra items are output too',
        );
      }
      return { mode: 'combineByPosition', options: { includeUnpaired: parameters.join !== 'inner' } };
    default:
      return unsupportedVariant(`Merge v1 mode ${JSON.stringify(mode)} is not supported`);
  }
}

/**
 * Clash handling KlikkFlow cannot follow. Native merges let the later input win on a clashing field and
 * merge shallowly; n8n's default (deep merge, last input wins) differs only for clashing nested objects.
 */
function checkClashHandling(options: ParameterObject, context: MappingContext): void {
  const clash =
    isRecord(options.clashHandling) && isRecord(options.clashHandling.values)
      ? options.clashHandling.values
      : {};
  if (clash.resolveClash === 'addSuffix') {
    unsupportedVariant('Merge clash handling "Always Add Input Number to Field Names" is not supported');
  }
  if (clash.resolveClash === 'preferInput1') {
    context.warn('clash handling "Prefer Input 1 Version" is not supported: on clashing fields input 2 wins');
  }
  if (clash.overrideEmpty === true) {
    context.warn('clash handling "Minimize Empty Fields" is not supported: an empty value can win a clash');
  }
}

/** Combine-by-fields options KlikkFlow lacks, reported once each. */
function checkFieldOptions(options: ParameterObject, context: MappingContext): void {
  if (options.disableDotNotation === true) {
    context.warn('"Disable Dot Notation" is not supported: dots in field names to match reach into objects');
  }
  if (options.multipleMatches === 'first') {
    context.warn('"Include First Match Only" is not supported: every match is output');
  }
}

/** The join settings shared by Merge v2 and v3 combine-by-fields. */
function fieldsJoin(
  fieldsToMatch: ParameterObject[],
  parameters: N8nParameters,
  options: ParameterObject,
  context: MappingContext,
): NativeParameters {
  checkFieldOptions(options, context);
  checkClashHandling(options, context);
  return withoutUndefined({
    mode: 'combineByFields',
    fieldsToMatch: fieldsToMatch.map(({ field1, field2 }) => ({ field1, field2 })),
    joinMode: parameters.joinMode,
    outputDataFrom:
      parameters.joinMode === 'keepMatches' || parameters.joinMode === 'keepNonMatches'
        ? parameters.outputDataFrom
        : undefined,
    options: withoutUndefined({ fuzzyCompare: options.fuzzyCompare }),
  });
}

/** Combine by position / all combinations, shared by Merge v2 and v3. */
function positionalCombine(
  mode: 'combineByPosition' | 'combineAll',
  parameters: N8nParameters,
  options: ParameterObject,
  context: MappingContext,
): NativeParameters {
  checkClashHandling(options, context);
  if (mode === 'combineAll') return { mode };
  return withoutUndefined({
    mode,
    numberInputs: parameters.numberInputs,
    options: withoutUndefined({ includeUnpaired: options.includeUnpaired }),
  });
}

/** Merge v2–2.1: append, combine (by fields, position or multiplex), choose branch. */
function mergeV2ToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const options = recordAt(parameters, 'options');
  if (parameters.mode === 'append') return { mode: 'append' };
  if (parameters.mode === 'chooseBranch') {
    return parameters.output === 'empty'
      ? { mode: 'chooseBranch', output: 'empty' }
      : {
          mode: 'chooseBranch',
          output: 'specifiedInput',
          useDataOfInput: parameters.output === 'input2' ? 2 : 1,
        };
  }
  switch (parameters.combinationMode) {
    case 'mergeByFields':
      return fieldsJoin(listEntries(parameters.mergeByFields), parameters, options, context);
    case 'mergeByPosition':
      return positionalCombine('combineByPosition', parameters, options, context);
    case 'multiplex':
      return positionalCombine('combineAll', parameters, options, context);
    default:
      return unsupportedVariant(
        `Merge combination ${JSON.stringify(parameters.combinationMode)} is not supported`,
      );
  }
}

/** The fields to match of Merge v3: one comma-separated list, or pairs when the names differ. */
function v3FieldsToMatch(parameters: N8nParameters): ParameterObject[] {
  if (parameters.advanced === true) return listEntries(parameters.mergeByFields);
  const names = String(parameters.fieldsToMatchString ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return names.map((name) => ({ field1: name, field2: name }));
}

/** Merge v3+: append, combine (by fields, position, all), SQL query, choose branch; 2–10 inputs. */
function mergeV3ToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const options = recordAt(parameters, 'options');
  switch (parameters.mode) {
    case 'append':
      return { mode: 'append', numberInputs: parameters.numberInputs };
    case 'combineBySql':
      return unsupportedVariant('Merge "SQL Query" mode is not supported: KlikkFlow has no SQL merge');
    case 'chooseBranch':
      if (Number(parameters.numberInputs) > 2) {
        unsupportedVariant('Merge "Choose Branch" with more than two inputs is not supported');
      }
      return parameters.output === 'empty'
        ? { mode: 'chooseBranch', output: 'empty' }
        : { mode: 'chooseBranch', output: 'specifiedInput', useDataOfInput: parameters.useDataOfInput };
    case 'combine':
      break;
    default:
      return unsupportedVariant(`Merge mode ${JSON.stringify(parameters.mode)} is not supported`);
  }
  if (parameters.combineBy === 'combineByFields') {
    return fieldsJoin(v3FieldsToMatch(parameters), parameters, options, context);
  }
  if (parameters.combineBy === 'combineByPosition' || parameters.combineBy === 'combineAll') {
    return positionalCombine(parameters.combineBy, parameters, options, context);
  }
  return unsupportedVariant(`Merge combination ${JSON.stringify(parameters.combineBy)} is not supported`);
}

/** The defaults of combine by fields, shared by v2 and v3. */
const joinDefaults = { joinMode: 'keepMatches', outputDataFrom: 'both', options: {} };

/** Merge: v1 legacy modes, v2–2.1 combination modes, v3+ modes with 2–10 inputs. */
export const mergeMappings: NodeMapping[] = [
  {
    n8nType,
    minVersion: 1,
    maxVersion: 1,
    nativeType,
    defaults: {
      mode: 'append',
      join: 'left',
      propertyName1: '',
      propertyName2: '',
      output: 'input1',
      overwrite: 'always',
    },
    toNative: mergeV1ToNative,
  },
  {
    n8nType,
    minVersion: 2,
    maxVersion: 2.1,
    nativeType,
    defaults: {
      mode: 'append',
      combinationMode: 'mergeByFields',
      mergeByFields: { values: [{ field1: '', field2: '' }] },
      output: 'input1',
      ...joinDefaults,
    },
    toNative: mergeV2ToNative,
  },
  {
    n8nType,
    minVersion: 3,
    maxVersion: 3.2,
    nativeType,
    defaults: {
      mode: 'append',
      combineBy: 'combineByFields',
      numberInputs: 2,
      advanced: false,
      fieldsToMatchString: '',
      mergeByFields: { values: [{ field1: '', field2: '' }] },
      output: 'specifiedInput',
      useDataOfInput: 1,
      ...joinDefaults,
    },
    toNative: mergeV3ToNative,
  },
];

/** Native fields to match as n8n v3 writes them: one list when each pair names the same field. */
function exportedFieldsToMatch(value: unknown): N8nParameters {
  const pairs = listEntries(value);
  if (pairs.length > 0 && pairs.every((pair) => pair.field1 === pair.field2)) {
    return { fieldsToMatchString: pairs.map((pair) => pair.field1).join(', ') };
  }
  return {
    advanced: true,
    mergeByFields: { values: pairs.map(({ field1, field2 }) => ({ field1, field2 })) },
  };
}

/** Native Merge as n8n Merge v3.2. */
function mergeToN8n(parameters: NativeParameters): N8nParameters {
  const options = recordAt(parameters, 'options');
  switch (parameters.mode) {
    case 'combineByFields':
      return withoutUndefined({
        mode: 'combine',
        ...exportedFieldsToMatch(parameters.fieldsToMatch),
        joinMode: parameters.joinMode,
        outputDataFrom: parameters.outputDataFrom,
        options: withoutUndefined({ fuzzyCompare: options.fuzzyCompare }),
      });
    case 'combineByPosition':
      return withoutUndefined({
        mode: 'combine',
        combineBy: 'combineByPosition',
        numberInputs: parameters.numberInputs,
        options: withoutUndefined({ includeUnpaired: options.includeUnpaired }),
      });
    case 'combineAll':
      return { mode: 'combine', combineBy: 'combineAll', options: {} };
    case 'chooseBranch':
      return withoutUndefined({
        mode: 'chooseBranch',
        output: parameters.output,
        useDataOfInput: parameters.output === 'empty' ? undefined : parameters.useDataOfInput,
      });
    default:
      return withoutUndefined({ mode: parameters.mode, numberInputs: parameters.numberInputs });
  }
}

/** core.merge → n8n Merge v3.2. */
export const mergeExport: ExportMapping = { nativeType, n8nType, typeVersion: 3.2, toN8n: mergeToN8n };
