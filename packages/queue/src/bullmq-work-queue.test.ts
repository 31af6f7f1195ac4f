import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectionsNamed,
  deleteKeys,
  eventually,
  SHARED_REDIS_URL,
  uniquePrefix,
} from '../test/redis-test-support.js';
import { type BullWorkQueueOptions, createBullWorkQueue } from './bullmq-work-queue.js';
import type { WorkQueue } from './work-queue.port.js';

/** A promise the test resolves when it chooses. */
function gate() {
  let open = () => {};
  const closed = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { closed, open };
}

const item = (executionId: string) => ({ executionId, jobId: `job-${executionId}` });
const idle = { waiting: 0, active: 0, delayed: 0, failed: 0 };

describe('createBullWorkQueue (real Redis)', () => {
  let prefix = '';
  let errors: unknown[] = [];
  let queues: WorkQueue[] = [];
  let gates: ReturnType<typeof gate>[] = [];

  const open = (overrides: Partial<BullWorkQueueOptions> = {}): WorkQueue => {
    const queue = createBullWorkQueue({
      url: SHARED_REDIS_URL,
      prefix,
      lockDurationMs: 5_000,
      onError: (error) => errors.push(error),
      ...overrides,
    });
    queues.push(queue);
    return queue;
  };
  const blocked = () => {
    const g = gate();
    gates.push(g);
    return g;
  };

  beforeEach(() => {
    prefix = uniquePrefix('wq');
    errors = [];
  });

  afterEach(async () => {
    for (const g of gates) g.open();
    await Promise.all(queues.map((queue) => queue.close({ force: true })));
    queues = [];
    gates = [];
    await deleteKeys(prefix);
  });

  it('hands an added item to the consumer and forgets the finished job', async () => {
    const queue = open();
    const seen: string[] = [];
    queue.consume(
      async (executionId) => {
        seen.push(executionId);
      },
      { concurrency: 1 },
    );
    await queue.add([item('e1'), item('e2')]);
    await eventually(() => expect(seen).toEqual(['e1', 'e2']));
    await eventually(async () => expect(await queue.counts()).toEqual(idle));
    expect(errors).toEqual([]);
  });

  it("hands an item's data to the consumer with its execution id", async () => {
    const queue = open();
    const seen: unknown[] = [];
    queue.consume(
      async (executionId, data) => {
        seen.push([executionId, data]);
      },
      { concurrency: 1 },
    );
    await queue.add([{ ...item('e1'), data: { parkedOutput: [{ json: { a: 1 } }] } }, item('e2')]);
    await eventually(() =>
      expect(seen).toEqual([
        ['e1', { parkedOutput: [{ json: { a: 1 } }] }],
        ['e2', undefined],
      ]),
    );
  });

  it('does not add a jobId again while it is waiting or running', async () => {
    const queue = open();
    await queue.add([item('e1'), item('e1')]);
    await queue.add([item('e1'), item('e2')]);
    expect(await queue.counts()).toEqual({ ...idle, waiting: 2 });

    const seen: string[] = [];
    const release = blocked();
    queue.consume(
      async (executionId) => {
        seen.push(executionId);
        await release.closed;
      },
      { concurrency: 2 },
    );
    await eventually(async () => expect(await queue.counts()).toEqual({ ...idle, active: 2 }));
    await queue.add([item('e1'), item('e2')]);
    expect(await queue.counts()).toEqual({ ...idle, active: 2 });
    release.open();
    await eventually(async () => expect(await queue.counts()).toEqual(idle));
    expect(seen.sort()).toEqual(['e1', 'e2']);
  });

  it('runs a jobId again when it is added after its run finished, whether it succeeded or failed', async () => {
    const queue = open();
    const seen: string[] = [];
    queue.consume(
      async (executionId) => {
        seen.push(executionId);
        if (seen.length === 2) throw new Error('handler broke');
      },
      { concurrency: 1 },
    );
    for (const expected of [1, 2, 3]) {
      await queue.add([item('e1')]);
      await eventually(() => expect(seen).toHaveLength(expected));
      await eventually(async () => expect(await queue.counts()).toEqual(idle));
    }
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'WORK_ITEM_FAILED',
        details: { executionId: 'e1', jobId: 'job-e1' },
        cause: expect.objectContaining({ message: 'handler broke' }),
      }),
    ]);
  });

  it('never runs more than `concurrency` handlers at once, and uses them all', async () => {
    const queue = open();
    let running = 0;
    let most = 0;
    let done = 0;
    queue.consume(
      async () => {
        running += 1;
        most = Math.max(most, running);
        await sleep(40);
        running -= 1;
        done += 1;
      },
      { concurrency: 3 },
    );
    await queue.add(Array.from({ length: 12 }, (_, index) => item(`e${index}`)));
    await eventually(() => expect(done).toBe(12));
    expect(most).toBe(3);
  });

  it('counts waiting and active jobs', async () => {
    const queue = open();
    expect(await queue.counts()).toEqual(idle);
    await queue.add([item('e1'), item('e2'), item('e3')]);
    expect(await queue.counts()).toEqual({ ...idle, waiting: 3 });
    const release = blocked();
    queue.consume(() => release.closed, { concurrency: 1 });
    await eventually(async () => expect(await queue.counts()).toEqual({ ...idle, waiting: 2, active: 1 }));
  });

  it('close() stops taking jobs and waits for the running handler', async () => {
    const queue = open();
    const release = blocked();
    const started: string[] = [];
    let finished = false;
    queue.consume(
      async (executionId) => {
        started.push(executionId);
        await release.closed;
        finished = true;
      },
      { concurrency: 1 },
    );
    await queue.add([item('e1'), item('e2')]);
    await eventually(() => expect(started).toEqual(['e1']));

    let closed = false;
    const closing = queue.close().then(() => {
      closed = true;
    });
    await sleep(300);
    expect(closed).toBe(false);
    release.open();
    await closing;
    expect(finished).toBe(true);
    expect(started).toEqual(['e1']);
    await expect(queue.add([item('e3')])).rejects.toMatchObject({ code: 'QUEUE_CLOSED' });
    await queue.close();

    const observer = open();
    expect(await observer.counts()).toEqual({ ...idle, waiting: 1 });
  });

  it('stopConsuming() waits for the running handler, takes nothing new, and still lets a handler add', async () => {
    const queue = open();
    const release = blocked();
    const started: string[] = [];
    queue.consume(
      async (executionId) => {
        started.push(executionId);
        await release.closed;
        // A draining handler hands its execution back.
        await queue.add([item(`${executionId}-again`)]);
      },
      { concurrency: 1 },
    );
    await queue.add([item('e1'), item('e2')]);
    await eventually(() => expect(started).toEqual(['e1']));
    let stopped = false;
    const stopping = queue.stopConsuming().then(() => {
      stopped = true;
    });
    await sleep(300);
    expect(stopped).toBe(false);
    release.open();
    await stopping;
    expect(started).toEqual(['e1']);
    expect(await queue.counts()).toEqual({ ...idle, waiting: 2 });
  });

  it('close({ force }) returns without waiting for the running handler', async () => {
    const queue = open();
    const release = blocked();
    queue.consume(() => release.closed, { concurrency: 1 });
    await queue.add([item('e1')]);
    await eventually(async () => expect(await queue.counts()).toEqual({ ...idle, active: 1 }));
    const started = Date.now();
    await queue.close({ force: true });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('re-delivers the job of a consumer that died to another consumer (stalled recovery)', async () => {
    const first = open({ lockDurationMs: 1_000 });
    const release = blocked();
    first.consume(() => release.closed, { concurrency: 1 });
    await first.add([item('e1')]);
    await eventually(async () => expect(await first.counts()).toEqual({ ...idle, active: 1 }));
    await first.close({ force: true }); // its process is gone: no lock renewal, no completion

    const second = open({ lockDurationMs: 1_000 });
    const seen: string[] = [];
    second.consume(
      async (executionId) => {
        seen.push(executionId);
      },
      { concurrency: 1 },
    );
    await eventually(() => expect(seen).toEqual(['e1']), { timeoutMs: 6_000 });
    await eventually(async () => expect(await second.counts()).toEqual(idle));
  });

  it('closes its Redis connections', async () => {
    const queue = open();
    queue.consume(async () => {}, { concurrency: 1 });
    await queue.add([item('e1')]);
    await eventually(async () => expect(await queue.counts()).toEqual(idle));
    expect((await connectionsNamed(prefix)).length).toBeGreaterThanOrEqual(3);
    await queue.close();
    await queue.close();
    await eventually(async () => expect(await connectionsNamed(prefix)).toEqual([]));
  });

  it.each(['', 'a:b', '42', '-7'])('refuses the jobId %j with WORK_ITEM_JOB_ID_INVALID', async (jobId) => {
    const queue = open();
    await expect(queue.add([item('e1'), { executionId: 'e2', jobId }])).rejects.toMatchObject({
      code: 'WORK_ITEM_JOB_ID_INVALID',
      intent: 'user',
    });
    expect(await queue.counts()).toEqual(idle);
  });

  it('refuses a second consumer, a bad concurrency and use after close', async () => {
    expect(() => open({ lockDurationMs: 10 })).toThrow(
      expect.objectContaining({ code: 'QUEUE_OPTIONS_INVALID' }),
    );
    const queue = open();
    expect(() => queue.consume(async () => {}, { concurrency: 0 })).toThrow(
      expect.objectContaining({ code: 'QUEUE_OPTIONS_INVALID' }),
    );
    queue.consume(async () => {}, { concurrency: 1 });
    expect(() => queue.consume(async () => {}, { concurrency: 1 })).toThrow(
      expect.objectContaining({ code: 'QUEUE_ALREADY_CONSUMING' }),
    );
    await queue.close();
    expect(() => queue.consume(async () => {}, { concurrency: 1 })).toThrow(
      expect.objectContaining({ code: 'QUEUE_CLOSED' }),
    );
  });
});
