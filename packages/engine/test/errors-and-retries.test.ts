import { describe, expect, it } from 'vitest';
import { retryDelay } from '../src/retry-policy.js';
import { outputJson, testEngine, workflow } from './test-kit.js';

describe('errors', () => {
  it('onError stop fails the execution with the node named and skips what follows', async () => {
    const { engine, counter } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['F', 'test.flaky', { parameters: { failTimes: 9 } }],
        ['After', 'test.set'],
      ],
      ['T->F', 'F->After'],
    );
    const result = await engine.run({ workflow: wf });
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ code: 'TEST_FLAKY', nodeName: 'F', nodeId: 'F' });
    expect(result.runData.F?.[0]).toMatchObject({ status: 'error', outputs: null, tries: 1 });
    expect(counter.of('After')).toBe(0);
  });

  it('onError continue passes the input through and keeps the error in run data', async () => {
    const { engine } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['F', 'test.flaky', { onError: 'continue', parameters: { failTimes: 9 } }],
        ['After', 'test.set'],
      ],
      ['T->F', 'F->After'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: [{ json: { a: 1 } }] });
    expect(result.status).toBe('success');
    expect(result.runData.F?.[0]?.status).toBe('error');
    expect(result.runData.F?.[0]?.error?.code).toBe('TEST_FLAKY');
    expect(outputJson(result.runData, 'After')).toEqual([{ a: 1 }]);
  });

  it('onError errorOutput sends failed input items, with the message, to the extra last output', async () => {
    const { engine, counter } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['F', 'test.flaky', { onError: 'errorOutput', parameters: { failTimes: 9 } }],
        ['Ok', 'test.set'],
        ['Bad', 'test.set'],
      ],
      ['T->F', 'F:0->Ok', 'F:1->Bad'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: [{ json: { a: 1 } }, { json: { a: 2 } }] });
    expect(result.status).toBe('success');
    expect(counter.of('Ok')).toBe(0);
    expect(outputJson(result.runData, 'Bad')).toEqual([
      { a: 1, error: 'failure #1' },
      { a: 2, error: 'failure #1' },
    ]);
    expect(result.runData.F?.[0]?.outputs?.[1]?.map((item) => item.pairedItem)).toEqual([
      { item: 0 },
      { item: 1 },
    ]);
  });

  it('onError errorOutput routes items a node marked as failed, keeping the good ones', async () => {
    const { engine } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['E', 'test.itemErrors', { onError: 'errorOutput' }],
        ['Ok', 'test.set'],
        ['Bad', 'test.set'],
      ],
      ['T->E', 'E:0->Ok', 'E:1->Bad'],
    );
    const result = await engine.run({
      workflow: wf,
      triggerItems: [{ json: { n: 1 } }, { json: { bad: true } }, { json: { n: 3 } }],
    });
    expect(outputJson(result.runData, 'Ok')).toEqual([{ n: 1 }, { n: 3 }]);
    expect(outputJson(result.runData, 'Bad')).toEqual([{ bad: true, error: 'bad item' }]);
    expect(result.runData.E?.[0]?.outputs?.[1]?.[0]?.pairedItem).toEqual({ item: 1 });
  });

  it('rejects a workflow that uses an unknown node type or a port that does not exist', async () => {
    const { engine } = testEngine();
    await expect(engine.run({ workflow: workflow([['T', 'test.nope']], []) })).rejects.toMatchObject({
      code: 'WF_INVALID',
    });
    await expect(
      engine.run({
        workflow: workflow(
          [
            ['T', 'test.trigger'],
            ['A', 'test.set'],
          ],
          ['T:3->A'],
        ),
      }),
    ).rejects.toMatchObject({
      code: 'WF_INVALID',
    });
  });

  it('fails a sub-workflow call by id when no workflow loader is set', async () => {
    const { engine } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Sub', 'test.callSub', { parameters: { workflowId: 'bad' } }],
      ],
      ['T->Sub'],
    );
    const result = await engine.run({ workflow: wf });
    expect(result.error?.code).toBe('NODE_SUBWORKFLOW_UNAVAILABLE');
  });
});

