import { setTimeout as sleep } from 'node:timers/promises';
import { TERMINAL_STATUSES } from '@klikkflow/types';
import { CHAOS_NODES, idempotencyKeyOf, SIDE_EFFECT_NODES, type SideEffectNode } from './chaos-workflow.js';
import type { ChaosDb, ExecutionRow, NodeRunRow } from './cluster-db.js';
import type { LedgerServer } from './ledger-server.js';

/** What {@link verifyChaosRun} checks. */
export interface ChaosRunCheck {
  db: ChaosDb;
  ledger: LedgerServer;
  workflowId: string;
  /** Execution ids the ingress answered 2xx for: each must exist and end terminal (G1). */
  acceptedIds: readonly string[];
  /** How long after the faults every execution may take to end terminal. */
  terminalWithinMs: number;
  /** Deliveries one idempotency key may have (1 + the re-runs the faults could cause; G4). */
  maxDeliveriesPerKey: number;
}

/** The figures of a chaos run and every violated invariant, as readable lines. */
export interface ChaosRunVerdict {
  figures: {
    executions: number;
    accepted: number;
    lost: number;
    nonSuccess: number;
    rawDeliveries: number;
    uniqueKeys: number;
    duplicates: number;
    maxPerKey: number;
    rerunsAfterCommit: number;
    terminalMs: number;
  };
  problems: string[];
  rows: ExecutionRow[];
}

const LIST_AT_MOST = 8;

/** Nothing runs after one of these (G7). */
const terminal = (status: string | undefined): boolean =>
  status !== undefined && (TERMINAL_STATUSES as readonly string[]).includes(status);

/** Up to {@link LIST_AT_MOST} examples of a problem, with the total. */
function some(what: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  const more = items.length > LIST_AT_MOST ? ` …and ${items.length - LIST_AT_MOST} more` : '';
  return [`${what} (${items.length}): ${items.slice(0, LIST_AT_MOST).join('; ')}${more}`];
}

/**
 * Waits (bounded) until every accepted execution and every execution of the workflow is terminal, then
 * checks the battery's invariants: nothing accepted is lost (G1); every execution succeeded; each of the 6
 * nodes has exactly one committed run, run index 0 (G3); each side effect has exactly one idempotency key
 * per execution (G4), no key more than `maxDeliveriesPerKey` deliveries, and no delivery after the one
 * whose answer was committed (a committed node never ran again, G3); ledger B only ever ran on ledger A's
 * committed output.
 */
export async function verifyChaosRun(check: ChaosRunCheck): Promise<ChaosRunVerdict> {
  const { db, ledger } = check;
  const waitStarted = Date.now();
  let rows: ExecutionRow[] = [];
  let accepted = new Map<string, ExecutionRow>();
  for (;;) {
    rows = await db.executionsOf(check.workflowId);
    accepted = await db.executions(check.acceptedIds);
    const pending = [...rows, ...accepted.values()].filter((row) => !terminal(row.status));
    const missing = check.acceptedIds.length - accepted.size;
    if ((pending.length === 0 && missing === 0) || Date.now() - waitStarted > check.terminalWithinMs) break;
    await sleep(250);
  }
  const terminalMs = Date.now() - waitStarted;
  const problems: string[] = [];

  const lost = check.acceptedIds.filter((id) => !terminal(accepted.get(id)?.status));
  problems.push(
    ...some(
      `accepted executions not terminal ${check.terminalWithinMs} ms after the faults`,
      lost.map((id) => `${id}: ${accepted.get(id)?.status ?? 'no row'}`),
    ),
  );
  const stuck = rows.filter((row) => !terminal(row.status) && !lost.includes(row.id));
  problems.push(...some('unacknowledged executions not terminal', stuck.map(describe)));
  const nonSuccess = rows.filter((row) => terminal(row.status) && row.status !== 'success');
  problems.push(...some('executions that did not succeed', nonSuccess.map(describe)));

  const runs = await db.nodeRuns(rows.map((row) => row.id));
  problems.push(
    ...some('executions whose node runs are not one per node at run index 0', runProblems(rows, runs)),
  );
  const committed = committedDeliveries(runs);
  const ledgerCheck = ledgerProblems(ledger, rows, committed, check.maxDeliveriesPerKey);
  problems.push(...ledgerCheck.problems);

  const counts = ledger.counts();
  return {
    figures: {
      executions: rows.length,
      accepted: check.acceptedIds.length,
      lost: lost.length,
      nonSuccess: nonSuccess.length,
      rawDeliveries: counts.raw,
      uniqueKeys: counts.uniqueKeys,
      duplicates: counts.duplicates,
      maxPerKey: counts.maxPerKey,
      rerunsAfterCommit: ledgerCheck.rerunsAfterCommit,
      terminalMs,
    },
    problems,
    rows,
  };
}

