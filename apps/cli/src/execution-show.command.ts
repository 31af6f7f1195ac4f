import type { ExecutionDetail } from '@klikkflow/database';
import { type NodeRun, UserError } from '@klikkflow/types';
import { type CliIo, EXIT } from './cli-io.js';
import { withDatabase } from './database.js';
import { executionSummaryJson } from './execution-view.js';
import { formatTable } from './text-format.js';

/** Options of `klikkflow execution:show`. */
export interface ExecutionShowOptions {
  json?: boolean;
}

/** Items per output port summed over the runs (`2, 0` for an If), `-` when no run produced output. */
function itemCounts(runs: readonly NodeRun[]): string {
  const totals: number[] = [];
  for (const run of runs) {
    run.outputs?.forEach((items, port) => {
      totals[port] = (totals[port] ?? 0) + items.length;
    });
  }
  return totals.length === 0 ? '-' : Array.from(totals, (total) => total ?? 0).join(', ');
}

/** One row per node that ran, in the order the nodes first ran. */
function nodeRows(detail: ExecutionDetail): string[][] {
  const nameOf = new Map(detail.workflow.nodes.map((node) => [node.id, node.name]));
  return Object.entries(detail.runData)
    .filter(([, runs]) => runs.length > 0)
    .sort(([, a], [, b]) => (a[0]?.startedAt ?? 0) - (b[0]?.startedAt ?? 0))
    .map(([nodeId, runs]) => [
      nameOf.get(nodeId) ?? nodeId,
      String(runs.length),
      runs.at(-1)?.status ?? '-',
      itemCounts(runs),
    ]);
}

function writeDetail(detail: ExecutionDetail, io: CliIo): void {
  const { record, workflow } = detail;
  const summary = executionSummaryJson(record);
  const lines: [string, string][] = [
    ['workflow', `${record.workflowId} ${JSON.stringify(workflow.name)}`],
    ['status', record.status],
    ['mode', record.mode],
    ['started', summary.startedAt ?? '-'],
    ['finished', summary.finishedAt ?? '-'],
  ];
  if (record.waitTill !== undefined) lines.push(['waits till', new Date(record.waitTill).toISOString()]);
  if (record.error) {
    const nodeName =
      record.error.nodeId && workflow.nodes.find((node) => node.id === record.error?.nodeId)?.name;
    const where = nodeName ? ` in node ${JSON.stringify(nodeName)}` : '';
    lines.push(['error', `${record.error.code}${where}: ${record.error.message}`]);
  }
  io.stdout.write(`execution ${record.id}\n${formatTable(lines)}`);
  const rows = nodeRows(detail);
  io.stdout.write(
    rows.length === 0
      ? '\nno node has run\n'
      : `\n${formatTable([['NODE', 'RUNS', 'STATUS', 'ITEMS OUT'], ...rows])}`,
  );
}

/**
 * `klikkflow execution:show ID`: one execution with its error and a line per node (runs, last status,
 * items per output), or (`--json`) its summary plus `error` and the full `runData`. Unknown id:
 * `EXECUTION_NOT_FOUND`, exit 2.
 */
export async function executionShowCommand(
  id: string,
  options: ExecutionShowOptions,
  io: CliIo,
): Promise<number> {
  const detail = await withDatabase(io, ({ repos }) => repos.executions.getDetail(id));
  if (!detail) throw new UserError('EXECUTION_NOT_FOUND', `no execution has the id ${JSON.stringify(id)}`);
  if (options.json) {
    const { error } = detail.record;
    const json = { ...executionSummaryJson(detail.record), ...(error && { error }), runData: detail.runData };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    writeDetail(detail, io);
  }
  return EXIT.ok;
}
