import { issuesFromZod, type ValidationIssue, type Workflow, workflowSchema } from '@klikkflow/types';
import { defaultedParameters } from './defaulted-parameters.js';
import { mainInputCount, outputCount } from './node-ports.js';
import type { NodeRegistry } from './node-registry.js';

/**
 * Checks a parsed workflow against the installed node types: every enabled node's type and version exist,
 * and every connection uses output and input ports that the nodes have.
 */
export function checkWorkflow(workflow: Workflow, registry: NodeRegistry): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const portCounts = new Map<string, { inputs: number; outputs: number }>();
  workflow.nodes.forEach((node, index) => {
    const definition = registry.get(node.type, node.version);
    if (!definition) {
      if (node.disabled) return;
      const versions = registry
        .list()
        .filter((d) => d.type === node.type)
        .map((d) => d.version);
      const hint = versions.length > 0 ? ` (installed versions: ${versions.join(', ')})` : '';
      issues.push({
        path: `nodes[${index}].type`,
        nodeName: node.name,
        message: `unknown node type "${node.type}" version ${node.version}${hint}`,
      });
      return;
    }
    const parameters = defaultedParameters(definition, node);
    portCounts.set(node.id, {
      inputs: mainInputCount(definition, parameters),
      outputs: outputCount(definition, node, parameters),
    });
  });
  workflow.connections.forEach((connection, index) => {
    if (connection.type !== 'main') return;
    const from = portCounts.get(connection.from.node);
    if (from && connection.from.output >= from.outputs) {
      issues.push({
        path: `connections[${index}].from.output`,
        nodeName: nameOf(workflow, connection.from.node),
        message: `output ${connection.from.output} does not exist (the node has ${from.outputs})`,
      });
    }
    const to = portCounts.get(connection.to.node);
    if (to && connection.to.input >= to.inputs) {
      issues.push({
        path: `connections[${index}].to.input`,
        nodeName: nameOf(workflow, connection.to.node),
        message: `input ${connection.to.input} does not exist (the node has ${to.inputs})`,
      });
    }
  });
  return issues;
}

function nameOf(workflow: Workflow, nodeId: string): string | undefined {
  return workflow.nodes.find((node) => node.id === nodeId)?.name;
}

/** The outcome of validating a workflow file. */
export type WorkflowValidation = { ok: true; workflow: Workflow } | { ok: false; issues: ValidationIssue[] };

/**
 * Validates raw JSON as a workflow file: the schema first (every problem with its JSON path and, inside a
 * node, the node's name), then the installed node types and ports.
 */
export function validateWorkflowFile(raw: unknown, registry: NodeRegistry): WorkflowValidation {
  const parsed = workflowSchema.safeParse(raw);
  if (!parsed.success) {
    const rawNodes = (raw as { nodes?: unknown } | null)?.nodes;
    const issues = issuesFromZod(parsed.error).map((issue) => {
      const match = /^nodes\[(\d+)\]/.exec(issue.path);
      const name =
        match && Array.isArray(rawNodes)
          ? (rawNodes[Number(match[1])] as { name?: unknown })?.name
          : undefined;
      return typeof name === 'string' ? { ...issue, nodeName: name } : issue;
    });
    return { ok: false, issues };
  }
  const issues = checkWorkflow(parsed.data, registry);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, workflow: parsed.data };
}
