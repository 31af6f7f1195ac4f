import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from './support/ensure-built.js';

function bench(args: string[], timeout = 120_000) {
  return spawnSync(process.execPath, ['scripts/bench.mjs', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout,
  });
}

const SYSTEMS = ['bare', 'klikkflowSaving', 'klikkflowNoSaving'] as const;
const FIGURES = [
  'simple req/s (50 conns)',
  'simple req/s ÷ bare Node',
  'simple p50 / p99 ms (50 conns)',
  'simple p50 ms (1 conn)',
  'simple server CPU µs/request (50 conns)',
  'heavy req/s (50 conns)',
  'heavy p50 / p99 ms (50 conns)',
  'heavy p50 ms (1 conn)',
  'heavy ms/exec (mean latency, 1 conn)',
  'heavy ms/exec ÷ bare Node',
  'RSS idle MB',
  'RSS peak MB',
  'cold start to /healthz s',
  'cold start to first good reply s',
  'failed requests (non-2xx + errors)',
  'load generator CPU, busiest run (cores)',
  'foreign CPU on its core, worst run (cores)',
];
const TARGETS = [
  'simple req/s ÷ bare Node',
  'simple req/s',
  'simple p50 ms (1 conn)',
  'heavy ms/exec ÷ bare Node',
  'heavy ms/exec',
  'RSS idle MB',
  'RSS peak MB',
  'cold start to first good reply s',
];

interface LoadFigures {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  non2xx: number;
  errors: number;
}

interface SystemFigures {
  coldStart: { healthzS: number; firstReplyS: number };
  rssIdleMb: number;
  rssPeakMb: number;
  simple: { c50: LoadFigures; c1: LoadFigures };
  heavy: { c50: LoadFigures; c1: LoadFigures };
}

interface Report {
  bench: string;
  durationS: number;
  systems: Record<(typeof SYSTEMS)[number], SystemFigures>;
  targets: { system: string; figure: string; value: number | null; met: boolean }[];
}

describe('npm run bench -- server --quick (smoke mode)', () => {
  beforeAll(ensureBuilt, 180_000);

  // Checks that every figure is printed and measured from real answers; never how fast they came.
  it('measures bare Node and KlikkFlow (saving and not) and prints every figure, target and a JSON line', () => {
    const result = bench(['server', '--quick', '--no-build']);
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^server bench: 2 s per measurement/);
    for (const figure of FIGURES) {
      expect(
        lines.find((line) => line.startsWith(`${figure} `)),
        figure,
      ).toMatch(/(\s+\S+( \/ \S+)?){3}$/);
    }
    for (const system of ['KlikkFlow, saving', 'KlikkFlow, no saving']) {
      for (const target of TARGETS) {
        const pattern = new RegExp(
          `^ {2}(met|NOT met) +${system} +${target.replace(/[()/÷]/g, '\\$&')} +\\S+ [≥≤] \\S+$`,
        );
        expect(
          lines.filter((line) => pattern.test(line)),
          `${system}: ${target}`,
        ).toHaveLength(1);
      }
    }

    const report = JSON.parse(lines.at(-1) ?? '') as Report;
    expect(report.bench).toBe('server');
    expect(report.durationS).toBe(2);
    expect(report.targets).toHaveLength(2 * TARGETS.length);
    for (const key of SYSTEMS) {
      const system = report.systems[key];
      expect(system.coldStart.firstReplyS).toBeGreaterThanOrEqual(system.coldStart.healthzS);
      expect(system.rssIdleMb).toBeGreaterThan(0);
      expect(system.rssPeakMb).toBeGreaterThanOrEqual(system.rssIdleMb);
      // Answers came under load and none failed. (A 2 s run of 50 heavy executions at once may end before
      // the first one does on a slow machine, so that run only must not fail.)
      for (const run of [system.simple.c50, system.simple.c1, system.heavy.c1]) {
        expect(run.requests, key).toBeGreaterThan(0);
        expect(run.rps).toBeGreaterThan(0);
        expect(run.p50Ms).toBeGreaterThan(0);
        expect(run.p99Ms).toBeGreaterThanOrEqual(run.p50Ms);
      }
      for (const run of [system.simple.c50, system.simple.c1, system.heavy.c50, system.heavy.c1]) {
        expect(run.non2xx + run.errors, key).toBe(0);
      }
    }
  }, 120_000);

  it('refuses options that do not apply to the server bench or a bad duration, with exit 2', () => {
    const iterations = bench(['server', '--iterations', '3', '--no-build']);
    expect(iterations.status).toBe(2);
    expect(iterations.stderr).toContain('--iterations does not apply to server');
    const duration = bench(['server', '--duration', 'long', '--no-build']);
    expect(duration.status).toBe(2);
    expect(duration.stderr).toContain('--duration must be a positive number of seconds');
    expect(bench(['engine', '--quick', '--no-build']).status).toBe(2);
    expect(bench(['engine', '--cpu-prof', '/tmp/x', '--no-build']).status).toBe(2);
  });
});
