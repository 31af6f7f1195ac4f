import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.js';

describe('createGroupCommit', () => {
  it('writes items added in the same turn as one batch, and resolves each after it', async () => {
    const batches: number[][] = [];
    const singles: number[] = [];
    const group = createGroupCommit<number>({
      writeAll: async (items) => {
        batches.push([...items]);
      },
      writeOne: async (item) => {
        singles.push(item);
      },
    });
    await Promise.all([1, 2, 3, 4].map((item) => group.add(item)));
    expect(batches).toEqual([[1, 2, 3, 4]]);
    expect(singles).toEqual([]);
    await group.add(5);
    // A lone item needs no batch.
    expect(singles).toEqual([5]);
  });

  it('splits a burst into batches of at most maxBatch', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number>({
      writeAll: async (items) => {
        batches.push([...items]);
      },
      writeOne: async () => undefined,
      maxBatch: 3,
    });
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((item) => group.add(item)));
    expect(batches.map((batch) => batch.length)).toEqual([3, 3]);
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const written: number[] = [];
    const group = createGroupCommit<number>({
      writeAll: async () => {
        throw new Error('one of them is bad');
      },
      writeOne: async (item) => {
        if (item === 2) throw new Error('bad item 2');
        written.push(item);
      },
    });
    const results = await Promise.allSettled([1, 2, 3].map((item) => group.add(item)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('bad item 2');
    expect(written).toEqual([1, 3]);
  });

  it('does not resolve before the write is done', async () => {
    let release: () => void = () => undefined;
    const group = createGroupCommit<number>({
      writeAll: async () => undefined,
      writeOne: () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    });
    let done = false;
    const pending = group.add(1).then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done).toBe(false);
    release();
    await pending;
    expect(done).toBe(true);
  });
});
