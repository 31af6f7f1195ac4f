import { type NodeRegistry, validateWorkflowFile } from '@klikkflow/engine';
import {
  type Item,
  issuesFromZod,
  type StickyNote,
  UserError,
  type ValidationIssue,
  WORKFLOW_SCHEMA_VERSION,
  type Workflow,
  type WorkflowInput,
} from '@klikkflow/types';
import type { KnownCredential } from './credential-binding.js';
import { findUnsupportedExpressionFeatures } from './expression-features.js';
import { importConnections } from './import-connections.js';
import { importNode, type NodeImportLog } from './import-node.js';
import type { N8nImportReport } from './import-report.schema.js';
import { importSettings } from './import-settings.js';
import { type N8nNode, type N8nWorkflow, n8nWorkflowSchema } from './n8n-file.schema.js';
import { fingerprint, isUsableId } from './stable-id.js';

/** What the importer needs besides the file. */
export interface N8nImportOptions {
  /** Installed node types: the result is validated against them. */
  registry: NodeRegistry;
  /** Stored credentials, to re-bind the nodes' references by type and name. */
  credentials?: readonly KnownCredential[];
  /** Name for a workflow saved without one (n8n copy-pastes have none), e.g. the file name. */
  fallbackName?: string;
}

/** A converted workflow with its report. */
export interface N8nImport {
  workflow: Workflow;
  report: N8nImportReport;
}

const STICKY_NOTE = 'n8n-nodes-base.stickyNote';

function invalid(message: string, issues: ValidationIssue[]): UserError {
  const listed = issues
    .slice(0, 5)
    .map((issue) => `${issue.path}${issue.nodeName ? ` (node "${issue.nodeName}")` : ''}: ${issue.message}`)
    .join('; ');
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
  return new UserError('IMPORT_N8N_INVALID', `${message}: ${listed}${more}`, { details: { issues } });
}

/** Node ids: n8n's own when usable and unique, else derived from the name, so a re-import keeps them. */
function nodeIds(nodes: N8nNode[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const node of nodes) {
    let id =
      isUsableId(node.id) && !taken.has(node.id) ? node.id : `n-${fingerprint(node.name).slice(0, 12)}`;
    for (let suffix = 2; taken.has(id); suffix++)
      id = `n-${fingerprint(`${node.name}#${suffix}`).slice(0, 12)}`;
    taken.add(id);
    ids.set(node.name, id);
  }
  return ids;
}

function duplicateNames(nodes: N8nNode[]): ValidationIssue[] {
  const seen = new Set<string>();
  return nodes.flatMap((node, index) => {
    if (!seen.has(node.name)) {
      seen.add(node.name);
      return [];
    }
    return [{ path: `nodes[${index}].name`, nodeName: node.name, message: 'duplicate node name' }];
  });
}

function stickyNote(node: N8nNode, id: string): StickyNote {
  const { content, width, height, color } = node.parameters;
  return {
    id,
    content: typeof content === 'string' ? content : '',
    position: node.position,
    ...(typeof width === 'number' && width > 0 && { width }),
    ...(typeof height === 'number' && height > 0 && { height }),
    ...(typeof color === 'number' && Number.isInteger(color) && color >= 0 && color <= 64 && { color }),
  };
}

/** Pinned items by node id; n8n pins by node name and older files pin bare JSON objects. */
function importPinData(source: N8nWorkflow['pinData'], ids: Map<string, string>, warnings: string[]) {
  const pinned: Record<string, Item[]> = {};
  for (const [name, items] of Object.entries(source ?? {})) {
    const id = ids.get(name);
    if (id === undefined) {
      warnings.push(`dropped pinned data of "${name}": no node has that name`);
      continue;
    }
    pinned[id] = items.map((entry) => {
      const record = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
      const json = 'json' in record ? record.json : entry;
      return {
        json: json !== null && typeof json === 'object' && !Array.isArray(json) ? json : { value: json },
      } as Item;
    });
  }
  return Object.keys(pinned).length > 0 ? pinned : undefined;
}

function tagNames(tags: unknown[] | undefined): string[] | undefined {
  const names = (tags ?? [])
    .map((tag) => (typeof tag === 'string' ? tag : (tag as { name?: unknown } | null)?.name))
    .filter((name): name is string => typeof name === 'string' && name.trim() !== '');
  return names.length > 0 ? names : undefined;
}

