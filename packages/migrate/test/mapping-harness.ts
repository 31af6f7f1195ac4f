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
  ExportMapping,
  MappingContext,
  N8nParameters,
  NativeParameters,
  NodeMapping,
} from '../src/mapping/node-mapping.types.js';
import { mappingForVersion } from '../src/mapping/table.js';
import { withN8nDefaults } from '../src/mapping/with-defaults.js';

/** What a mapping made of one n8n node. */
export interface MappedNode {
  nativeType: string;
  parameters: NativeParameters;
  /** What the import report would say about the node (a version the table does not list, lost options…). */
  warnings: string[];
}

/**
 * Converts one n8n node's saved parameters the way the importer does: the entry of `mappings` for its type
 * and version (a version no entry lists takes the nearest one), n8n's defaults under the file's values, then
 * the native type and `toNative`.
 */
export function mapN8nNode(
  mappings: readonly NodeMapping[],
  n8nType: string,
  typeVersion: number,
  parameters: N8nParameters,
): MappedNode {
  const sameType = mappings.filter((entry) => entry.n8nType === n8nType);
  const match = mappingForVersion(sameType, typeVersion);
  if (!match) throw new Error(`no mapping for ${n8nType}`);
  const { mapping, versionNote } = match;
  const warnings = versionNote ? [versionNote] : [];
  const context: MappingContext = {
    typeVersion,
    nodeName: 'Node',
    warn: (message) => warnings.push(message),
  };
  const withDefaults = withN8nDefaults(parameters, mapping.defaults);
  return {
    nativeType: mapping.nativeTypeFor?.(withDefaults) ?? mapping.nativeType,
    parameters: mapping.toNative?.(withDefaults, context) ?? withDefaults,
    warnings,
  };
}

/** Native parameters as the exporter writes them for n8n: type, version and parameters. */
export function exportNativeNode(
  exports: readonly ExportMapping[],
  nativeType: string,
  parameters: NativeParameters,
): { n8nType: string; typeVersion: number; parameters: N8nParameters } {
  const mapping = exports.find((entry) => entry.nativeType === nativeType);
  if (!mapping) throw new Error(`no export mapping for ${nativeType}`);
  return {
    n8nType: mapping.n8nType,
    typeVersion: mapping.typeVersion,
    parameters: mapping.toN8n ? mapping.toN8n(parameters) : parameters,
  };
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
function resolvedFor(value: unknown, item: Item | undefined): unknown {
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

/** Runs a real native node on mapped parameters, resolving their expressions per item of input 0. */
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
