import type { CodeRunRequest, ExpressionBatchRequest, WorkflowDataSnapshot } from '@klikkflow/engine';
import { createIsolatedVmSandbox } from './isolated-vm-sandbox.js';
import type { WorkerMessage, WorkerRequest } from './process-protocol.js';

/** How the worker talks to its host (IPC in the worker process). */
export interface WorkerChannel {
  /** Sends a message; `sent` runs once it has left. */
  send(message: WorkerMessage, sent?: () => void): void;
  /** Ends the worker at once, whatever it is doing. */
  die(): void;
}

/** The worker's side of the protocol: answers requests with the isolated-vm adapter. */
export interface WorkerSession {
  answer(request: WorkerRequest): Promise<void>;
  dispose(): Promise<void>;
}

/** How long the crash notice may take to leave before the worker dies anyway. */
const CRASH_NOTICE_MS = 200;

/** The smallest snapshot: the warm-up only needs the isolate and its prelude to exist. */
const EMPTY_DATA: WorkflowDataSnapshot = {
  timezone: 'UTC',
  now: 0,
  execution: { id: '', mode: 'internal' },
  workflow: { id: '', name: '', active: false },
  vars: {},
  node: { name: '', type: '', parameters: {} },
  runIndex: 0,
  prevNode: null,
  input: [],
  nodes: {},
  paired: {},
};

/**
 * Starts the worker's sandbox, warms its default isolate (so the host's first deadline does not pay for
 * start-up) and reports `ready`. When V8 loses control of an isolate the worker sends `crash` and dies:
 * `process.exit()` would hang on that isolate's thread, and the host restarts a clean worker.
 */
export async function startWorkerSession(
  channel: WorkerChannel,
  memoryMb: number | undefined,
): Promise<WorkerSession> {
  const sandbox = createIsolatedVmSandbox({
    memoryMb,
    onCatastrophicError: (message) => {
      setTimeout(() => channel.die(), CRASH_NOTICE_MS);
      channel.send({ type: 'crash', message }, () => channel.die());
    },
  });
  await sandbox.evaluateExpressions({
    programs: [{ parts: [{ code: '0' }] }],
    jobs: [[0, 0]],
    data: EMPTY_DATA,
    limits: { timeoutMs: 10_000, memoryMb: memoryMb ?? 0 },
  });
  channel.send({ type: 'ready' });
  return {
    async answer({ id, method, request }) {
      try {
        const parsed: unknown = JSON.parse(request);
        const result =
          method === 'runCode'
            ? await sandbox.runCode(parsed as CodeRunRequest)
            : await sandbox.evaluateExpressions(parsed as ExpressionBatchRequest);
        channel.send({ type: 'result', id, result: JSON.stringify(result) });
      } catch (error) {
        channel.send({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
      }
    },
    dispose: () => sandbox.dispose(),
  };
}
