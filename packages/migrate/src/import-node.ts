import type { WorkflowNode } from '@klikkflow/types';
import { bindCredentials, type KnownCredential, type UnmatchedCredential } from './credential-binding.js';
import type { PortUsage } from './import-connections.js';
import { importNodeFlags } from './import-node-flags.js';
import { UnsupportedVariantError } from './mapping/node-mapping.types.js';
import { findNodeMapping } from './mapping/table.js';
import { withN8nDefaults } from './mapping/with-defaults.js';
import type { N8nNode } from './n8n-file.schema.js';

/** An n8n node imported as a placeholder, and why. */
export interface UnsupportedNode {
  name: string;
  type: string;
  typeVersion: number;
  reason: string;
}

/** What importing the nodes of one workflow collects for its report. */
export interface NodeImportLog {
  unsupported: UnsupportedNode[];
  unmatchedCredentials: UnmatchedCredential[];
  warnings: string[];
}

/** The native type of the node that stands in for an unsupported one. */
export const PLACEHOLDER_TYPE = 'core.placeholder';

const NO_NODE = 'KlikkFlow has no node of this type';

function looksLikeTrigger(type: string): boolean {
  return /trigger$/i.test(type) || type === 'n8n-nodes-base.start';
}

/** Placeholder parameters: the original node kept whole, wired with the ports its edges use. */
function placeholderParameters(node: N8nNode, reason: string, ports: PortUsage | undefined) {
  const wiredOutputs = ports?.outputs ?? 0;
  const regularOutputs = node.onError === 'continueErrorOutput' ? wiredOutputs - 1 : wiredOutputs;
  return {
    sourceType: node.type,
    sourceVersion: node.typeVersion,
    reason,
    sourceParameters: node.parameters,
    inputs: ports && ports.inputs > 0 ? ports.inputs : looksLikeTrigger(node.type) ? 0 : 1,
    outputs: Math.max(1, regularOutputs),
  };
}

/** The native type and parameters of an n8n node: its table mapping, or a placeholder naming the reason. */
function convert(
  node: N8nNode,
  ports: PortUsage | undefined,
  log: NodeImportLog,
): Pick<WorkflowNode, 'type' | 'parameters'> {
  const placeholder = (reason: string) => {
    log.unsupported.push({ name: node.name, type: node.type, typeVersion: node.typeVersion, reason });
    return { type: PLACEHOLDER_TYPE, parameters: placeholderParameters(node, reason, ports) };
  };
  const match = findNodeMapping(node.type, node.typeVersion);
  if (!match) return placeholder(NO_NODE);
  const { mapping, versionNote } = match;
  const warn = (message: string) => log.warnings.push(`node "${node.name}": ${message}`);
  if (versionNote) warn(versionNote);
  try {
    const parameters = withN8nDefaults(node.parameters, mapping.defaults);
    const context = { typeVersion: node.typeVersion, nodeName: node.name, warn };
    const type = mapping.nativeTypeFor?.(parameters) ?? mapping.nativeType;
    return { type, parameters: mapping.toNative?.(parameters, context) ?? parameters };
  } catch (error) {
    if (error instanceof UnsupportedVariantError) return placeholder(error.message);
    // A shape the mapping did not expect must not stop the import: the node stays inspectable.
    return placeholder(`its parameters could not be converted (${(error as Error).message})`);
  }
}

/** One n8n node as a native node with a given id. */
export function importNode(
  node: N8nNode,
  id: string,
  ports: PortUsage | undefined,
  credentials: readonly KnownCredential[],
  log: NodeImportLog,
): WorkflowNode {
  const { type, parameters } = convert(node, ports, log);
  const boundCredentials = bindCredentials(
    node.name,
    node.credentials,
    credentials,
    log.unmatchedCredentials,
  );
  return {
    id,
    name: node.name,
    type,
    version: 1,
    position: node.position,
    parameters,
    ...(boundCredentials && { credentials: boundCredentials }),
    ...importNodeFlags(node),
  };
}
