/**
 * Entry of the worker process forked by `createProcessSandbox` (always run from `dist/`). It holds no
 * keys, no connections and no environment beyond what the host passes. argv: `[memoryMb]`.
 */
import type { WorkerRequest } from './process-protocol.js';
import { startWorkerSession } from './worker-session.js';

// The host is gone (or let go of us): nothing more will be asked.
process.on('disconnect', () => process.exit(0));

const session = await startWorkerSession(
  {
    send: (message, sent) => process.send?.(message, undefined, undefined, sent),
    die: () => process.kill(process.pid, 'SIGKILL'),
  },
  Number(process.argv[2]) || undefined,
);
process.on('message', (request: WorkerRequest) => void session.answer(request));
