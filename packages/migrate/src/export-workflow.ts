import {
  type Connection,
  type StickyNote,
  UserError,
  type Workflow,
  type WorkflowNode,
  type WorkflowSettings,
} from '@klikkflow/types';
import { PLACEHOLDER_TYPE } from './import-node.js';
import { findExportMapping } from './mapping/table.js';

type N8nTarget = { node: string; type: string; index: number };
type N8nConnectionMap = Record<string, Record<string, N8nTarget[][]>>;

function typeAndParameters(node: WorkflowNode) {
  if (node.type === PLACEHOLDER_TYPE) {
    const { sourceType, sourceVersion, sourceParameters } = node.parameters;
    return {
      type: String(sourceType),
      typeVersion: typeof sourceVersion === 'number' ? sourceVersion : 1,
      parameters: (sourceParameters as Record<string, unknown> | undefined) ?? {},
    };
  }
  const mapping = findExportMapping(node.type);
  if (!mapping) {
    throw new UserError(
      'EXPORT_N8N_UNSUPPORTED',
      `node "${node.name}" (${node.type}) has no n8n equivalent, so the workflow cannot be exported for n8n`,
      { details: { node: node.name, type: node.type } },
    );
  }
  return {
    type: mapping.n8nType,
    typeVersion: mapping.typeVersion,
    parameters: mapping.toN8n?.(node.parameters) ?? node.parameters,
  };
}

function onError(value: WorkflowNode['onError']) {
  if (value === 'continue') return 'continueRegularOutput';
  if (value === 'errorOutput') return 'continueErrorOutput';
  return undefined;
}

function exportNode(node: WorkflowNode) {
  const credentials = node.credentials
    ? Object.fromEntries(
        Object.entries(node.credentials).map(([type, ref]) => [type, { id: ref.id ?? '', name: ref.name }]),
      )
    : undefined;
  const errorMode = onError(node.onError);
  return {
    id: node.id,
    name: node.name,
    ...typeAndParameters(node),
    position: node.position,
    ...(credentials && { credentials }),
    ...(node.disabled && { disabled: true }),
    ...(node.notes && { notes: node.notes }),
    ...(node.executeOnce && { executeOnce: true }),
    ...(node.alwaysOutputData && { alwaysOutputData: true }),
    ...(errorMode && { onError: errorMode }),
    ...(node.retry && {
      retryOnFail: true,
      maxTries: node.retry.maxTries,
      waitBetweenTries: node.retry.waitMs,
    }),
    ...(node.webhookId && { webhookId: node.webhookId }),
  };
}

function exportStickyNote(note: StickyNote) {
  return {
    id: note.id,
    name: `Sticky Note ${note.id}`,
    type: 'n8n-nodes-base.stickyNote',
    typeVersion: 1,
    position: note.position,
    parameters: {
      content: note.content,
      ...(note.width !== undefined && { width: note.width }),
      ...(note.height !== undefined && { height: note.height }),
      ...(note.color !== undefined && { color: note.color }),
    },
  };
}

function exportConnections(connections: Connection[], nameOf: Map<string, string>): N8nConnectionMap {
  const out: N8nConnectionMap = {};
  for (const edge of connections) {
    const from = nameOf.get(edge.from.node)!;
    const byType = out[from] ?? {};
    out[from] = byType;
    const slots = byType[edge.type] ?? [];
    byType[edge.type] = slots;
    while (slots.length <= edge.from.output) slots.push([]);
    slots[edge.from.output]!.push({ node: nameOf.get(edge.to.node)!, type: edge.type, index: edge.to.input });
  }
  return out;
}

function exportSettings(settings: WorkflowSettings) {
  const save = settings.saveExecutions;
  return {
    executionOrder: settings.executionOrder,
    ...(settings.timezone !== 'UTC' && { timezone: settings.timezone }),
    ...(settings.errorWorkflow && { errorWorkflow: settings.errorWorkflow }),
    ...(settings.executionTimeout && { executionTimeout: settings.executionTimeout }),
    ...(settings.callerPolicy && { callerPolicy: settings.callerPolicy }),
    ...(save === 'none' && { saveDataSuccessExecution: 'none', saveDataErrorExecution: 'none' }),
    ...(save === 'errors' && { saveDataSuccessExecution: 'none', saveDataErrorExecution: 'all' }),
    ...(save === 'all' && { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' }),
  };
}

/**
 * Writes a native workflow as an n8n workflow file that n8n can import: node types and parameters through
 * the export table, placeholders back to the node they stand for, ids → name-keyed connections, sticky notes
 * back to sticky-note nodes. Throws `EXPORT_N8N_UNSUPPORTED` for a node type n8n has no equivalent of.
 */
export function exportN8nWorkflow(workflow: Workflow): Record<string, unknown> {
  const nameOf = new Map(workflow.nodes.map((node) => [node.id, node.name]));
  const pinData = Object.fromEntries(
    Object.entries(workflow.pinData ?? {}).map(([id, items]) => [
      nameOf.get(id) ?? id,
      items.map((item) => ({ json: item.json })),
    ]),
  );
  return {
    id: workflow.id,
    name: workflow.name,
    nodes: [...workflow.nodes.map(exportNode), ...(workflow.stickyNotes ?? []).map(exportStickyNote)],
    connections: exportConnections(workflow.connections, nameOf),
    settings: exportSettings(workflow.settings),
    pinData,
  };
}
