import type { MappingContext } from './node-mapping.types.js';
import { isRecord, listEntries, recordAt } from './parameter-shapes.js';
import type { ParameterObject } from './parameter-values.js';

/** One condition in the filter shape of the native IF, Filter and Switch nodes (n8n's filter v2 shape). */
export interface FilterCondition {
  id?: string;
  leftValue: unknown;
  rightValue: unknown;
  operator: { type: string; operation: string; singleValue?: boolean };
}

/** How a filter compares; n8n keeps these inside the filter value and runs by them. */
export interface FilterOptions {
  caseSensitive: boolean;
  typeValidation: 'strict' | 'loose';
  leftValue?: string;
  /** n8n's filter semantics version: 1 (IF 2.0–2.1), 2 (IF 2.2), 3 (IF 2.3). */
  version?: number;
}

/** A filter parameter value: conditions joined by `and` or `or`. */
export interface FilterParameter<Condition = FilterCondition> {
  combinator: 'and' | 'or';
  conditions: Condition[];
  options: FilterOptions;
}

/** The comparison settings a node's own parameters give, used where a filter lacks stored options. */
export interface FilterSettings {
  caseSensitive: boolean;
  looseTypeValidation: boolean;
}

/**
 * An n8n filter value ready for the native node. n8n's editor copies the node's comparison settings into
 * the filter's `options` and the runtime reads only those, so stored options are kept; settings only fill
 * the options a hand-written file left out.
 */
export function importedFilter(value: unknown, settings: FilterSettings): ParameterObject {
  const stored = isRecord(value) ? value : {};
  const options = recordAt(stored, 'options');
  return {
    ...stored,
    combinator: stored.combinator ?? 'and',
    conditions: listEntries(stored.conditions),
    options: {
      caseSensitive: settings.caseSensitive,
      leftValue: '',
      typeValidation: settings.looseTypeValidation ? 'loose' : 'strict',
      ...options,
    },
  };
}

/**
 * Warns when a filter relies on n8n's first loose boolean conversion (`Boolean(value)`, so the text "false"
 * counted as true), which filters of version 2 and later, and KlikkFlow, replaced by parsing "false".
 */
export function warnAboutLooseBooleans(filter: ParameterObject, context: MappingContext): void {
  const options = recordAt(filter, 'options');
  if (options.typeValidation !== 'loose' || (options.version ?? 1) !== 1) return;
  const usesBooleans = listEntries(filter.conditions).some(
    (condition) => isRecord(condition.operator) && condition.operator.type === 'boolean',
  );
  if (usesBooleans) {
    context.warn(
      'boolean conditions with "convert types where required": this n8n version treated any non-empty ' +
        'text (even "false") as true; KlikkFlow reads "false" and "0" as false',
    );
  }
}

/**
 * A native filter (and the node-level options that override it) as n8n stores it: the effective settings
 * are written into the filter, and returned so the caller can set the node parameters n8n's editor derives
 * the filter options from. A filter imported from n8n keeps its semantics `version` (n8n runs by the stored
 * one); others get `defaultVersion`, that of the exported node version.
 */
export function exportedFilter(
  value: unknown,
  nodeOptions: unknown,
  defaultVersion: number,
): { filter: FilterParameter<ParameterObject>; settings: FilterSettings } {
  const stored = isRecord(value) ? value : {};
  const storedOptions = recordAt(stored, 'options');
  const overrides = isRecord(nodeOptions) ? nodeOptions : {};
  const settings: FilterSettings = {
    caseSensitive: Boolean(overrides.caseSensitive ?? storedOptions.caseSensitive ?? true),
    looseTypeValidation: Boolean(overrides.looseTypeValidation ?? storedOptions.typeValidation === 'loose'),
  };
  const filter: FilterParameter<ParameterObject> = {
    combinator: stored.combinator === 'or' ? 'or' : 'and',
    conditions: listEntries(stored.conditions),
    options: {
      caseSensitive: settings.caseSensitive,
      leftValue: '',
      typeValidation: settings.looseTypeValidation ? 'loose' : 'strict',
      version: typeof storedOptions.version === 'number' ? storedOptions.version : defaultVersion,
    },
  };
  return { filter, settings };
}
