/** A record of the heavy scenario. */
export interface HeavyRecord {
  id: number;
  value: number;
  name: string;
}

/** A record after the scenario: doubled and tagged. */
export interface HeavyResult extends HeavyRecord {
  doubled: number;
  tag: 'fizz' | 'other';
}

/** The input records (1,000 unless told otherwise). */
export function heavyRecords(count?: number): HeavyRecord[];

/** The heavy workflow as a native workflow file. */
export const heavyWorkflow: Record<string, unknown>;

/** The same work in plain JavaScript. */
export function heavyBaseline(records: readonly HeavyRecord[]): HeavyResult[];
export declare const sandboxedHeavyWorkflow: typeof heavyWorkflow;