function describe(row: ExecutionRow): string {
  const error = row.errorCode ? ` ${row.errorCode}: ${row.errorMessage}` : '';
  return `${row.id} ${row.status} (epoch ${row.epoch}, owner ${row.leaseOwner})${error}`;
}

/** Executions whose run rows are not exactly the workflow's nodes, once each, at run index 0. */
function runProblems(rows: readonly ExecutionRow[], runs: readonly NodeRunRow[]): string[] {
  const byExecution = new Map<string, NodeRunRow[]>();
  for (const run of runs)
    byExecution.set(run.executionId, [...(byExecution.get(run.executionId) ?? []), run]);
  const expected = [...CHAOS_NODES].sort().map((node) => `${node}#0`);
  const problems: string[] = [];
  for (const row of rows) {
    if (row.status !== 'success') continue;
    const got = (byExecution.get(row.id) ?? []).map((run) => `${run.nodeId}#${run.runIndex}`).sort();
    if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`${row.id}: ${got.join(',')}`);
  }
  return problems;
}

/** `<execution>:<node>` → the ledger delivery number in the node's committed output. */
function committedDeliveries(runs: readonly NodeRunRow[]): Map<string, number> {
  const committed = new Map<string, number>();
  for (const run of runs) {
    if (!(run.nodeId in SIDE_EFFECT_NODES)) continue;
    const delivery = run.run.outputs?.[0]?.[0]?.json.delivery;
    if (typeof delivery === 'number') committed.set(`${run.executionId}:${run.nodeId}`, delivery);
  }
  return committed;
}

function ledgerProblems(
  ledger: LedgerServer,
  rows: readonly ExecutionRow[],
  committed: Map<string, number>,
  maxDeliveriesPerKey: number,
): { problems: string[]; rerunsAfterCommit: number } {
  const known = new Set(rows.map((row) => row.id));
  const noCommit: string[] = [];
  const tooMany: string[] = [];
  const rerun: string[] = [];
  const unknown: string[] = [];
  const wrongInput: string[] = [];
  for (const [node, name] of Object.entries(SIDE_EFFECT_NODES) as [SideEffectNode, string][]) {
    const byKey = ledger.byKey(name);
    for (const key of byKey.keys()) {
      if (!known.has(key.split(':')[0] ?? '')) unknown.push(`${name} ${key}`);
    }
    for (const row of rows) {
      if (row.status !== 'success') continue;
      const key = idempotencyKeyOf(row.id, node);
      const deliveries = byKey.get(key) ?? [];
      const kept = committed.get(`${row.id}:${node}`);
      if (kept === undefined || deliveries.length === 0) {
        noCommit.push(`${key}: ${deliveries.length} deliveries, committed ${kept}`);
        continue;
      }
      if (deliveries.length > maxDeliveriesPerKey) tooMany.push(`${key}: ${deliveries.length}`);
      const later = deliveries.filter((delivery) => delivery.delivery > kept);
      if (later.length > 0)
        rerun.push(`${key}: committed #${kept}, then #${later.map((d) => d.delivery).join(',#')}`);
      if (node === 'ledgerB') {
        const committedA = committed.get(`${row.id}:ledgerA`);
        // A body field built from an expression arrives as text.
        const off = deliveries.filter((delivery) => Number(delivery.body.afterA) !== committedA);
        if (off.length > 0)
          wrongInput.push(`${key}: afterA ${off.map((d) => d.body.afterA)} ≠ ${committedA}`);
      }
    }
  }
  const withoutKey = ledger.counts().withoutKey;
  return {
    problems: [
      ...(withoutKey > 0 ? [`${withoutKey} ledger deliveries without an Idempotency-Key`] : []),
      ...some('side effects of executions that do not exist', unknown),
      ...some('succeeded executions without a delivery matching a committed output', noCommit),
      ...some(`idempotency keys delivered more than ${maxDeliveriesPerKey} times`, tooMany),
      ...some('side-effect nodes that ran again after their output was committed', rerun),
      ...some("ledger B deliveries that did not run on ledger A's committed output", wrongInput),
    ],
    rerunsAfterCommit: rerun.length,
  };
}
