#!/usr/bin/env node
// `npm run chaos [-- <vitest args>]`: runs the chaos suite (test/chaos) at full size (the nightly figures of
// the reliability battery: 1,000 executions, 50 worker kills…), then prints the figures every scenario
// reported, one line each. KLIKKFLOW_CHAOS_SIZE=ci runs the reduced size instead. Exits with Vitest's code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reportDir = mkdtempSync(join(tmpdir(), 'klikkflow-chaos-report-'));
const reportFile = join(reportDir, 'figures.jsonl');
const size = process.env.KLIKKFLOW_CHAOS_SIZE || 'full';

const vitest = spawnSync(
  process.execPath,
  [`${root}node_modules/vitest/vitest.mjs`, 'run', 'test/chaos', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KLIKKFLOW_CHAOS_SIZE: size, KLIKKFLOW_CHAOS_REPORT: reportFile },
  },
);

const lines = existsSync(reportFile) ? readFileSync(reportFile, 'utf8').split('\n').filter(Boolean) : [];
rmSync(reportDir, { recursive: true, force: true });
process.stdout.write(`\nchaos figures (${size} size, ${lines.length} scenarios reported):\n`);
for (const line of lines) {
  const { scenario, size: _size, ...figures } = JSON.parse(line);
  const text = Object.entries(figures)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  process.stdout.write(`  ${scenario.padEnd(22)} ${text}\n`);
}
process.exit(vitest.status ?? 1);
