import { exportedFilter, importedFilter, warnAboutLooseBooleans } from './filter-parameter.js';
import { legacyConditions, legacyFilter, warnAboutLegacyBooleans } from './legacy-conditions.js';
import type {
  ExportMapping,
  MappingContext,
  N8nParameters,
  NativeParameters,
  NodeMapping,
} from './node-mapping.types.js';
import { recordAt } from './parameter-shapes.js';
import { staticValue, withoutUndefined } from './parameter-values.js';

/**
 * IF v1 / Filter v1: grouped comparisons joined by `combinator` become one filter. Only `conditions` is
 * set: node-level comparison options would override the filter's.
 */
function legacyConditionNodeToNative(
  parameters: N8nParameters,
  combinator: 'and' | 'or',
  context: MappingContext,
): NativeParameters {
  const conditions = legacyConditions(parameters.conditions);
  warnAboutLegacyBooleans(conditions, context);
  return { conditions: legacyFilter(conditions, combinator) };
}

/**
 * IF v2+ / Filter v2+: the filter runs as stored. "Ignore Case" and "Convert types where required" only
 * fill options a filter lacks (n8n's editor copies them into the filter; from v2.1 the type option is a
 * node parameter rather than an option).
 */
function conditionNodeToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const options = recordAt(parameters, 'options');
  const loose = context.typeVersion < 2.1 ? options.looseTypeValidation : parameters.looseTypeValidation;
  const conditions = importedFilter(parameters.conditions, {
    caseSensitive: options.ignoreCase !== true,
    looseTypeValidation: loose === true,
  });
  warnAboutLooseBooleans(conditions, context);
  return { conditions };
}

/** The n8n IF / Filter version native conditions are exported as, and the filter `version` it writes. */
const exportVersion = 2.3;
const exportedFilterVersion = 3;

/**
 * Native IF / Filter parameters as n8n v2.3 stores them: the effective comparison settings in the filter
 * and in the node parameters n8n's editor derives them from.
 */
function conditionNodeToN8n(parameters: NativeParameters): N8nParameters {
  const { filter, settings } = exportedFilter(
    parameters.conditions,
    parameters.options,
    exportedFilterVersion,
  );
  return withoutUndefined({
    conditions: filter,
    looseTypeValidation: settings.looseTypeValidation ? true : undefined,
    options: settings.caseSensitive ? {} : { ignoreCase: true },
  });
}

/** How a first-generation node (v1) names its AND/OR setting. */
export interface LegacyCombinator {
  parameter: string;
  /** The value meaning OR (`any`, `OR`); anything else means AND. */
  or: string;
  /** n8n's default for the setting. */
  default: string;
}

/** The IF and Filter mappings: v1 grouped comparisons, v2–2.3 filter conditions. */
export function conditionNodeMappings(
  n8nType: string,
  nativeType: string,
  combinator: LegacyCombinator,
): NodeMapping[] {
  return [
    {
      n8nType,
      minVersion: 1,
      maxVersion: 1,
      nativeType,
      defaults: { conditions: {}, [combinator.parameter]: combinator.default },
      toNative: (parameters, context) =>
        legacyConditionNodeToNative(
          parameters,
          staticValue(parameters[combinator.parameter]) === combinator.or ? 'or' : 'and',
          context,
        ),
    },
    {
      n8nType,
      minVersion: 2,
      maxVersion: 2.3,
      nativeType,
      defaults: { looseTypeValidation: false, options: {} },
      toNative: conditionNodeToNative,
    },
  ];
}

/** Native IF / Filter → n8n v2.3. */
export function conditionNodeExport(n8nType: string, nativeType: string): ExportMapping {
  return { nativeType, n8nType, typeVersion: exportVersion, toN8n: conditionNodeToN8n };
}
