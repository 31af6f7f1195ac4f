import { runDataOfRows, startItemsOf } from '@klikkflow/database';
import type { NodeRun } from '@klikkflow/types';
import pg from 'pg';

/** An `executions` row as the chaos checks read it. */
export interface ExecutionRow {
  id: string;
  status: string;
  epoch: number;
  leaseOwner: string | null;
  finishedAt: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  recoveries: number;
}

/** An `execution_node_runs` row with its `data` read back as the run it stores. */
export interface NodeRunRow {
  executionId: string;
  nodeId: string;
  runIndex: number;
  run: NodeRun;
}

/** Read access to a cluster's tables, for the checks (never writes). */
export interface ChaosDb {
  /** The rows of `ids` that exist, by id. */
  executions(ids: readonly string[]): Promise<Map<string, ExecutionRow>>;
  /** Every execution of a workflow. */
  executionsOf(workflowId: string): Promise<ExecutionRow[]>;
  nodeRuns(ids: readonly string[]): Promise<NodeRunRow[]>;
  close(): Promise<void>;
}

const EXECUTION_COLUMNS = `id, status, epoch, lease_owner, finished_at, error_code, error_message, recoveries`;

interface RawExecution {
  id: string;
  status: string;
  epoch: number;
  lease_owner: string | null;
  finished_at: string | null;
  error_code: string | null;
  error_message: string | null;
  recoveries: number;
}

function executionOf(row: RawExecution): ExecutionRow {
  return {
    id: row.id,
    status: row.status,
    epoch: Number(row.epoch),
    leaseOwner: row.lease_owner,
    // bigint columns arrive as strings.
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    errorCode: row.error_code,
    errorMessage: row.error_message,
    recoveries: Number(row.recoveries),
  };
}

/**
 * Opens a small pool on the cluster's schema. A connection that the database drops (a PostgreSQL restart
 * scenario) is discarded by the pool; its error event must not crash the test process.
 */
export function openChaosDb(databaseUrl: string, schema: string): ChaosDb {
  const pool = new pg.Pool({ connectionString: databaseUrl, options: `-c search_path=${schema}`, max: 2 });
  pool.on('error', () => undefined);
  return {
    async executions(ids) {
      const { rows } = await pool.query<RawExecution>(
        `select ${EXECUTION_COLUMNS} from executions where id = any($1::text[])`,
        [ids],
      );
      return new Map(rows.map((row) => [row.id, executionOf(row)]));
    },
    async executionsOf(workflowId) {
      const { rows } = await pool.query<RawExecution>(
        `select ${EXECUTION_COLUMNS} from executions where workflow_id = $1`,
        [workflowId],
      );
      return rows.map(executionOf);
    },
    async nodeRuns(ids) {
      const { rows } = await pool.query<{ execution_id: string; node_id: string; data: string }>(
        `select execution_id, node_id, data from execution_node_runs where execution_id = any($1::text[])
         order by execution_id, node_id, run_index`,
        [ids],
      );
      const starts = await pool.query<{ execution_id: string; start: string }>(
        'select execution_id, start from execution_data where execution_id = any($1::text[])',
        [ids],
      );
      const startOf = new Map(starts.rows.map((row) => [row.execution_id, JSON.parse(row.start) as unknown]));
      const byExecution = new Map<string, typeof rows>();
      for (const row of rows) {
        const stored = byExecution.get(row.execution_id) ?? [];
        stored.push(row);
        byExecution.set(row.execution_id, stored);
      }
      return [...byExecution].flatMap(([executionId, stored]) =>
        Object.entries(runDataOfRows(stored, startItemsOf(startOf.get(executionId)))).flatMap(
          ([nodeId, runs]) => runs.map((run) => ({ executionId, nodeId, runIndex: run.runIndex, run })),
        ),
      );
    },
    close: () => pool.end(),
  };
}
