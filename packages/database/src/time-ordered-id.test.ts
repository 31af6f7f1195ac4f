import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function millisecondsOf(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

describe('timeOrderedId', () => {
  it('is a version 7 UUID carrying the time it was made', () => {
    const now = Date.UTC(2026, 10, 26, 6, 30);
    const id = timeOrderedId(now + 1_000_000);
    expect(id).toMatch(UUID_V7);
    expect(millisecondsOf(id)).toBe(now + 1_000_000);
  });

  it('sorts in the order ids were made, within one millisecond and across many', () => {
    const ids = Array.from({ length: 20_000 }, () => timeOrderedId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it('stays in order when the clock steps back, and borrows the next millisecond when a millisecond runs out', () => {
    const at = Date.UTC(2030, 0, 1);
    const ids = [timeOrderedId(at), timeOrderedId(at - 5_000)];
    // 4,096 more in one millisecond exhausts its counter whatever it started at.
    for (let count = 0; count < 4_096; count++) ids.push(timeOrderedId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(millisecondsOf(ids.at(-1) as string)).toBeGreaterThan(at);
  });
});
