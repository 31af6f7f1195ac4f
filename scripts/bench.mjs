#!/usr/bin/env node
// `npm run bench -- <name> [options] [--no-build]`: builds the workspace (incremental `tsc -b`, then the CLI bundle) so the benches
// run the compiled packages, then runs bench/<name>.bench.mjs. Figures go to stdout; build output and
// progress to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Each bench: its module, the function to call, the options it takes and a file the build must have made. */
const benches = {
  engine: {
    file: 'bench/engine.bench.mjs',
    run: 'runEngineBench',
    options: ['iterations'],
    built: 'packages/engine/dist/index.js',
  },
  server: {
    file: 'bench/server.bench.mjs',
    run: 'runServerBench',
    options: ['duration', 'quick', 'cpu-prof'],
    built: 'apps/cli/dist/bin.js',
  },
  scale: {
    file: 'bench/scale.bench.mjs',
    run: 'runScaleBench',
    options: ['duration', 'quick'],
    built: 'apps/cli/dist/bin.js',
  },
};
const usage = {
  iterations: '[--iterations N]',
  duration: '[--duration S]',
  quick: '[--quick]',
  'cpu-prof': '[--cpu-prof DIR]',
};

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function usageLine() {
  const lines = Object.entries(benches).map(
    ([name, bench]) =>
      `  npm run bench -- ${name} ${bench.options.map((option) => usage[option]).join(' ')} [--no-build]`,
  );
  return `usage:\n${lines.join('\n')}`;
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      iterations: { type: 'string' },
      duration: { type: 'string' },
      quick: { type: 'boolean' },
      'cpu-prof': { type: 'string' },
      'no-build': { type: 'boolean' },
    },
  });
} catch (error) {
  fail(`${error.message}\n${usageLine()}`);
}
const { values, positionals } = parsed;
const name = positionals[0];
const bench = name && Object.hasOwn(benches, name) ? benches[name] : undefined;
if (!bench) fail(usageLine());
for (const option of Object.keys(usage)) {
  if (values[option] !== undefined && !bench.options.includes(option))
    fail(`--${option} does not apply to ${name}\n${usageLine()}`);
}
const options = {};
if (values.iterations !== undefined) {
  options.iterations = Number(values.iterations);
  if (!(Number.isInteger(options.iterations) && options.iterations > 0)) {
    fail(`--iterations must be a positive integer, not "${values.iterations}"`);
  }
}
if (values.duration !== undefined) {
  options.duration = Number(values.duration);
  if (!(Number.isFinite(options.duration) && options.duration > 0)) {
    fail(`--duration must be a positive number of seconds, not "${values.duration}"`);
  }
}
if (values.quick) options.quick = true;
if (values['cpu-prof'] !== undefined) options.cpuProf = values['cpu-prof'];

if (!values['no-build'] || !existsSync(`${root}${bench.built}`)) {
  const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-b'], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (tsc.status !== 0) fail('the build failed (tsc -b); fix it before benchmarking');
  // The bin prefers the one-file CLI bundle: rebuild it too, or the bench would time yesterday's CLI.
  const bundle = spawnSync(process.execPath, [`${root}scripts/bundle-cli.mjs`], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (bundle.status !== 0) fail('bundling the CLI failed (scripts/bundle-cli.mjs)');
}

const module = await import(pathToFileURL(`${root}${bench.file}`).href);
try {
  await module[bench.run](options);
} catch (error) {
  process.stderr.write(`bench ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
