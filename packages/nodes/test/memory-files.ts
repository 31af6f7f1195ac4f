import type { NodeHelpers } from '@klikkflow/plugin-sdk';
import { type BinaryRef, UserError } from '@klikkflow/types';

/** The binary and file helpers a file node needs, kept in memory; the real adapters live in @klikkflow/core. */
export interface MemoryFiles {
  helpers: Pick<NodeHelpers, 'storeBinary' | 'readBinary' | 'readFile' | 'writeFile'>;
  /** Files by path, as written. */
  files: Map<string, Uint8Array>;
  /** Puts bytes in the blob store directly, for test input items. */
  store(data: Uint8Array | string, mimeType: string, fileName?: string): Promise<BinaryRef>;
  /** The stored bytes of a reference, as text. */
  text(ref: BinaryRef | undefined): Promise<string>;
}

const encoder = new TextEncoder();

/** In-memory blob store and file area with the adapters' behaviour: limits, missing data, append. */
export function memoryFiles(options: { maxBytes?: number } = {}): MemoryFiles {
  const blobs = new Map<string, Uint8Array>();
  const files = new Map<string, Uint8Array>();
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const helpers: MemoryFiles['helpers'] = {
    async storeBinary(data, meta) {
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
    async readFile(path) {
      const data = files.get(path);
      if (!data) throw new UserError('FILE_NOT_FOUND', `file "${path}" does not exist`);
      return { data, fileName: path.split('/').pop() ?? path };
    },
    async writeFile(path, data, writeOptions) {
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
