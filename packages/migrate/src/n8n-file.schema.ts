import { z } from 'zod';

/**
 * The parts of n8n's workflow file the importer reads (see `shared/reference/n8n-format.md` §2). Unknown keys
 * are allowed everywhere: n8n adds fields between versions, and they must not stop an import.
 */

/** One edge target: `{node: destinationName, type, index: destinationInput}`. */
export const n8nConnectionTargetSchema = z.looseObject({
  node: z.string().min(1),
  type: z.string().default('main'),
  index: z.number().int().min(0).default(0),
});
export type N8nConnectionTarget = z.infer<typeof n8nConnectionTargetSchema>;

/** Per source node name, per connection type: output slots (`null` or `[]` = unconnected), each a fan-out. */
export const n8nConnectionsSchema = z.record(
  z.string(),
  z.record(z.string(), z.array(z.array(n8nConnectionTargetSchema).nullable())),
);
export type N8nConnections = z.infer<typeof n8nConnectionsSchema>;

/** `{id, name}`; files from before n8n 0.15x hold the credential's name alone. */
const credentialRefSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { name: value } : value),
  z.looseObject({
    id: z.union([z.string(), z.number()]).nullable().optional(),
    name: z.string().default(''),
  }),
);

/** A node as n8n saves it. */
export const n8nNodeSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().min(1),
  type: z.string().min(1),
  typeVersion: z.number().positive().default(1),
  position: z.tuple([z.number(), z.number()]).catch([0, 0]),
  parameters: z.record(z.string(), z.unknown()).default({}),
  credentials: z.record(z.string(), credentialRefSchema).optional(),
  disabled: z.boolean().optional(),
  notes: z.string().optional(),
  retryOnFail: z.boolean().optional(),
  maxTries: z.number().optional(),
  waitBetweenTries: z.number().optional(),
  alwaysOutputData: z.boolean().optional(),
  executeOnce: z.boolean().optional(),
  onError: z.enum(['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput']).optional(),
  continueOnFail: z.boolean().optional(),
  webhookId: z.string().optional(),
});
export type N8nNode = z.infer<typeof n8nNodeSchema>;

/** `settings`: values are loose because n8n writes `'DEFAULT'` strings next to booleans and numbers. */
export const n8nSettingsSchema = z.looseObject({
  executionOrder: z.string().optional(),
  timezone: z.string().optional(),
  errorWorkflow: z.string().optional(),
  saveDataErrorExecution: z.string().optional(),
  saveDataSuccessExecution: z.string().optional(),
  executionTimeout: z.number().optional(),
  callerPolicy: z.string().optional(),
});
export type N8nSettings = z.infer<typeof n8nSettingsSchema>;

/** A whole n8n workflow (an export, a template, or a copy-paste of the canvas). */
export const n8nWorkflowSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  name: z.string().optional(),
  nodes: z.array(n8nNodeSchema),
  connections: n8nConnectionsSchema.default({}),
  settings: n8nSettingsSchema.nullable().optional(),
  pinData: z.record(z.string(), z.array(z.unknown())).nullable().optional(),
  tags: z.array(z.unknown()).optional(),
  active: z.boolean().optional(),
});
export type N8nWorkflow = z.infer<typeof n8nWorkflowSchema>;
