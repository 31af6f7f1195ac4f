import { randomUUID } from 'node:crypto';
import { workflowJsonSchema, workflowSchema } from '@klikkflow/types';
import { z } from 'zod';

/** A workflow in lists: no definition. */
export const workflowSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  version: z.number().int(),
  tags: z.array(z.string()),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** A stored workflow with its definition (the native file). */
export const workflowRecordSchema = workflowSummarySchema.extend({ definition: workflowSchema });

/**
 * A native workflow file as a request body, `id` optional. Only "a JSON object" is checked here, so that
 * every problem in a file answers `WORKFLOW_INVALID` with all its issues (see `WorkflowStore.parse`);
 * the OpenAPI document still shows the file's JSON Schema.
 */
export function workflowFileBody() {
  const {
    $schema: _ignored,
    required,
    ...file
  } = workflowJsonSchema() as Record<string, unknown> & {
    required?: string[];
  };
  return z
    .record(z.string(), z.unknown())
    .meta({ ...file, required: (required ?? []).filter((key) => key !== 'id') });
}

/** The file with its own `id`, or a fresh one when it has none. */
export function withId(file: Record<string, unknown>): Record<string, unknown> {
  return file.id === undefined ? { ...file, id: randomUUID() } : file;
}

/** Letters, digits, `.`, `_` and `-` only: safe in a quoted header value on every platform. */
const fileSafe = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 100);

/** `workflow-name.json`: the download name of an exported workflow. */
export function exportFileName(name: string, id: string): string {
  return `${fileSafe(name) || fileSafe(id) || 'workflow'}.json`;
}
