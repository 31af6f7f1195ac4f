import { type ByteSource, defineNode } from '@klikkflow/plugin-sdk';
import { type BinaryRef, type Item, workflowSchema } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine.js';
import type { EnginePorts } from '../src/engine.types.js';
import { createNodeRegistry } from '../src/node-registry.js';
import type { BlobStore } from '../src/ports/blob-store.port.js';
import { FakeClock, noScriptSandbox, outputJson, testNodes, workflow } from './test-kit.js';

/** A node that exercises one helper, picked by its `use` parameter. */
const helperNode = defineNode({
  type: 'test.helpers',
  version: 1,
  displayName: 'Helpers',
  description: 'Calls engine helpers',
  group: 'utility',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties: [
    { name: 'use', displayName: 'Use', type: 'string', default: 'http' },
    { name: 'child', displayName: 'Child', type: 'json', default: null },
  ],
  async execute(ctx, inputs): Promise<Item[][]> {
    const use = ctx.getParameter<string>('use');
    if (use === 'http') {
      const response = await ctx.helpers.httpRequest({
        url: 'https://example.test/x',
        idempotencyKey: ctx.idempotencyKey(0),
      });
      return [[{ json: { status: response.status, body: new TextDecoder().decode(response.body) } }]];
    }
    if (use === 'blob') {
      const ref = await ctx.helpers.storeBinary(new TextEncoder().encode('hello'), {
        mimeType: 'text/plain',
        fileName: 'a.txt',
      });
      const back = await ctx.helpers.readBinary(ref);
      return [[{ json: { text: new TextDecoder().decode(back) }, binary: { data: ref } }]];
    }
    if (use === 'file') {
      const written = await ctx.helpers.writeFile('out/a.txt', new TextEncoder().encode('hi'), {
        append: true,
      });
      const read = await ctx.helpers.readFile('out/a.txt');
      return [[{ json: { ...written, text: new TextDecoder().decode(read.data), fileName: read.fileName } }]];
    }
    const out = await ctx.helpers.executeWorkflow({
      source: { workflow: ctx.getParameter('child') },
      items: inputs[0] ?? [],
      wait: true,
    });
    return out ?? [[]];
  },
});

/** Collects a byte source (the in-memory test ports have nowhere to stream to). */
async function bytesOf(source: ByteSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  const parts: number[] = [];
  for await (const chunk of source) parts.push(...chunk);
  return new Uint8Array(parts);
}

async function* chunked(data: Uint8Array): AsyncIterable<Uint8Array> {
  yield data;
}

function engineWith(ports: Partial<EnginePorts>) {
  return createEngine({
    registry: createNodeRegistry([...testNodes(), helperNode]),
    ports: { sandbox: noScriptSandbox, clock: new FakeClock(), ...ports },
  });
}

const run = (ports: Partial<EnginePorts>, parameters: Record<string, unknown>) =>
  engineWith(ports).run({
    workflow: workflow(
      [
        ['T', 'test.trigger'],
        ['H', 'test.helpers', { parameters }],
      ],
      ['T->H'],
    ),
    executionId: 'e',
  });

