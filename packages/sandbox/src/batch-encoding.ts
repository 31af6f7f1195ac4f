import type { EvaluationOutcome } from '@klikkflow/engine';
import { type RuntimeFailure, runtimeFailureError } from './outcomes.js';

/** A run of jobs: one program over consecutive items `[programIndex, firstItem, count]`. */
export type JobRun = [program: number, firstItem: number, count: number];

/**
 * Packs `[program, item]` jobs into runs of consecutive items, so a 1,000-item batch of one program crosses
 * into the isolate as one triple instead of 1,000 pairs. Job order is kept.
 */
export function jobRuns(jobs: readonly [number, number][]): JobRun[] {
  const runs: JobRun[] = [];
  let current: JobRun | undefined;
  for (const [program, item] of jobs) {
    if (current && current[0] === program && current[1] + current[2] === item) current[2]++;
    else {
      current = [program, item, 1];
      runs.push(current);
    }
  }
  return runs;
}

/** The runtime's answer: values in job order, the jobs whose value is undefined, failures by job index. */
export interface EncodedBatch {
  v: unknown[];
  u: number[];
  f: Record<string, Omit<RuntimeFailure, 'ok'>>;
}

/** Unpacks the runtime's answer into one outcome per job. */
export function decodeBatch(batch: EncodedBatch, jobCount: number): EvaluationOutcome[] {
  const outcomes: EvaluationOutcome[] = new Array(jobCount);
  for (let job = 0; job < jobCount; job++) outcomes[job] = { ok: true, value: batch.v[job] };
  for (const job of batch.u) outcomes[job] = { ok: true, undefined: true };
  for (const [job, failure] of Object.entries(batch.f)) {
    outcomes[Number(job)] = { ok: false, error: runtimeFailureError({ ok: false, ...failure }) };
  }
  return outcomes;
}