describe('retries', () => {
  it('retries with a fixed wait until the node succeeds', async () => {
    const { engine, clock } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['F', 'test.flaky', { parameters: { failTimes: 2 }, retry: { maxTries: 3, waitMs: 500 } }],
      ],
      ['T->F'],
    );
    const result = await engine.run({ workflow: wf });
    expect(result.status).toBe('success');
    expect(result.runData.F?.[0]?.tries).toBe(3);
    expect(clock.sleeps).toEqual([500, 500]);
  });

  it('retries with exponential backoff and gives up after the last try', async () => {
    const { engine, clock } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        [
          'F',
          'test.flaky',
          {
            parameters: { failTimes: 9 },
            retry: { maxTries: 4, waitMs: 100, backoff: 'exponential', maxWaitMs: 300 },
          },
        ],
      ],
      ['T->F'],
    );
    const result = await engine.run({ workflow: wf });
    expect(result.status).toBe('error');
    expect(result.error?.message).toBe('failure #4');
    expect(result.runData.F?.[0]?.tries).toBe(4);
    expect(clock.sleeps).toEqual([100, 200, 300]);
  });

  it('does not retry bad input', async () => {
    const { engine, counter } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['F', 'test.flaky', { parameters: { failTimes: 9, permanent: true }, retry: { maxTries: 5 } }],
      ],
      ['T->F'],
    );
    const result = await engine.run({ workflow: wf });
    expect(result.error?.code).toBe('TEST_BAD_INPUT');
    expect(counter.of('F')).toBe(1);
  });

  it('retries bad input too when the policy says retryOn: all (n8n semantics)', async () => {
    const { engine, counter } = testEngine();
    const retry = { maxTries: 3, waitMs: 0, retryOn: 'all' as const };
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['F', 'test.flaky', { parameters: { failTimes: 2, permanent: true }, retry }],
      ],
      ['T->F'],
    );
    const result = await engine.run({ workflow: wf });
    expect(result.status).toBe('success');
    expect(counter.of('F')).toBe(3);
  });

  it('spreads waits by the jitter fraction', () => {
    const policy = {
      maxTries: 3,
      waitMs: 1000,
      backoff: 'fixed' as const,
      maxWaitMs: 60_000,
      jitter: 0.5,
      retryOn: 'transient' as const,
    };
    expect(retryDelay(policy, 1, () => 0)).toBe(500);
    expect(retryDelay(policy, 1, () => 1)).toBe(1500);
    expect(retryDelay(policy, 1, () => 0.5)).toBe(1000);
    expect(retryDelay({ ...policy, backoff: 'exponential', jitter: 0 }, 3)).toBe(4000);
  });
});

describe('timeouts and cancel', () => {
  it('times out a node try and reports NODE_TIMEOUT', async () => {
    const { engine } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['H', 'test.hang', { timeoutMs: 50 }],
      ],
      ['T->H'],
    );
    const result = await engine.run({ workflow: wf });
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('NODE_TIMEOUT');
  });

  it('cancels a running execution through its AbortSignal', async () => {
    const { engine, counter } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['H', 'test.hang'],
        ['After', 'test.set'],
      ],
      ['T->H', 'H->After'],
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user canceled')), 20);
    const result = await engine.run({ workflow: wf, signal: controller.signal });
    expect(result.status).toBe('canceled');
    expect(result.runData.H?.[0]?.status).toBe('canceled');
    expect(counter.of('After')).toBe(0);
  });

  it('does not start when the signal is already aborted', async () => {
    const { engine, counter } = testEngine();
    const controller = new AbortController();
    controller.abort();
    const result = await engine.run({
      workflow: workflow([['T', 'test.trigger']], []),
      signal: controller.signal,
    });
    expect(result.status).toBe('canceled');
    expect(counter.of('T')).toBe(0);
  });

  it('fails an execution that runs past settings.executionTimeout', async () => {
    const { realClock } = await import('../src/run-context.js');
    const { engine } = testEngine({ clock: realClock });
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['H', 'test.hang'],
      ],
      ['T->H'],
      { executionTimeout: 1 },
    );
    const started = Date.now();
    const result = await engine.run({ workflow: wf });
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('WF_EXECUTION_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
