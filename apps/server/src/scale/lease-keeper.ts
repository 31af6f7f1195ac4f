import type { ExecutionLeaseRepository } from '@klikkflow/database';
import type { Clock } from '@klikkflow/engine';

/**
 * Renews a claim's lease every third of its length while the execution runs (G5). A renewal refused
 * (another claim took over) or a lease that ran out while the database did not answer stops the run:
 * another worker may already have taken it over, so this one must not write again (G6).
 */
export function startLeaseKeeper(options: {
  leases: Pick<ExecutionLeaseRepository, 'renew'>;
  executionId: string;
  epoch: number;
  leaseMs: number;
  clock: Clock;
  onLost(): void;
  onCancelRequested(): void;
}): { stop(): void } {
  let leaseUntil = options.clock.now() + options.leaseMs;
  let stopped = false;
  let renewing = false;
  const renew = async () => {
    if (stopped) return;
    // A renewal that hangs (the database does not answer) must not outlive the lease it protects.
    if (options.clock.now() >= leaseUntil) {
      stopped = true;
      options.onLost();
      return;
    }
    if (renewing) return;
    renewing = true;
    try {
      const now = options.clock.now();
      const { held, cancelRequested } = await options.leases.renew(options.executionId, {
        epoch: options.epoch,
        now,
        leaseMs: options.leaseMs,
      });
      if (stopped) return;
      if (!held) options.onLost();
      else {
        leaseUntil = now + options.leaseMs;
        if (cancelRequested) options.onCancelRequested();
      }
    } catch {
      // Tried again on the next tick; the check above stops the run once the lease has run out.
    } finally {
      renewing = false;
    }
  };
  const timer = setInterval(() => void renew(), Math.max(100, Math.floor(options.leaseMs / 3)));
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
