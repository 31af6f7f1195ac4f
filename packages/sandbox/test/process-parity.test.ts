/**
 * Runs existing suites of the in-process adapter unchanged against createProcessSandbox: the suites
 * build their sandbox with `createIsolatedVmSandbox()`, which this file swaps for the process adapter.
 * Outcomes must be identical, so the same assertions must pass. The worker runs from `dist/`, hence the build.
 */
import { beforeAll, vi } from 'vitest';
import { ensureBuilt } from '../../../test/support/ensure-built.js';

vi.mock('@klikkflow/sandbox', async (importOriginal) => {
  const original = await importOriginal<typeof import('@klikkflow/sandbox')>();
  return { ...original, createIsolatedVmSandbox: () => original.createProcessSandbox() };
});

beforeAll(ensureBuilt, 120_000);

await import('./data-proxy.test.js');
await import('./code-node.test.js');
await import('./batching.test.js');
await import('./code-continue-on-fail.test.js');
await import('./code-custom-data.test.js');
