import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const lockDir = `${repoRoot}node_modules/.cache/klikkflow-test-build.lock`;
const STALE_LOCK_MS = 5 * 60_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Builds the workspace (`tsc -b`, incremental, then the CLI bundle) for tests that spawn the built CLI or bench. Test files run
 * in parallel processes, so a lock directory makes them build one at a time instead of writing the same
 * `dist` files at once; the second builder finds everything up to date.
 */
export async function ensureBuilt(): Promise<void> {
  mkdirSync(`${repoRoot}node_modules/.cache`, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > STALE_LOCK_MS) rmSync(lockDir, { recursive: true });
      } catch {
        // The holder released it between our two calls: try again.
      }
      await sleep(200);
    }
  }
  try {
    execFileSync(process.execPath, [`${repoRoot}node_modules/typescript/bin/tsc`, '-b'], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
    // The bin prefers the one-file bundle: a bundle older than the code would test yesterday's CLI.
    execFileSync(process.execPath, [`${repoRoot}scripts/bundle-cli.mjs`], { cwd: repoRoot, stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`the build failed:\n${output}`);
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
