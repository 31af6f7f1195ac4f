import { describe, expect, it } from 'vitest';
import { decodeBatch, jobRuns } from './batch-encoding.js';

describe('batch encoding', () => {
  it('packs consecutive items of one program into runs, keeping job order', () => {
    expect(jobRuns([])).toEqual([]);
    expect(
      jobRuns([
        [0, 0],
        [0, 1],
        [0, 2],
        [1, 0],
        [1, 1],
        [0, 5],
        [0, 4],
      ]),
    ).toEqual([
      [0, 0, 3],
      [1, 0, 2],
      [0, 5, 1],
      [0, 4, 1],
    ]);
  });

  it('unpacks values, undefined results and failures per job', () => {
    const outcomes = decodeBatch(
      {
        v: [1, null, null, { a: 1 }],
        u: [1],
        f: { 2: { code: 'EXPR_ERROR', name: 'TypeError', message: 'x is not a function' } },
      },
      4,
    );
    expect(outcomes[0]).toEqual({ ok: true, value: 1 });
    expect(outcomes[1]).toEqual({ ok: true, undefined: true });
    expect(outcomes[2]).toMatchObject({
      ok: false,
      error: { code: 'EXPR_ERROR', message: 'x is not a function', details: { errorName: 'TypeError' } },
    });
    expect(outcomes[3]).toEqual({ ok: true, value: { a: 1 } });
  });
});
