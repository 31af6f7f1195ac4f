import type { ExecutionState } from '@klikkflow/engine';
import type { NodeRun } from '@klikkflow/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';
import { dataDirEnv, echoWorkflow, freshDataDir, openDataDirDatabase } from './database-harness.js';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
const workflow = echoWorkflow('echo', 'Echo');

function nodeRun(
  startedAt: number,
  outputs: NodeRun['outputs'],
  status: NodeRun['status'] = 'success',
): NodeRun {
  return { runIndex: 0, status, startedAt, durationMs: 2, source: [null], inputs: [[{ json: {} }]], outputs };
}

function state(id: string, sequence: number): ExecutionState {
  return {
    executionId: id,
    workflowId: workflow.id,
    mode: 'manual',
    status: 'running',
    startedAt: T0,
    runData: {},
    stack: [],
    waiting: [],
    nodeState: {},
    nodeRuns: sequence,
    sequence,
  };
}

/**
 * Three executions, made the way the server makes them: `ok` (success, Mark ran twice), `failed` (Mark
 * failed), `other` (still running, of another workflow). Created a minute apart in that order.
 */
async function seed(dataDir: string): Promise<void> {
  const { connection, repos } = await openDataDirDatabase(dataDir);
  try {
    const executions = repos.executions;
    const create = (id: string, workflowId: string, minute: number) =>
      executions.create({
        id,
        workflowId,
        mode: 'manual',
        status: 'running',
        workflow: { ...workflow, id: workflowId },
        start: {},
        createdAt: T0 + minute * 60_000,
        startedAt: T0 + minute * 60_000,
      });
    await create('ok', 'echo', 0);
    await executions.checkpoint('ok', state('ok', 1), [
      { nodeId: 'start', run: nodeRun(T0, [[{ json: { a: 1 } }, { json: { a: 2 } }]]) },
      { nodeId: 'mark', run: nodeRun(T0 + 5, [[{ json: { a: 1 } }, { json: { a: 2 } }]]) },
    ]);
    // Mark runs again, and a node the snapshot no longer has fills two outputs.
    await executions.checkpoint('ok', state('ok', 2), [
      { nodeId: 'mark', run: { ...nodeRun(T0 + 10, [[{ json: { a: 3 } }]]), runIndex: 1 } },
      { nodeId: 'gone', run: nodeRun(T0 + 20, [[{ json: {} }], [{ json: {} }, { json: {} }]]) },
    ]);
    await executions.transition('ok', ['running'], 'success', { finishedAt: T0 + 1_000 });

    await create('failed', 'echo', 1);
    await executions.checkpoint('failed', state('failed', 1), [
      { nodeId: 'start', run: nodeRun(T0 + 60_000, [[{ json: {} }]]) },
      { nodeId: 'mark', run: nodeRun(T0 + 60_005, null, 'error') },
    ]);
    await executions.transition('failed', ['running'], 'error', {
      finishedAt: T0 + 61_000,
      error: { code: 'NODE_BROKEN', message: 'it broke', nodeId: 'mark' },
    });

    await create('other', 'another', 2);
  } finally {
    await connection.close();
  }
}

