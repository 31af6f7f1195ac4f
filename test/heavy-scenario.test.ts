import { workflowSchema } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { heavyBaseline, heavyRecords, heavyWorkflow } from '../bench/heavy-scenario.mjs';

describe('the heavy bench scenario', () => {
  it('is a valid workflow file', () => {
    expect(workflowSchema.safeParse(heavyWorkflow).success).toBe(true);
  });

  it('has a baseline that tags every third value fizz and lists the fizz items first', () => {
    const records = heavyRecords();
    const out = heavyBaseline(records);
    expect(out).toHaveLength(1000);
    expect(out.filter((item) => item.tag === 'fizz')).toHaveLength(334);
    expect(out[0]).toEqual({ id: 0, value: 0, name: 'item-0', doubled: 0, tag: 'fizz' });
    expect(out[334]).toEqual({ id: 1, value: 1, name: 'item-1', doubled: 2, tag: 'other' });
    expect(records[0]).toEqual({ id: 0, value: 0, name: 'item-0' });
  });
});
