import type { ExecutionState } from '@klikkflow/engine';
import {
  type ExecutionMode,
  type ExecutionStatus,
  type RunData,
  TERMINAL_STATUSES,
  UserError,
  type Workflow,
} from '@klikkflow/types';
import { type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import { runRows, stateText, writeCheckpoint } from './execution-checkpoint.js';
import { createGroupCommit } from './group-commit.js';
import { toOutboxRows } from './outbox.repository.js';
import { checkPageLimit, olderThanCursor, toPage } from './pagination.js';
import type {
  ExecutionPatch,
  ExecutionRecord,
  ExecutionRepository,
  NewExecution,
} from './repositories.types.js';
import type { DatabaseSchema, ExecutionLeaseColumns, ExecutionsTable } from './schema.js';
import { isUniqueViolation, optional } from './sql-helpers.js';
import { runDataOfRows, startItemsOf } from './stored-node-run.js';

/** The columns of a record; the lease columns belong to the lease repository. */
type ExecutionRow = Omit<Selectable<ExecutionsTable>, keyof ExecutionLeaseColumns>;

/** Large id lists go in slices, well under SQLite's bound-parameter limit. */
const DELETE_BATCH = 500;

function toRecord(row: ExecutionRow): ExecutionRecord {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    mode: row.mode as ExecutionMode,
    status: row.status as ExecutionStatus,
    createdAt: row.created_at,
    startedAt: optional(row.started_at),
    finishedAt: optional(row.finished_at),
    waitTill: optional(row.wait_till),
    retryOf: optional(row.retry_of),
    idempotencyKey: optional(row.idempotency_key),
    error:
      row.error_code === null
        ? undefined
        : { code: row.error_code, message: row.error_message ?? '', nodeId: optional(row.error_node) },
  };
}

function toRow(execution: NewExecution): ExecutionRow {
  return {
    id: execution.id,
    workflow_id: execution.workflowId,
    mode: execution.mode,
    status: execution.status,
    created_at: execution.createdAt,
    started_at: execution.startedAt ?? null,
    finished_at: execution.finishedAt ?? null,
    wait_till: execution.waitTill ?? null,
    retry_of: execution.retryOf ?? null,
    idempotency_key: execution.idempotencyKey ?? null,
    error_code: execution.error?.code ?? null,
    error_message: execution.error?.message ?? null,
    error_node: execution.error?.nodeId ?? null,
  };
}

/** The columns a transition's patch sets; `undefined` leaves a column alone, `null` clears it. */
export function patchColumns(patch: ExecutionPatch): Updateable<ExecutionsTable> {
  const columns: Updateable<ExecutionsTable> = {};
  if (patch.startedAt !== undefined) columns.started_at = patch.startedAt;
  if (patch.finishedAt !== undefined) columns.finished_at = patch.finishedAt;
  if (patch.waitTill !== undefined) columns.wait_till = patch.waitTill;
  if (patch.error !== undefined) {
    columns.error_code = patch.error?.code ?? null;
    columns.error_message = patch.error?.message ?? null;
    columns.error_node = patch.error?.nodeId ?? null;
  }
  return columns;
}

/** When a terminal execution ended; one that ended without `finishedAt` counts from its creation. */
const endedAt = sql<number>`coalesce(finished_at, created_at)`;

async function runDataOf(db: Kysely<DatabaseSchema>, id: string, start: unknown): Promise<RunData> {
  const rows = await db
    .selectFrom('execution_node_runs')
    .select(['node_id', 'data'])
    .where('execution_id', '=', id)
    .orderBy('node_id')
    .orderBy('run_index')
    .execute();
  return runDataOfRows(rows, startItemsOf(start));
}

/** Rows per multi-row insert: far below either dialect's limit on bound parameters. */
const INSERT_CHUNK = 500;

/**
 * Inserts executions with their data, node runs and outbox messages, a few multi-row statements for all
 * of them.
 */
async function insertExecutions(
  db: Kysely<DatabaseSchema>,
  executions: readonly NewExecution[],
): Promise<void> {
  await db.insertInto('executions').values(executions.map(toRow)).execute();
  await db
    .insertInto('execution_data')
    .values(
      executions.map((execution) => ({
        execution_id: execution.id,
        workflow: JSON.stringify(execution.workflow),
        start: JSON.stringify(execution.start ?? null),
        state: execution.state ? stateText(execution.state) : null,
        sequence: execution.state?.sequence ?? 0,
      })),
    )
    .execute();
  // The start goes in the same write: a trigger run's input that is its trigger items refers to it.
  const runs = executions.flatMap((execution) =>
    runRows(execution.id, execution.runs ?? [], startItemsOf(execution.start)),
  );
  for (let start = 0; start < runs.length; start += INSERT_CHUNK) {
    await db
      .insertInto('execution_node_runs')
      .values(runs.slice(start, start + INSERT_CHUNK))
      .execute();
  }
  const messages = toOutboxRows(
    executions.flatMap((execution) => execution.outbox ?? []),
    Date.now(),
  );
  for (let start = 0; start < messages.length; start += INSERT_CHUNK) {
    await db
      .insertInto('outbox')
      .values(messages.slice(start, start + INSERT_CHUNK))
      .execute();
  }
}

