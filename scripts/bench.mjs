#!/usr/bin/env node
// `npm run bench -- <name> [--iterations N] [--no-build]`: builds the workspace (incremental `tsc -b`) so the
// benches run the compiled packages, then runs bench/<name>.bench.mjs. Figures go to stdout; build output
// to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const benches = {
  engine: { file: 'bench/engine.bench.mjs', run: 'runEngineBench' },
};

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { iterations: { type: 'string' }, 'no-build': { type: 'boolean' } },
});
const name = positionals[0];
const bench = name && Object.hasOwn(benches, name) ? benches[name] : undefined;
if (!bench) fail(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [--iterations N] [--no-build]`);
const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
if (iterations !== undefined && !(Number.isInteger(iterations) && iterations > 0)) {
  fail(`--iterations must be a positive integer, not "${values.iterations}"`);
}

if (!values['no-build'] || !existsSync(`${root}packages/engine/dist/index.js`)) {
  const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-b'], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (tsc.status !== 0) fail('the build failed (tsc -b); fix it before benchmarking');
}

const module = await import(pathToFileURL(`${root}${bench.file}`).href);
try {
  await module[bench.run](iterations === undefined ? {} : { iterations });
} catch (error) {
  process.stderr.write(`bench ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
