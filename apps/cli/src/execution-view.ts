import type { ExecutionRecord } from '@klikkflow/database';
import { isoTime } from './text-format.js';

/** The JSON form of an execution in `execution:list --json` and `execution:show --json`. */
export interface ExecutionSummaryJson {
  id: string;
  workflowId: string;
  status: ExecutionRecord['status'];
  mode: ExecutionRecord['mode'];
  /** ISO 8601, or null before it started. */
  startedAt: string | null;
  /** ISO 8601, or null while it is not finished. */
  finishedAt: string | null;
}

/** An execution row as {@link ExecutionSummaryJson}. */
export function executionSummaryJson(record: ExecutionRecord): ExecutionSummaryJson {
  return {
    id: record.id,
    workflowId: record.workflowId,
    status: record.status,
    mode: record.mode,
    startedAt: isoTime(record.startedAt),
    finishedAt: isoTime(record.finishedAt),
  };
}
