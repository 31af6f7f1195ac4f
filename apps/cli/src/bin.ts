#!/usr/bin/env node
import { main } from './main.js';

const controller = new AbortController();
// First Ctrl-C cancels the execution cleanly; a second one exits at once.
process.once('SIGINT', () => {
  controller.abort(new Error('interrupted'));
  process.once('SIGINT', () => process.exit(130));
});
// SIGTERM (a service manager stopping `klikkflow start`) drains gracefully too.
process.once('SIGTERM', () => controller.abort(new Error('terminated')));

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
  cwd: process.cwd(),
  signal: controller.signal,
});
