import { type ExecutionStatus, executionStatusSchema, UserError } from '@klikkflow/types';
import { type CliIo, EXIT } from './cli-io.js';
import { withDatabase } from './database.js';
import { executionSummaryJson } from './execution-view.js';
import { formatTable } from './text-format.js';

/** Options of `klikkflow execution:list`, as typed on the command line. */
export interface ExecutionListOptions {
  /** One status or a comma list. */
  status?: string;
  workflow?: string;
  /** 1..500, default 20. */
  limit?: string;
  json?: boolean;
}

const STATUSES: readonly string[] = executionStatusSchema.options;
const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 20;

function parseStatuses(value: string): ExecutionStatus[] {
  const statuses = value.split(',').map((status) => status.trim());
  for (const status of statuses) {
    if (!STATUSES.includes(status)) {
      throw new UserError(
        'CLI_INVALID_OPTION',
        `--status ${JSON.stringify(status)} is not a status; use one of ${STATUSES.join(', ')} (comma-separated)`,
      );
    }
  }
  return statuses as ExecutionStatus[];
}

function parseLimit(value: string): number {
  const limit = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw new UserError(
      'CLI_INVALID_OPTION',
      `--limit must be a whole number from 1 to ${MAX_LIMIT} (got ${JSON.stringify(value)})`,
    );
  }
  return limit;
}

/**
 * `klikkflow execution:list`: the newest executions, optionally of some statuses or one workflow, as a
 * table or (`--json`) an array of {@link executionSummaryJson}. A bad `--status` or `--limit`: exit 2.
 */
export async function executionListCommand(options: ExecutionListOptions, io: CliIo): Promise<number> {
  const status = options.status === undefined ? undefined : parseStatuses(options.status);
  const limit = options.limit === undefined ? DEFAULT_LIMIT : parseLimit(options.limit);
  const page = await withDatabase(io, ({ repos }) =>
    repos.executions.list({
      limit,
      ...(status && { status }),
      ...(options.workflow !== undefined && { workflowId: options.workflow }),
    }),
  );
  const executions = page.items.map(executionSummaryJson);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(executions, null, 2)}\n`);
  } else if (executions.length === 0) {
    io.stdout.write('no executions\n');
  } else {
    const rows = executions.map((execution) => [
      execution.id,
      execution.workflowId,
      execution.status,
      execution.startedAt ?? '-',
      execution.finishedAt ?? '-',
    ]);
    io.stdout.write(formatTable([['ID', 'WORKFLOW', 'STATUS', 'STARTED', 'FINISHED'], ...rows]));
  }
  return EXIT.ok;
}
