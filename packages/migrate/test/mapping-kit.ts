import { compileFastPath, FAST_PATH_MISS, parseTemplate } from '@klikkflow/engine';
import {
  type AnyNodeDefinition,
  isExpression,
  type RunNodeResult,
  runNode,
  toItems,
} from '@klikkflow/plugin-sdk';
import type { Item } from '@klikkflow/types';
import type {
  MappingContext,
  N8nParameters,
  NativeParameters,
  NodeMapping,
} from '../src/mapping/node-mapping.types.js';
import { withN8nDefaults } from '../src/mapping/with-defaults.js';

/** What importing one n8n node gave. */
export interface ImportedNode {
  nativeType: string;
  parameters: NativeParameters;
  warnings: string[];
}

/**
 * The table entry for a node type and version, as the importer picks it: the entry whose range holds the
 * version, else (a version newer than the table knows) the newest entry below it.
 */
export function mappingFor(
  mappings: readonly NodeMapping[],
  n8nType: string,
  typeVersion: number,
): NodeMapping {
  const candidates = mappings.filter((mapping) => mapping.n8nType === n8nType);
  const exact = candidates.find(
    (mapping) => mapping.minVersion <= typeVersion && typeVersion <= mapping.maxVersion,
  );
  const newest = candidates
    .filter((mapping) => mapping.maxVersion < typeVersion)
    .sort((a, b) => b.maxVersion - a.maxVersion)[0];
  const found = exact ?? newest;
  if (!found) throw new Error(`no mapping for ${n8nType}@${typeVersion}`);
  return found;
}

/** Imports the parameters of one n8n node: n8n's defaults restored, then `toNative`. */
export function importNode(
  mappings: readonly NodeMapping[],
  n8nType: string,
  typeVersion: number,
  parameters: N8nParameters,
): ImportedNode {
  const mapping = mappingFor(mappings, n8nType, typeVersion);
  const warnings: string[] = [];
  const context: MappingContext = {
    typeVersion,
    nodeName: 'Imported node',
    warn: (message) => warnings.push(message),
  };
  const withDefaults = withN8nDefaults(parameters, mapping.defaults);
  const native = mapping.toNative ? mapping.toNative(withDefaults, context) : withDefaults;
  // Item Lists picks its native node per operation (see OperationNodeMapping).
  const nativeType =
    'nativeTypeFor' in mapping && typeof mapping.nativeTypeFor === 'function'
      ? (mapping.nativeTypeFor(withDefaults) as string)
      : mapping.nativeType;
  return { nativeType, parameters: native, warnings };
}

function resolveTemplate(template: string, item: Item | undefined): unknown {
  const evaluate = compileFastPath(parseTemplate(template));
  if (!evaluate) throw new Error(`test expression ${template} needs the sandbox; use $json paths in tests`);
  const value = evaluate(item);
  if (value === FAST_PATH_MISS) throw new Error(`test expression ${template} missed the fast path`);
  return value;
}

/**
 * Parameters with every expression evaluated for one item by the engine's host evaluator (`$json` paths and
 * operators), as the engine resolves them before a node runs.
 */
export function resolvedFor(value: unknown, item: Item | undefined): unknown {
  if (isExpression(value)) return resolveTemplate(value, item);
  if (Array.isArray(value)) return value.map((entry) => resolvedFor(entry, item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolvedFor(entry, item)]));
  }
  return value;
}

/** Where a native node under test gets its items. */
export interface NativeRun {
  /** Items of input 0 (plain objects are wrapped as `{ json }`). */
  items?: unknown[];
  /** Items per input port. */
  inputs?: Item[][];
  /** Node state from an earlier run (Loop Over Items). */
  state?: unknown;
  runIndex?: number;
}

/** Runs a real native node on imported parameters, resolving their expressions per item of input 0. */
export function runNative(
  definition: AnyNodeDefinition,
  parameters: NativeParameters,
  run: NativeRun,
): Promise<RunNodeResult> {
  const inputs = run.inputs ?? [toItems(run.items ?? [{}])];
  return runNode(definition, {
    inputs,
    state: run.state,
    runIndex: run.runIndex,
    parameters: (itemIndex) => resolvedFor(parameters, inputs[0]?.[itemIndex]) as NativeParameters,
  });
}
