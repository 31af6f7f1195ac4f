import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInProcessQueue, type InProcessQueueOptions } from './in-process-queue.js';

/** Lets every pending microtask and promise callback run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A handler whose jobs finish only when the test says so, counting how many run at once. */
function controlledHandler() {
  const started: number[] = [];
  const running = new Map<number, { resolve: () => void; reject: (error: unknown) => void }>();
  let maxRunning = 0;
  const handler = (job: number) =>
    new Promise<void>((resolve, reject) => {
      started.push(job);
      running.set(job, { resolve, reject });
      maxRunning = Math.max(maxRunning, running.size);
    });
  const settle = (job: number, error?: unknown) => {
    const entry = running.get(job);
    if (entry === undefined) throw new Error(`job ${job} is not running`);
    running.delete(job);
    if (error === undefined) entry.resolve();
    else entry.reject(error);
  };
  return {
    handler,
    started,
    running: () => [...running.keys()],
    maxRunning: () => maxRunning,
    settle,
    /** Lets queued jobs start and finishes them, until none is running. */
    async settleAll() {
      await flush();
      while (running.size > 0) {
        for (const job of [...running.keys()]) settle(job);
        await flush();
      }
    },
  };
}

function queueWith(
  overrides: Partial<InProcessQueueOptions<number>> & Pick<InProcessQueueOptions<number>, 'handler'>,
) {
  return createInProcessQueue<number>({ concurrency: 1, capacity: 10, ...overrides });
}

