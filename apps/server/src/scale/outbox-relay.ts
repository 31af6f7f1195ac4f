import type { OutboxRepository } from '@klikkflow/database';
import type { WorkQueue } from '@klikkflow/queue';
import { RUN_EXECUTION_TOPIC, type RunExecutionMessage } from './work-messages.js';

/** Rows moved per transaction. */
const BATCH = 200;

/** Moves committed outbox rows onto the work queue (G1: Redis is fed from the database, never first). */
export interface OutboxRelay {
  /** Relays now (coalesced: a kick during a pass runs one more pass after it). */
  kick(): void;
  /** Also relays every `intervalMs`: rows a crashed process committed but never relayed. */
  start(intervalMs: number): void;
  /** Stops the timer and waits for the pass under way. */
  stop(): Promise<void>;
}

/** Creates the relay; several processes may run one each (rows are taken with row locks). */
export function createOutboxRelay(deps: {
  outbox: Pick<OutboxRepository, 'relay'>;
  work: Pick<WorkQueue, 'add'>;
  onError(error: unknown): void;
}): OutboxRelay {
  let pass: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  const deliver = async (messages: { topic: string; payload: unknown }[]) => {
    const runs = messages
      .filter((message) => message.topic === RUN_EXECUTION_TOPIC)
      .map((message) => message.payload as RunExecutionMessage);
    if (runs.length > 0) await deps.work.add(runs);
  };

  async function drain(): Promise<void> {
    do {
      again = false;
      while ((await deps.outbox.relay(BATCH, deliver)) === BATCH) {
        // A full batch: there may be more.
      }
    } while (again);
  }

  function kick(): void {
    if (pass) {
      again = true;
      return;
    }
    pass = drain()
      .catch(deps.onError)
      .finally(() => {
        pass = undefined;
      });
  }

  return {
    kick,
    start(intervalMs) {
      timer ??= setInterval(kick, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await pass;
    },
  };
}
