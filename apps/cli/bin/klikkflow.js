#!/usr/bin/env node
// Stable entry for the `klikkflow` command: npm links it at install time, before the build writes dist/.
// `npm run build` also writes a one-file bundle, which starts twice as fast as the module tree.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/klikkflow.mjs', import.meta.url);
await import(existsSync(bundle) ? bundle.href : '../dist/bin.js');
