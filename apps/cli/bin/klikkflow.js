#!/usr/bin/env node
// Stable entry for the `klikkflow` command: npm links it at install time, before the build writes dist/.
// `npm run build` also writes a one-file bundle, which starts twice as fast as the module tree.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// Under fast allocation V8 lets the heap grow to several times what survives a full collection, so a
// burst of large executions leaves the process holding hundreds of MB it does not use. A smaller growth
// step keeps memory near what is live, at no throughput cost measured by `npm run bench -- server`. It must
// be set before the application allocates, hence here. KLIKKFLOW_HEAP_GROWTH_PERCENT (default 40, 0 = V8's
// own heuristics) is validated with the rest of the configuration, which reports a bad value.
const heapGrowth = Number(process.env.KLIKKFLOW_HEAP_GROWTH_PERCENT ?? 40);
if (Number.isInteger(heapGrowth) && heapGrowth > 0 && heapGrowth <= 1000) {
  setFlagsFromString(`--heap-growing-percent=${heapGrowth}`);
}

const bundle = new URL('../dist/klikkflow.mjs', import.meta.url);
await import(existsSync(bundle) ? bundle.href : '../dist/bin.js');
