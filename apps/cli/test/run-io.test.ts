import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, testDataDir } from './cli-harness.js';

let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ path: request.url, ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hello`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A workflow file in the test data folder: trigger → the given node. */
function workflowWith(node: Record<string, unknown>): string {
  const file = join(testDataDir, `wf-${Math.random().toString(36).slice(2)}.json`);
  const workflow = {
    schemaVersion: 1,
    id: 'io',
    name: 'IO',
    nodes: [
      { id: 'start', name: 'Start', type: 'core.manualTrigger', version: 1, position: [0, 0] },
      { id: 'node', name: 'Node', version: 1, position: [200, 0], ...node },
    ],
    connections: [{ from: { node: 'start' }, to: { node: 'node' } }],
  };
  writeFileSync(file, JSON.stringify(workflow));
  return file;
}

describe('klikkflow run with I/O', () => {
  it('makes HTTP requests through the egress guard: refused by default, allowed by KLIKKFLOW_EGRESS_ALLOW', async () => {
    const file = workflowWith({ type: 'core.httpRequest', parameters: { url } });
    const refused = await runCli(['run', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('EGRESS_BLOCKED');
    const allowed = await runCli(['run', file], { env: { KLIKKFLOW_EGRESS_ALLOW: '127.0.0.1' } });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toEqual([{ path: '/hello', ok: true }]);
  });

  it('confines file nodes to KLIKKFLOW_FILES_DIR', async () => {
    const filesDir = join(testDataDir, 'files-area');
    const env = { KLIKKFLOW_FILES_DIR: filesDir };
    const write = workflowWith({ type: 'core.convertToFile', parameters: { operation: 'json' } });
    expect((await runCli(['run', write], { env })).code).toBe(0);

    const outside = workflowWith({
      type: 'core.readWriteFile',
      parameters: { operation: 'read', fileSelector: '../secret.txt' },
    });
    writeFileSync(join(testDataDir, 'secret.txt'), 'no');
    const denied = await runCli(['run', outside], { env });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('FILE_ACCESS_DENIED');

    writeFileSync(join(filesDir, 'in.txt'), 'inside');
    const inside = workflowWith({
      type: 'core.readWriteFile',
      parameters: { operation: 'read', fileSelector: 'in.txt' },
    });
    const read = await runCli(['run', inside], { env });
    expect(read.code).toBe(0);
    expect(readFileSync(join(filesDir, 'in.txt'), 'utf8')).toBe('inside');
  });

  it('refuses an invalid configuration with exit code 2, naming the variable', async () => {
    const file = workflowWith({ type: 'core.noOp' });
    const result = await runCli(['run', file], { env: { KLIKKFLOW_EGRESS_ALLOW: '10.0.0.0/99' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/EGRESS_ALLOW|CONFIG_INVALID/);
  });
});