function workflowIdentity(source: N8nWorkflow, fallbackName: string | undefined) {
  const name = (source.name?.trim() || fallbackName?.trim() || 'Imported n8n workflow').slice(0, 256);
  const rawId = typeof source.id === 'number' ? String(source.id) : source.id;
  const signature = [name, ...source.nodes.map((node) => `${node.type}:${node.name}`)].join('\n');
  return { name, id: isUsableId(rawId) ? rawId : `n8n-${fingerprint(signature)}` };
}

const PORT_ISSUE = /^connections\[(\d+)\]\.(from\.output|to\.input)$/;

/**
 * Validates the converted workflow. Edges on ports the KlikkFlow node does not have (the per-method outputs
 * of a multi-method Webhook, a stray edge from an output n8n never fills) are dropped with a warning rather
 * than failing the whole import; any other problem is returned.
 */
function validateWithoutMissingPorts(candidate: WorkflowInput, registry: NodeRegistry, warnings: string[]) {
  const first = validateWorkflowFile(candidate, registry);
  if (first.ok) return first;
  const portIssues = first.issues.filter((issue) => PORT_ISSUE.test(issue.path));
  if (portIssues.length !== first.issues.length) return first;
  const dropped = new Set(portIssues.map((issue) => Number(PORT_ISSUE.exec(issue.path)![1])));
  const names = new Map(candidate.nodes.map((node) => [node.id, node.name]));
  const connections = candidate.connections ?? [];
  for (const index of dropped) {
    const edge = connections[index]!;
    const from = names.get(edge.from.node);
    const to = names.get(edge.to.node);
    warnings.push(
      `dropped the connection "${from}" output ${edge.from.output} → "${to}" input ${edge.to.input ?? 0}: ` +
        'the KlikkFlow node has no such port',
    );
  }
  return validateWorkflowFile(
    { ...candidate, connections: connections.filter((_, index) => !dropped.has(index)) },
    registry,
  );
}

/**
 * Converts one n8n workflow into a native one. Node names stay (expressions keep working unchanged) and get
 * stable ids; connections, settings, node flags, pinned data, credentials and sticky notes carry over; node
 * types KlikkFlow lacks become placeholders. Throws `IMPORT_N8N_INVALID` when the input is not an n8n
 * workflow that can be converted, naming every problem.
 */
export function importN8nWorkflow(raw: unknown, options: N8nImportOptions): N8nImport {
  const parsed = n8nWorkflowSchema.safeParse(raw);
  if (!parsed.success) throw invalid('not an n8n workflow', issuesFromZod(parsed.error));
  const source = parsed.data;
  const nameIssues = duplicateNames(source.nodes);
  if (nameIssues.length > 0) throw invalid('the n8n workflow cannot be imported', nameIssues);

  const ids = nodeIds(source.nodes);
  const wiring = importConnections(source.connections, ids);
  const settings = importSettings(source.settings);
  const log: NodeImportLog = {
    unsupported: [],
    unmatchedCredentials: [],
    warnings: [...wiring.warnings, ...settings.warnings],
  };
  const nodes = [];
  const stickyNotes: StickyNote[] = [];
  for (const node of source.nodes) {
    const id = ids.get(node.name)!;
    if (node.type === STICKY_NOTE) stickyNotes.push(stickyNote(node, id));
    else nodes.push(importNode(node, id, wiring.ports.get(node.name), options.credentials ?? [], log));
  }
  const noteIds = new Set(stickyNotes.map((note) => note.id));
  const pinData = importPinData(source.pinData, ids, log.warnings);
  const tags = tagNames(source.tags);
  const candidate: WorkflowInput = {
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    ...workflowIdentity(source, options.fallbackName),
    nodes,
    connections: wiring.connections.filter(
      (edge) => !noteIds.has(edge.from.node) && !noteIds.has(edge.to.node),
    ),
    settings: settings.settings,
    ...(pinData && { pinData }),
    ...(tags && { tags }),
    ...(stickyNotes.length > 0 && { stickyNotes }),
  };
  const validation = validateWithoutMissingPorts(candidate, options.registry, log.warnings);
  if (!validation.ok) throw invalid('the converted workflow is not valid', validation.issues);
  return {
    workflow: validation.workflow,
    report: {
      unsupportedNodes: log.unsupported,
      unmatchedCredentials: log.unmatchedCredentials,
      unsupportedExpressionFeatures: findUnsupportedExpressionFeatures(source.nodes),
      warnings: log.warnings,
    },
  };
}
