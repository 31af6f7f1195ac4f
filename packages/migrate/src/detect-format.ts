/** The workflow file formats KlikkFlow reads. */
export type WorkflowFormat = 'native' | 'n8n';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Whether one workflow object is an n8n workflow: a `nodes` array whose nodes carry `typeVersion` or an n8n
 * package type, and no native `schemaVersion`.
 */
export function isN8nWorkflow(value: unknown): boolean {
  if (!isRecord(value) || 'schemaVersion' in value || !Array.isArray(value.nodes)) return false;
  if (value.connections !== undefined && !isRecord(value.connections)) return false;
  return value.nodes.some(
    (node) =>
      isRecord(node) &&
      ('typeVersion' in node || (typeof node.type === 'string' && /(^|[-/.])n8n-nodes-/.test(node.type))),
  );
}

/**
 * The format of a parsed workflow file: a workflow or an array of them. n8n when every workflow in it is an
 * n8n workflow, native otherwise (native validation then names what is wrong).
 */
export function detectWorkflowFormat(value: unknown): WorkflowFormat {
  const entries = Array.isArray(value) ? value : [value];
  return entries.length > 0 && entries.every(isN8nWorkflow) ? 'n8n' : 'native';
}
