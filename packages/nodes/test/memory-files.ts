import type { ByteSource, NodeHelpers } from '@klikkflow/plugin-sdk';
import { type BinaryRef, UserError } from '@klikkflow/types';

/** The binary and file helpers a file node needs, kept in memory; the real adapters live in @klikkflow/core. */
export interface MemoryFiles {
  helpers: Pick<
    NodeHelpers,
    'storeBinary' | 'readBinary' | 'openBinary' | 'readFile' | 'openFile' | 'writeFile'
  >;
  /** Files by path, as written. */
  files: Map<string, Uint8Array>;
  /** Puts bytes in the blob store directly, for test input items. */
  store(data: Uint8Array | string, mimeType: string, fileName?: string): Promise<BinaryRef>;
  /** The stored bytes of a reference, as text. */
  text(ref: BinaryRef | undefined): Promise<string>;
}

const encoder = new TextEncoder();

/** Collects a byte source into one array (the in-memory stand-in has nowhere to stream to). */
async function collect(data: ByteSource): Promise<Uint8Array> {
  if (data instanceof Uint8Array) return data;
  const chunks: Uint8Array[] = [];
  for await (const chunk of data) chunks.push(chunk);
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A stream of the bytes in two chunks, so consumers really iterate. */
async function* streamOf(data: Uint8Array): AsyncIterable<Uint8Array> {
  const half = Math.floor(data.byteLength / 2);
  yield data.subarray(0, half);
  yield data.subarray(half);
}

/** In-memory blob store and file area with the adapters' behaviour: limits, missing data, append. */
export function memoryFiles(options: { maxBytes?: number } = {}): MemoryFiles {
  const blobs = new Map<string, Uint8Array>();
  const files = new Map<string, Uint8Array>();
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const helpers: MemoryFiles['helpers'] = {
    async storeBinary(source, meta) {
      const data = await collect(source);
      if (data.byteLength > maxBytes) throw new UserError('BINARY_TOO_LARGE', `${data.byteLength} bytes`);
      const id = `test-execution/${blobs.size}`;
      blobs.set(id, new Uint8Array(data));
      const ref: BinaryRef = { id, mimeType: meta.mimeType, fileSize: data.byteLength };
      if (meta.fileName) {
        ref.fileName = meta.fileName;
        const extension = meta.fileName.split('.').pop();
        if (extension && extension !== meta.fileName) ref.fileExtension = extension.toLowerCase();
      }
      return ref;
    },
    async readBinary(ref) {
      const data = blobs.get(ref.id);
      if (!data) throw new UserError('BINARY_NOT_FOUND', `binary data "${ref.id}" is no longer stored`);
      if (data.byteLength > maxBytes) throw new UserError('BINARY_TOO_LARGE', `${data.byteLength} bytes`);
      return data;
    },
    async openBinary(ref) {
      return streamOf(await helpers.readBinary(ref));
    },
    async openFile(path) {
      const { data, fileName } = await helpers.readFile(path);
      return { stream: streamOf(data), fileName, size: data.byteLength };
    },
    async readFile(path) {
      const data = files.get(path);
      if (!data) throw new UserError('FILE_NOT_FOUND', `file "${path}" does not exist`);
      return { data, fileName: path.split('/').pop() ?? path };
    },
    async writeFile(path, source, writeOptions) {
      const data = await collect(source);
      if (path.split('/').includes('..'))
        throw new UserError('FILE_ACCESS_DENIED', `access to "${path}" denied`);
      const before = writeOptions?.append ? (files.get(path) ?? new Uint8Array()) : new Uint8Array();
      const next = new Uint8Array(before.byteLength + data.byteLength);
      next.set(before);
      next.set(data, before.byteLength);
      files.set(path, next);
      return { path, size: next.byteLength };
    },
  };
  return {
    helpers,
    files,
    store: (data, mimeType, fileName) =>
      helpers.storeBinary(typeof data === 'string' ? encoder.encode(data) : data, {
        mimeType,
        ...(fileName ? { fileName } : {}),
      }),
    text: async (ref) => {
      if (!ref) throw new Error('no binary reference');
      return new TextDecoder().decode(await helpers.readBinary(ref));
    },
  };
}