describe('ports lent to nodes', () => {
  it('sends HTTP through the egress port with the execution signal and idempotency key', async () => {
    const requests: unknown[] = [];
    const result = await run(
      {
        egress: {
          request: async (options) => {
            requests.push(options);
            return { status: 201, headers: {}, body: new TextEncoder().encode('ok') };
          },
        },
      },
      { use: 'http' },
    );
    expect(outputJson(result.runData, 'H')).toEqual([{ status: 201, body: 'ok' }]);
    expect(requests[0]).toMatchObject({ url: 'https://example.test/x', idempotencyKey: 'e:H:0:0' });
    expect((requests[0] as { signal: unknown }).signal).toBeInstanceOf(AbortSignal);
  });

  it('stores and reads binary data through the blob store, keeping only a reference on the item', async () => {
    const blobs = new Map<string, Uint8Array>();
    const store: BlobStore = {
      put: async (source, meta) => {
        const id = `${meta.executionId}/${blobs.size}`;
        const data = await bytesOf(source);
        blobs.set(id, data);
        return {
          id,
          mimeType: meta.mimeType,
          ...(meta.fileName ? { fileName: meta.fileName } : {}),
          fileSize: data.length,
        };
      },
      get: async (ref: BinaryRef) => blobs.get(ref.id) ?? new Uint8Array(),
      open: async (ref: BinaryRef) => chunked(blobs.get(ref.id) ?? new Uint8Array()),
    };
    const result = await run({ blobs: store }, { use: 'blob' });
    const item = result.runData.H?.[0]?.outputs?.[0]?.[0];
    expect(item?.json).toEqual({ text: 'hello' });
    expect(item?.binary?.data).toEqual({ id: 'e/0', mimeType: 'text/plain', fileName: 'a.txt', fileSize: 5 });
  });

  it('reads and writes files through the file access port', async () => {
    const files = new Map<string, Uint8Array>();
    const result = await run(
      {
        files: {
          write: async (path, source, options) => {
            const data = await bytesOf(source);
            files.set(path, options?.append ? new Uint8Array([...(files.get(path) ?? []), ...data]) : data);
            return { path, size: files.get(path)?.length ?? 0 };
          },
          read: async (path) => ({
            data: files.get(path) ?? new Uint8Array(),
            fileName: path.split('/').pop() ?? path,
          }),
          open: async (path) => ({
            stream: chunked(files.get(path) ?? new Uint8Array()),
            fileName: path,
            size: files.get(path)?.length ?? 0,
          }),
        },
      },
      { use: 'file' },
    );
    expect(outputJson(result.runData, 'H')).toEqual([
      { path: 'out/a.txt', size: 2, text: 'hi', fileName: 'a.txt' },
    ]);
  });

  it('fails with ENGINE_PORT_MISSING when a node needs a port the engine lacks', async () => {
    expect((await run({}, { use: 'http' })).error?.code).toBe('ENGINE_PORT_MISSING');
    expect((await run({}, { use: 'file' })).error?.code).toBe('ENGINE_PORT_MISSING');
    expect((await run({}, { use: 'blob' })).error?.code).toBe('ENGINE_PORT_MISSING');
  });

  it('runs an inline sub-workflow given as an object or JSON text, and rejects invalid ones', async () => {
    const child = workflowSchema.parse({
      schemaVersion: 1,
      id: 'inline',
      name: 'Inline',
      nodes: [
        { id: 's', name: 'S', type: 'test.subTrigger', version: 1, position: [0, 0] },
        {
          id: 'x',
          name: 'X',
          type: 'test.set',
          version: 1,
          position: [1, 0],
          parameters: { values: { inline: true } },
        },
      ],
      connections: [{ from: { node: 's' }, to: { node: 'x' } }],
    });
    expect(outputJson((await run({}, { use: 'sub', child })).runData, 'H')).toEqual([{ inline: true }]);
    expect(outputJson((await run({}, { use: 'sub', child: JSON.stringify(child) })).runData, 'H')).toEqual([
      { inline: true },
    ]);
    expect((await run({}, { use: 'sub', child: '{not json' })).error?.code).toBe('NODE_SUBWORKFLOW_INVALID');
    expect((await run({}, { use: 'sub', child: { nodes: 3 } })).error?.message).toMatch(
      /the sub-workflow is invalid: schemaVersion/,
    );
  });
});

describe('registry', () => {
  it('refuses duplicate registrations and names known versions of unknown ones', () => {
    const nodes = testNodes();
    expect(() => createNodeRegistry([...nodes, ...nodes.slice(0, 1)])).toThrow(/registered twice/);
    const registry = createNodeRegistry(nodes);
    expect(() => registry.require('test.set', 7)).toThrow(
      /unknown node type "test.set" version 7 \(registered versions: 1\)/,
    );
    expect(() => registry.require('test.none', 1)).toThrow(/unknown node type "test.none" version 1$/);
    expect(registry.list().length).toBe(nodes.length);
  });
});

describe('start node', () => {
  it('fails clearly when there is nothing to start from', async () => {
    const engine = engineWith({});
    const wf = workflow(
      [
        ['A', 'test.set'],
        ['B', 'test.set'],
      ],
      ['A->B', 'B->A'],
    );
    await expect(engine.run({ workflow: wf })).rejects.toMatchObject({ code: 'WF_NO_START_NODE' });
  });

  it('starts from a root node when there is no trigger', async () => {
    const engine = engineWith({});
    const result = await engine.run({
      workflow: workflow([['A', 'test.set', { parameters: { values: { a: 1 } } }]], []),
    });
    expect(outputJson(result.runData, 'A')).toEqual([{ a: 1 }]);
  });
});