/** Executions over Kysely: lean rows in `executions`, bulk data in `execution_data` and node run rows. */
export function createExecutionRepository(db: Kysely<DatabaseSchema>): ExecutionRepository {
  const selectExecutions = () => db.selectFrom('executions').selectAll();
  const insertInOneTransaction = (executions: readonly NewExecution[]) =>
    db.transaction().execute((trx) => insertExecutions(trx, executions));
  // Executions created together (a burst of webhook calls) share one commit.
  const grouped = createGroupCommit<NewExecution>({
    writeAll: insertInOneTransaction,
    writeOne: (execution) => insertInOneTransaction([execution]),
  });

  return {
    async create(execution) {
      try {
        await grouped.add(execution);
        return { record: toRecord(toRow(execution)), created: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Read the winner outside the failed transaction: PostgreSQL refuses statements in an aborted one.
        if (execution.idempotencyKey !== undefined) {
          const first = await selectExecutions()
            .where('workflow_id', '=', execution.workflowId)
            .where('idempotency_key', '=', execution.idempotencyKey)
            .executeTakeFirst();
          if (first) return { record: toRecord(first), created: false };
        }
        throw new UserError('DB_CONFLICT', `execution "${execution.id}" already exists`, {
          details: { id: execution.id },
          cause: error,
        });
      }
    },

    async get(id) {
      const row = await selectExecutions().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async getDetail(id) {
      const row = await db
        .selectFrom('executions')
        .innerJoin('execution_data', 'execution_data.execution_id', 'executions.id')
        .selectAll('executions')
        .select(['execution_data.workflow', 'execution_data.start', 'execution_data.state'])
        .where('executions.id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      const start = JSON.parse(row.start) as unknown;
      const runData = await runDataOf(db, id, start);
      const state = row.state === null ? undefined : (JSON.parse(row.state) as ExecutionState);
      return {
        record: toRecord(row),
        workflow: JSON.parse(row.workflow) as Workflow,
        start,
        state: state && { ...state, runData },
        runData,
      };
    },

    async list(query) {
      const limit = checkPageLimit(query.limit);
      if (query.status?.length === 0) return { items: [], nextCursor: null };
      let select = selectExecutions();
      if (query.status !== undefined) select = select.where('status', 'in', query.status);
      if (query.workflowId !== undefined) select = select.where('workflow_id', '=', query.workflowId);
      if (query.createdAfter !== undefined) select = select.where('created_at', '>=', query.createdAfter);
      if (query.createdBefore !== undefined) select = select.where('created_at', '<', query.createdBefore);
      if (query.cursor !== undefined)
        select = select.where(olderThanCursor('created_at', 'id', query.cursor));
      const rows = await select
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, (row) => ({ at: row.created_at, id: row.id }), toRecord);
    },

    async transition(id, from, to, patch = {}) {
      if (from.length === 0) return false;
      const result = await db
        .updateTable('executions')
        .set({ ...patchColumns(patch), status: to })
        .where('id', '=', id)
        .where('status', 'in', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async checkpoint(id, state, newRuns) {
      return db.transaction().execute((trx) => writeCheckpoint(trx, id, state, newRuns));
    },

    async clearData(id) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('execution_node_runs').where('execution_id', '=', id).execute();
        // The sequence stays, so a late checkpoint of the finished run cannot bring the data back.
        await trx.updateTable('execution_data').set({ state: null }).where('execution_id', '=', id).execute();
      });
    },

    async delete(ids) {
      let deleted = 0;
      for (let offset = 0; offset < ids.length; offset += DELETE_BATCH) {
        const batch = ids.slice(offset, offset + DELETE_BATCH);
        // Data and node runs cascade (foreign keys on both dialects).
        const result = await db.deleteFrom('executions').where('id', 'in', batch).executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      return deleted;
    },

    async prune({ finishedBefore, keep }) {
      if (!Number.isInteger(keep) || keep < 0) {
        throw new UserError('DB_PRUNE_INVALID', `keep must be a whole number >= 0, not ${keep}`, {
          details: { keep },
        });
      }
      return db.transaction().execute(async (trx) => {
        const terminal = () => trx.deleteFrom('executions').where('status', 'in', TERMINAL_STATUSES);
        const aged = await terminal().where(endedAt, '<', finishedBefore).executeTakeFirst();
        const newest = trx
          .selectFrom('executions')
          .select('id')
          .where('status', 'in', TERMINAL_STATUSES)
          .orderBy(endedAt, 'desc')
          .orderBy('id', 'desc')
          .limit(keep);
        const beyond = await terminal().where('id', 'not in', newest).executeTakeFirst();
        return Number(aged.numDeletedRows) + Number(beyond.numDeletedRows);
      });
    },

    async listByStatus(statuses) {
      if (statuses.length === 0) return [];
      const rows = await selectExecutions()
        .where('status', 'in', statuses)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },

    async listWaitingDue(now, limit) {
      // "Oldest" means longest overdue: the (status, wait_till) index serves this order.
      const rows = await selectExecutions()
        .where('status', '=', 'waiting')
        .where('wait_till', '<=', now)
        .orderBy('wait_till')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },

    async countByStatus() {
      const rows = await db
        .selectFrom('executions')
        .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
    },
  };
}