describe('createInProcessQueue', () => {
  it.each([
    ['concurrency', 0],
    ['concurrency', 1.5],
    ['concurrency', Number.NaN],
    ['capacity', -1],
    ['capacity', Number.POSITIVE_INFINITY],
  ])('refuses %s = %s with QUEUE_OPTIONS_INVALID', (key, value) => {
    expect(() => queueWith({ handler: async () => {}, [key]: value })).toThrow(
      expect.objectContaining({ code: 'QUEUE_OPTIONS_INVALID', intent: 'user' }),
    );
  });

  it('refuses a missing handler', () => {
    const options = { concurrency: 1, capacity: 1 } as InProcessQueueOptions<number>;
    expect(() => createInProcessQueue(options)).toThrow(
      expect.objectContaining({ code: 'QUEUE_OPTIONS_INVALID' }),
    );
  });

  it('starts jobs in the order they were accepted, even when they finish out of order', async () => {
    const h = controlledHandler();
    const queue = queueWith({ concurrency: 3, handler: h.handler });
    for (let job = 0; job < 8; job++) queue.enqueue(job);
    await flush();
    expect(h.started).toEqual([0, 1, 2]);
    h.settle(2);
    await flush();
    h.settle(0);
    await flush();
    expect(h.started).toEqual([0, 1, 2, 3, 4]);
    await h.settleAll();
    expect(h.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('never runs more than `concurrency` handlers at once, and does use every slot', async () => {
    const h = controlledHandler();
    const queue = queueWith({ concurrency: 3, capacity: 100, handler: h.handler });
    for (let job = 0; job < 20; job++) queue.enqueue(job);
    expect(queue.active).toBe(3);
    expect(queue.depth).toBe(17);
    while (h.started.length < 20 || h.running().length > 0) {
      await flush();
      const [oldest] = h.running();
      if (oldest !== undefined) h.settle(oldest);
    }
    await queue.onIdle();
    expect(h.maxRunning()).toBe(3);
    expect(queue.active).toBe(0);
  });

  it('refuses jobs beyond capacity and accepts again once the backlog drains', async () => {
    const h = controlledHandler();
    const queue = queueWith({ capacity: 2, handler: h.handler });
    expect([1, 2, 3].map((job) => queue.enqueue(job))).toEqual([true, true, true]);
    expect(queue.depth).toBe(2);
    expect(queue.enqueue(4)).toBe(false);
    expect(queue.capacity).toBe(2);
    await flush();
    h.settle(1);
    await flush();
    expect(queue.depth).toBe(1);
    expect(queue.enqueue(5)).toBe(true);
    expect(queue.enqueue(6)).toBe(false);
    await h.settleAll();
    expect(h.started).toEqual([1, 2, 3, 5]);
  });

  it('reports rejecting and throwing handlers and keeps going', async () => {
    const failures: [unknown, number][] = [];
    const ran: number[] = [];
    const queue = queueWith({
      handler: (job) => {
        ran.push(job);
        if (job === 1) throw new Error('sync boom');
        return job === 2 ? Promise.reject(new Error('async boom')) : Promise.resolve();
      },
      onError: (error, job) => failures.push([error, job]),
    });
    for (const job of [1, 2, 3]) queue.enqueue(job);
    await queue.onIdle();
    expect(ran).toEqual([1, 2, 3]);
    expect(failures.map(([error, job]) => [(error as Error).message, job])).toEqual([
      ['sync boom', 1],
      ['async boom', 2],
    ]);
  });

  it('keeps going when onError itself throws, or is absent', async () => {
    for (const onError of [
      undefined,
      () => {
        throw new Error('bad reporter');
      },
    ]) {
      const ran: number[] = [];
      const queue = queueWith({
        handler: async (job) => {
          ran.push(job);
          throw new Error('boom');
        },
        ...(onError ? { onError: onError as () => void } : {}),
      });
      for (const job of [1, 2]) queue.enqueue(job);
      await queue.onIdle();
      expect(ran).toEqual([1, 2]);
    }
  });

  it('reports depth and active after each change, ending idle', async () => {
    const h = controlledHandler();
    const queue = queueWith({ handler: h.handler });
    const state = () => ({ depth: queue.depth, active: queue.active });
    queue.enqueue(1);
    expect(state()).toEqual({ depth: 0, active: 1 });
    queue.enqueue(2);
    expect(state()).toEqual({ depth: 1, active: 1 });
    await flush();
    h.settle(1);
    await flush();
    expect(state()).toEqual({ depth: 0, active: 1 });
    await h.settleAll();
    expect(state()).toEqual({ depth: 0, active: 0 });
  });

  it('onIdle resolves at once when idle and otherwise only after the last job', async () => {
    const h = controlledHandler();
    const queue = queueWith({ handler: h.handler });
    await queue.onIdle();
    queue.enqueue(1);
    queue.enqueue(2);
    let idle = false;
    void queue.onIdle().then(() => {
      idle = true;
    });
    await flush();
    h.settle(1);
    await flush();
    expect(idle).toBe(false);
    h.settle(2);
    await flush();
    expect(idle).toBe(true);
  });

  describe('close', () => {
    it('with dropPending hands back the jobs not started and waits for the running ones', async () => {
      const h = controlledHandler();
      const queue = queueWith({ concurrency: 2, handler: h.handler });
      for (const job of [1, 2, 3, 4, 5]) queue.enqueue(job);
      let result: number[] | undefined;
      void queue.close({ dropPending: true }).then((dropped) => {
        result = dropped;
      });
      expect(queue.depth).toBe(0);
      await flush();
      h.settle(1);
      await flush();
      expect(result).toBeUndefined();
      h.settle(2);
      await flush();
      expect(result).toEqual([3, 4, 5]);
      expect(h.started).toEqual([1, 2]);
    });

    it('without dropPending runs the pending jobs, then resolves with nothing handed back', async () => {
      const h = controlledHandler();
      const queue = queueWith({ handler: h.handler });
      for (const job of [1, 2, 3]) queue.enqueue(job);
      const closing = queue.close();
      await h.settleAll();
      expect(await closing).toEqual([]);
      expect(h.started).toEqual([1, 2, 3]);
    });

    it('makes enqueue throw QUEUE_CLOSED', async () => {
      const queue = queueWith({ handler: async () => {} });
      await queue.close();
      expect(() => queue.enqueue(1)).toThrow(
        expect.objectContaining({ code: 'QUEUE_CLOSED', intent: 'operational' }),
      );
    });

    it('is idempotent and hands a job back at most once', async () => {
      const h = controlledHandler();
      const queue = queueWith({ handler: h.handler });
      for (const job of [1, 2, 3]) queue.enqueue(job);
      const first = queue.close();
      const second = queue.close({ dropPending: true });
      const third = queue.close({ dropPending: true });
      await flush();
      h.settle(1);
      expect(await Promise.all([first, second, third])).toEqual([[], [2, 3], []]);
      expect(await queue.close()).toEqual([]);
      expect(h.started).toEqual([1]);
      expect(() => queue.enqueue(4)).toThrow(expect.objectContaining({ code: 'QUEUE_CLOSED' }));
    });
  });

  it('keeps its bounds and runs every accepted job exactly once, in order (property)', async () => {
    const op = fc.oneof(
      fc.constant({ kind: 'enqueue' as const }),
      fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), fail: fc.boolean() }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(op, { maxLength: 60 }),
        async (concurrency, capacity, ops) => {
          const h = controlledHandler();
          const failed: number[] = [];
          const queue = createInProcessQueue({
            concurrency,
            capacity,
            handler: h.handler,
            onError: (_error, job) => failed.push(job),
          });
          const accepted: number[] = [];
          let next = 0;
          for (const step of ops) {
            if (step.kind === 'enqueue') {
              // The model: jobs accepted but not yet seen by the handler are the pending ones.
              const expected = accepted.length - h.started.length < capacity;
              const job = next++;
              expect(queue.enqueue(job)).toBe(expected);
              if (expected) accepted.push(job);
            } else {
              const running = h.running();
              const job = running[step.pick % Math.max(running.length, 1)];
              if (job !== undefined) h.settle(job, step.fail ? new Error('boom') : undefined);
            }
            await flush();
            expect(h.running().length).toBeLessThanOrEqual(concurrency);
            expect(queue.active).toBe(h.running().length);
            expect(queue.depth).toBe(accepted.length - h.started.length);
            expect(queue.depth).toBeLessThanOrEqual(capacity);
            if (queue.depth > 0) expect(queue.active).toBe(concurrency);
          }
          await h.settleAll();
          await queue.onIdle();
          expect(h.started).toEqual(accepted);
          expect(new Set(failed).size).toBe(failed.length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
