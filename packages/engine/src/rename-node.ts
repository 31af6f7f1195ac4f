import { UserError, type Workflow, type WorkflowNode } from '@klikkflow/types';
import { renameReferencesInCode, renameReferencesInExpression } from './expressions/rename-references.js';

/** Longest node name the workflow schema accepts. */
const MAX_NODE_NAME_LENGTH = 256;

/**
 * Node types whose plain (non-`=`) string parameters are JavaScript source that names nodes, such as the
 * Code node's `jsCode`. n8n rewrites these too when a node is renamed.
 */
const SOURCE_NODE_TYPES: ReadonlySet<string> = new Set(['core.code']);

/**
 * Renames a node and rewrites every static reference to its old name in the parameters of the workflow's
 * nodes: in expression strings (`=...{{ $('Old') }}`) and in Code node source. Connections and pinned
 * data are keyed by node id and need no change. Returns a new workflow; the input is not modified.
 * References chosen at run time (`$(name)`) cannot be rewritten and are left as they are.
 *
 * @throws UserError `WF_UNKNOWN_NODE` when no node has `nodeId`, `WF_NODE_NAME_INVALID` for an empty or
 *   too long name, `WF_NODE_NAME_TAKEN` when another node already has `newName`.
 */
export function renameNode(workflow: Workflow, nodeId: string, newName: string): Workflow {
  const renamed = workflow.nodes.find((node) => node.id === nodeId);
  if (!renamed) {
    throw new UserError('WF_UNKNOWN_NODE', `workflow has no node with id "${nodeId}"`, {
      details: { id: nodeId },
    });
  }
  if (newName.length === 0 || newName.length > MAX_NODE_NAME_LENGTH) {
    throw new UserError('WF_NODE_NAME_INVALID', `a node name has 1 to ${MAX_NODE_NAME_LENGTH} characters`, {
      details: { id: nodeId, name: newName },
    });
  }
  const oldName = renamed.name;
  if (newName === oldName) return workflow;
  const holder = workflow.nodes.find((node) => node.name === newName);
  if (holder) {
    throw new UserError('WF_NODE_NAME_TAKEN', `another node is already named "${newName}"`, {
      details: { id: nodeId, name: newName, takenBy: holder.id },
    });
  }
  const nodes = workflow.nodes.map((node) => {
    const rewrite = (value: string) =>
      value.startsWith('=')
        ? renameReferencesInExpression(value, oldName, newName)
        : SOURCE_NODE_TYPES.has(node.type)
          ? renameReferencesInCode(value, oldName, newName)
          : value;
    const parameters = mapStrings(node.parameters, rewrite) as WorkflowNode['parameters'];
    const name = node.id === nodeId ? newName : node.name;
    return parameters === node.parameters && name === node.name ? node : { ...node, name, parameters };
  });
  return { ...workflow, nodes };
}

/** Applies `rewrite` to every string in a JSON value; unchanged branches keep their identity. */
function mapStrings(value: unknown, rewrite: (text: string) => string): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (Array.isArray(value)) {
    const mapped = value.map((entry) => mapStrings(entry, rewrite));
    return mapped.some((entry, index) => entry !== value[index]) ? mapped : value;
  }
  if (value === null || typeof value !== 'object') return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, entry] of Object.entries(value)) {
    const mapped = mapStrings(entry, rewrite);
    if (mapped === entry) continue;
    // defineProperty: a parameter key named "__proto__" stays an ordinary key.
    copy ??= { ...value };
    Object.defineProperty(copy, key, { value: mapped, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? value;
}
