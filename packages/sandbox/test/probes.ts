/** Runs `task` while a host interval ticks every 10 ms; returns the task's result, elapsed time and max lag. */
export async function withLagProbe<T>(
  task: () => Promise<T>,
): Promise<{ result: T; elapsed: number; maxLag: number }> {
  let last = performance.now();
  let maxLag = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxLag = Math.max(maxLag, now - last - 10);
    last = now;
  }, 10);
  const start = performance.now();
  try {
    const result = await task();
    return { result, elapsed: performance.now() - start, maxLag };
  } finally {
    clearInterval(timer);
  }
}

/** Whether a process with this id exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
