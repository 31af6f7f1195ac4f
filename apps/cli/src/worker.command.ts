import { createWorker } from '@klikkflow/server';
import { type CliIo, EXIT } from './cli-io.js';
import { configWith, type ServeOptions, serveOverrides, serveUntilStopped } from './serve.js';

/** Options of `klikkflow worker`. */
export interface WorkerOptions extends Omit<ServeOptions, 'dataDir'> {
  concurrency?: string;
}

/**
 * `klikkflow worker [--concurrency N] [--port P]`: claims executions from the queue and runs them until
 * SIGTERM or Ctrl-C, then drains (G9). Serves `/healthz`, `/readyz` and `/metrics` on its port.
 */
export async function workerCommand(options: WorkerOptions, io: CliIo): Promise<number> {
  const config = configWith(io, {
    ...serveOverrides(options, 'KLIKKFLOW_WORKER_PORT'),
    KLIKKFLOW_CONCURRENCY: options.concurrency,
  });
  if (!config.redisUrl) {
    io.stderr.write(
      'error CLI_SCALE_MODE_REQUIRED: `klikkflow worker` runs in scale mode only: set KLIKKFLOW_REDIS_URL and KLIKKFLOW_DATABASE_URL\n',
    );
    return EXIT.invalid;
  }
  const worker = await createWorker({ config });
  let url: string;
  try {
    url = await worker.start();
  } catch (error) {
    await worker.close();
    throw error;
  }
  io.stdout.write(
    `KlikkFlow worker ${worker.owner} is ready (concurrency ${config.concurrency}); health at ${url}/healthz\n`,
  );
  await serveUntilStopped(io, () => worker.close(), 'finishing running executions');
  return EXIT.ok;
}