describe('klikkflow execution:list and execution:show', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    const dataDir = freshDataDir();
    await seed(dataDir);
    env = dataDirEnv(dataDir);
  });

  it('lists executions newest first as a table', async () => {
    const result = await runCli(['execution:list'], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+WORKFLOW\s+STATUS\s+STARTED\s+FINISHED$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/))).toEqual([
      ['other', 'another', 'running', '2026-01-02T03:06:05.000Z', '-'],
      ['failed', 'echo', 'error', '2026-01-02T03:05:05.000Z', '2026-01-02T03:05:06.000Z'],
      ['ok', 'echo', 'success', '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:06.000Z'],
    ]);
  });

  it('lists as JSON with ISO times or null, filtered by statuses, workflow and limit', async () => {
    const all = await runCli(['execution:list', '--json'], { env });
    expect(JSON.parse(all.stdout)).toContainEqual({
      id: 'other',
      workflowId: 'another',
      status: 'running',
      mode: 'manual',
      startedAt: '2026-01-02T03:06:05.000Z',
      finishedAt: null,
    });
    const ids = async (...args: string[]) =>
      (
        JSON.parse((await runCli(['execution:list', '--json', ...args], { env })).stdout) as { id: string }[]
      ).map((execution) => execution.id);
    expect(await ids('--status', 'success,error')).toEqual(['failed', 'ok']);
    expect(await ids('--workflow', 'echo', '--limit', '1')).toEqual(['failed']);
    expect(await ids('--status', 'waiting')).toEqual([]);
  });

  it('says so when no execution matches', async () => {
    const result = await runCli(['execution:list', '--status', 'canceled'], { env });
    expect(result).toEqual({ code: 0, stdout: 'no executions\n', stderr: '' });
  });

  it.each([
    [['--limit', '0'], /--limit must be a whole number from 1 to 500 \(got "0"\)/],
    [['--limit', '501'], /--limit must be a whole number from 1 to 500/],
    [['--limit', '2x'], /--limit must be a whole number/],
    [['--status', 'success,done'], /--status "done" is not a status; use one of new, running/],
  ])('exits 2 naming the bad option %j', async (args, message) => {
    const result = await runCli(['execution:list', ...args], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error CLI_INVALID_OPTION: /);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('shows an execution with its error and what each node did', async () => {
    const result = await runCli(['execution:show', 'failed'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('execution failed\n');
    expect(result.stdout).toMatch(/\nworkflow\s+echo "Echo"\n/);
    expect(result.stdout).toMatch(/\nstatus\s+error\n/);
    expect(result.stdout).toMatch(/\nerror\s+NODE_BROKEN in node "Mark": it broke\n/);
    const table = result.stdout.slice(result.stdout.indexOf('\nNODE ') + 1);
    expect(table.split('\n').map((line) => line.split(/\s{2,}/))).toEqual([
      ['NODE', 'RUNS', 'STATUS', 'ITEMS OUT'],
      ['Start', '1', 'success', '1'],
      ['Mark', '1', 'error', '-'],
      [''],
    ]);
  });

  it('sums items per output over the runs of a node and names a node the snapshot lacks by its id', async () => {
    const result = await runCli(['execution:show', 'ok'], { env });
    const table = result.stdout.slice(result.stdout.indexOf('\nNODE ') + 1);
    expect(table.split('\n').map((line) => line.split(/\s{2,}/))).toEqual([
      ['NODE', 'RUNS', 'STATUS', 'ITEMS OUT'],
      ['Start', '1', 'success', '2'],
      ['Mark', '2', 'success', '3'],
      ['gone', '1', 'success', '1, 2'],
      [''],
    ]);
  });

  it('shows the summary, error and run data as JSON', async () => {
    const result = await runCli(['execution:show', 'failed', '--json'], { env });
    const shown = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({
      id: 'failed',
      workflowId: 'echo',
      status: 'error',
      mode: 'manual',
      startedAt: '2026-01-02T03:05:05.000Z',
      finishedAt: '2026-01-02T03:05:06.000Z',
      error: { code: 'NODE_BROKEN', message: 'it broke', nodeId: 'mark' },
    });
    expect(Object.keys(shown.runData as object).sort()).toEqual(['mark', 'start']);

    const ok = JSON.parse((await runCli(['execution:show', 'ok', '--json'], { env })).stdout) as Record<
      string,
      unknown
    >;
    expect(ok).not.toHaveProperty('error');
    expect(ok.runData).toMatchObject({
      mark: [{ runIndex: 0, outputs: [[{ json: { a: 1 } }, { json: { a: 2 } }]] }, { runIndex: 1 }],
    });
  });

  it('shows a running execution without node runs', async () => {
    const result = await runCli(['execution:show', 'other'], { env });
    expect(result.stdout).toMatch(/\nfinished\s+-\n/);
    expect(result.stdout).toContain('\nno node has run\n');
  });

  it('exits 2 naming an unknown execution id', async () => {
    const result = await runCli(['execution:show', 'nope'], { env });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error EXECUTION_NOT_FOUND: no execution has the id "nope"\n',
    });
  });
});
