import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../test/fixtures.js';
import type { WorkerMessage } from './process-protocol.js';
import { startWorkerSession, type WorkerSession } from './worker-session.js';

const sent: WorkerMessage[] = [];
let session: WorkerSession;
beforeAll(async () => {
  session = await startWorkerSession({ send: (message) => sent.push(message), die: () => undefined }, 32);
});
afterAll(() => session.dispose());

const data = snapshot({ input: [{ json: { value: 21 } }] });
const limits = { timeoutMs: 1_000, memoryMb: 32 };

describe('worker session', () => {
  it('reports ready once warm, then answers each request by id as JSON text', async () => {
    expect(sent[0]).toEqual({ type: 'ready' });
    const programs = [{ parts: [{ code: '$json.value * 2' }] }];
    await session.answer({
      id: 7,
      method: 'evaluateExpressions',
      request: JSON.stringify({ programs, jobs: [[0, 0]], data, limits }),
    });
    await session.answer({
      id: 8,
      method: 'runCode',
      request: JSON.stringify({
        code: 'return [{ a: $json.value }];',
        mode: 'runOnceForAllItems',
        data,
        limits,
      }),
    });
    expect(sent.slice(1)).toEqual([
      { type: 'result', id: 7, result: JSON.stringify({ results: [{ ok: true, value: 42 }] }) },
      { type: 'result', id: 8, result: JSON.stringify({ ok: true, items: [{ json: { a: 21 } }], logs: [] }) },
    ]);
  });

  it('honours continueOnFail sent in a runCode request, as the process sandbox forwards it', async () => {
    await session.answer({
      id: 10,
      method: 'runCode',
      request: JSON.stringify({
        code: "throw new Error('nope ' + $json.value);",
        mode: 'runOnceForEachItem',
        data,
        limits,
        continueOnFail: true,
      }),
    });
    const items = [{ json: { error: 'nope 21 [line 1]' }, pairedItem: { item: 0 } }];
    expect(sent.at(-1)).toEqual({
      type: 'result',
      id: 10,
      result: JSON.stringify({ ok: true, items, logs: [] }),
    });
  });

  it('answers a request it cannot read with `failed`', async () => {
    await session.answer({ id: 9, method: 'runCode', request: '{not json' });
    expect(sent.at(-1)).toMatchObject({ type: 'failed', id: 9, message: expect.stringMatching(/JSON/) });
  });
});
