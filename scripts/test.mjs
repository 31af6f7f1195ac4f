#!/usr/bin/env node
// `npm test`: runs Vitest (with coverage) and prints the `N passed, N failed` line last, after the coverage
// summary, so CI reads it as the closing line. Exits with Vitest's own exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const summaryFile = `${root}coverage/.test-summary.json`;
rmSync(summaryFile, { force: true });
const vitest = spawnSync(
  process.execPath,
  [`${root}node_modules/vitest/vitest.mjs`, 'run', '--coverage', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KLIKKFLOW_TEST_SUMMARY_FILE: summaryFile },
  },
);
const status = vitest.status ?? 1;
if (existsSync(summaryFile)) {
  const { passed, failed, skipped } = JSON.parse(readFileSync(summaryFile, 'utf8'));
  // A run that failed outside any test (coverage thresholds, a crash) must not read as all passed.
  const failures = status !== 0 && failed === 0 ? 1 : failed;
  process.stdout.write(`\n${passed} passed, ${failures} failed, ${skipped} skipped\n`);
} else {
  process.stdout.write('\n0 passed, 1 failed\n');
}
process.exit(status);
