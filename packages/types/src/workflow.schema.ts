import { z } from 'zod';
import { itemSchema } from './item.schema.js';

/** The current native workflow file format version. */
export const WORKFLOW_SCHEMA_VERSION = 1;

/** Connection kinds: `main` data flow, or an AI sub-node link (`ai_languageModel`, `ai_tool`...). */
export const connectionTypeSchema = z.union([z.literal('main'), z.string().regex(/^ai_[a-zA-Z]+$/)]);
export type ConnectionType = z.infer<typeof connectionTypeSchema>;

/** What a node does when it fails after its last try. */
export const onErrorSchema = z.enum(['stop', 'continue', 'errorOutput']);
export type OnError = z.infer<typeof onErrorSchema>;

/** Per-node retry policy. */
export const retryPolicySchema = z
  .object({
    /** Total tries including the first (1 = no retry). */
    maxTries: z.number().int().min(1).max(10).default(3),
    /** Wait before the second try, in ms. */
    waitMs: z.number().int().min(0).max(300_000).default(1000),
    backoff: z.enum(['fixed', 'exponential']).default('fixed'),
    /** Upper bound of a single wait with exponential backoff. */
    maxWaitMs: z.number().int().min(0).max(3_600_000).default(60_000),
    /** Random spread of each wait, as a fraction (0.2 = ±20 %). */
    jitter: z.number().min(0).max(1).default(0),
    /**
     * Which failures are tried again: `transient` skips errors a retry cannot fix (bad input, a broken
     * workflow: user-intent errors); `all` retries every failure, as n8n does (imported n8n nodes use it).
     */
    retryOn: z.enum(['transient', 'all']).default('transient'),
  })
  .strict();
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

/** A credential reference on a node: bound by id, with the name kept for re-binding on import. */
export const credentialRefSchema = z.object({ id: z.string().nullable(), name: z.string() }).strict();
export type CredentialRef = z.infer<typeof credentialRefSchema>;

const nodeTypeIdPattern = /^[a-z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9]*)+$/;

/** A node placed in a workflow. */
export const workflowNodeSchema = z
  .object({
    /** Stable identity: connections and run data refer to it. */
    id: z.string().min(1).max(128),
    /** Unique display name: expressions refer to it (`$('Name')`). */
    name: z.string().min(1).max(256),
    /** Node type id, `<scope>.<camelName>`. */
    type: z.string().regex(nodeTypeIdPattern, 'node type must look like "scope.camelName"'),
    /** Integer version of the node type. */
    version: z.number().int().min(1),
    /** Canvas position `[x, y]`; it decides the order of sibling branches. */
    position: z.tuple([z.number(), z.number()]),
    parameters: z.record(z.string(), z.unknown()).default({}),
    credentials: z.record(z.string(), credentialRefSchema).optional(),
    disabled: z.boolean().optional(),
    notes: z.string().optional(),
    /** Run with the first input item only. */
    executeOnce: z.boolean().optional(),
    /** Emit one empty item when the node outputs nothing, so the branch continues. */
    alwaysOutputData: z.boolean().optional(),
    onError: onErrorSchema.optional(),
    retry: retryPolicySchema.optional(),
    /** Per-try timeout in ms. */
    timeoutMs: z.number().int().positive().optional(),
    webhookId: z.string().optional(),
  })
  .strict();
export type WorkflowNode = z.infer<typeof workflowNodeSchema>;

/** A directed edge from a node's output port to a node's input port. */
export const connectionSchema = z
  .object({
    from: z.object({ node: z.string().min(1), output: z.number().int().min(0).default(0) }).strict(),
    to: z.object({ node: z.string().min(1), input: z.number().int().min(0).default(0) }).strict(),
    type: connectionTypeSchema.default('main'),
  })
  .strict();
export type Connection = z.infer<typeof connectionSchema>;

/** Workflow-wide settings. */
export const workflowSettingsSchema = z
  .object({
    /** `v1`: depth-first, branch by branch (default); `v0`: breadth-first, for legacy imports. */
    executionOrder: z.enum(['v0', 'v1']).default('v1'),
    /** IANA time zone for `$now`, `$today` and schedules. */
    timezone: z.string().default('UTC'),
    /** Whole-execution timeout in seconds. */
    executionTimeout: z.number().int().positive().optional(),
    /** Workflow to run when an execution fails. */
    errorWorkflow: z.string().optional(),
    /** Bound on node runs in one execution (endless-loop guard). */
    maxNodeRuns: z.number().int().positive().optional(),
    /** Who may call this workflow as a sub-workflow. */
    callerPolicy: z.enum(['any', 'none']).optional(),
    /** Which executions keep their run data (default: the server's `KLIKKFLOW_SAVE_EXECUTIONS`). */
    saveExecutions: z.enum(['all', 'errors', 'none']).optional(),
  })
  .strict();
export type WorkflowSettings = z.infer<typeof workflowSettingsSchema>;

/** A note on the canvas (n8n's sticky notes import as these): Markdown text in a box, not a node. */
export const stickyNoteSchema = z
  .object({
    id: z.string().min(1).max(128),
    /** Markdown text. */
    content: z.string().max(100_000),
    /** Top-left corner `[x, y]` on the canvas. */
    position: z.tuple([z.number(), z.number()]),
    width: z.number().positive().optional(),
    height: z.number().positive().optional(),
    /** Colour preset number (n8n's 1-7). */
    color: z.number().int().min(0).max(64).optional(),
  })
  .strict();
export type StickyNote = z.infer<typeof stickyNoteSchema>;

/** The native workflow file: git-friendly, id-linked, versioned by `schemaVersion`. */
export const workflowSchema = z
  .object({
    schemaVersion: z.literal(WORKFLOW_SCHEMA_VERSION),
    id: z.string().min(1).max(128),
    name: z.string().min(1).max(256),
    nodes: z.array(workflowNodeSchema),
    connections: z.array(connectionSchema).default([]),
    settings: workflowSettingsSchema.default({ executionOrder: 'v1', timezone: 'UTC' }),
    /** Pinned output (output 0) per node id: used instead of running the node. */
    pinData: z.record(z.string(), z.array(itemSchema)).optional(),
    /** Persisted per-workflow state (poll cursors...). */
    staticData: z.record(z.string(), z.unknown()).optional(),
    tags: z.array(z.string()).optional(),
    /** Notes on the canvas. */
    stickyNotes: z.array(stickyNoteSchema).optional(),
  })
  .strict()
  .superRefine((workflow, ctx) => {
    const ids = new Map<string, number>();
    const names = new Map<string, number>();
    workflow.nodes.forEach((node, index) => {
      const sameId = ids.get(node.id);
      if (sameId !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', index, 'id'],
          message: `duplicate node id "${node.id}" (also used by nodes[${sameId}])`,
        });
      } else ids.set(node.id, index);
      const sameName = names.get(node.name);
      if (sameName !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', index, 'name'],
          message: `duplicate node name "${node.name}" (also used by nodes[${sameName}])`,
        });
      } else names.set(node.name, index);
    });
    workflow.connections.forEach((connection, index) => {
      if (!ids.has(connection.from.node)) {
        ctx.addIssue({
          code: 'custom',
          path: ['connections', index, 'from', 'node'],
          message: `connection starts at unknown node id "${connection.from.node}"`,
        });
      }
      if (!ids.has(connection.to.node)) {
        ctx.addIssue({
          code: 'custom',
          path: ['connections', index, 'to', 'node'],
          message: `connection ends at unknown node id "${connection.to.node}"`,
        });
      }
    });
    for (const key of Object.keys(workflow.pinData ?? {})) {
      if (!ids.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['pinData', key],
          message: `pinned data for unknown node id "${key}"`,
        });
      }
    }
  });

/** A parsed, valid workflow. */
export type Workflow = z.infer<typeof workflowSchema>;
/** A workflow as written in a file, before defaults are applied. */
export type WorkflowInput = z.input<typeof workflowSchema>;

/** JSON Schema (draft 2020-12) of the native workflow file, for editors and `klikkflow validate`. */
export function workflowJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(workflowSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
