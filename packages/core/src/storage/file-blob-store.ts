import { randomUUID } from 'node:crypto';
import { lstat, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { type BinaryRef, UserError } from '@klikkflow/types';
import { chunksOf, writeChunks } from './byte-chunks.js';
import { fileSystemError } from './fs-errors.js';
import type { BlobStore, ByteSource } from './storage.types.js';

/** Largest payload stored or read by default: 256 MiB. */
export const DEFAULT_MAX_BINARY_BYTES = 256 * 1024 * 1024;

/** How a {@link createFileBlobStore} store is set up. */
export interface FileBlobStoreOptions {
  /** Folder holding one sub-folder per execution (the embedded default is `<data dir>/binary`). */
  root: string;
  /** Largest payload accepted by `put` and returned by `get` (default {@link DEFAULT_MAX_BINARY_BYTES}). */
  maxBytes?: number;
}

/** A filesystem blob store: the engine's `BlobStore` plus pruning of an execution's payloads. */
export interface FileBlobStore extends BlobStore {
  /** Removes every payload of one execution (nothing happens when it has none). */
  deleteExecution(executionId: string): Promise<void>;
}

// Execution ids become folder names, so only a conservative alphabet is allowed: no dots, no separators.
const EXECUTION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const BLOB_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function invalidRef(id: unknown): UserError {
  return new UserError(
    'BINARY_REF_INVALID',
    `${JSON.stringify(id)} is not a binary reference of this store`,
    {
      details: { id },
    },
  );
}

function checkExecutionId(executionId: string): string {
  if (typeof executionId !== 'string' || !EXECUTION_ID.test(executionId)) throw invalidRef(executionId);
  return executionId;
}

/** Splits `<executionId>/<uuid>` and refuses anything else, so an id can never name a path outside root. */
function parseId(id: unknown): { executionId: string; key: string } {
  if (typeof id !== 'string') throw invalidRef(id);
  const parts = id.split('/');
  const [executionId, key] = parts;
  if (parts.length !== 2 || !executionId || !key || !EXECUTION_ID.test(executionId) || !BLOB_KEY.test(key)) {
    throw invalidRef(id);
  }
  return { executionId, key };
}

function tooLarge(size: number, maxBytes: number, fileName?: string): UserError {
  const what = fileName ? `"${fileName}"` : 'binary data';
  return new UserError(
    'BINARY_TOO_LARGE',
    `${what} is ${size} bytes, more than the ${maxBytes}-byte limit for binary data`,
    { details: { size, maxBytes, ...(fileName ? { fileName } : {}) } },
  );
}

function notFound(ref: BinaryRef): UserError {
  return new UserError('BINARY_NOT_FOUND', `binary data "${ref.id}" is no longer stored`, {
    details: { id: ref.id },
  });
}

function readFailure(ref: BinaryRef, error: unknown): Error {
  return (error as { code?: unknown }).code === 'ENOENT'
    ? notFound(ref)
    : fileSystemError(error, ref.id, 'read');
}

/** The extension of a file name, lower-cased and without the dot (undefined when it has none). */
function extensionOf(fileName: string | undefined): string | undefined {
  const extension = fileName ? extname(fileName).slice(1).toLowerCase() : '';
  return extension === '' ? undefined : extension;
}

/** Chunks of a byte source, failing with `BINARY_TOO_LARGE` as soon as more than `maxBytes` went by. */
async function* bounded(
  data: ByteSource,
  maxBytes: number,
  fileName: string | undefined,
  counter: { bytes: number },
) {
  for await (const chunk of chunksOf(data)) {
    counter.bytes += chunk.byteLength;
    if (counter.bytes > maxBytes) throw tooLarge(counter.bytes, maxBytes, fileName);
    yield chunk;
  }
}

/**
 * A {@link BlobStore} on the local file system: each payload is `<root>/<executionId>/<uuid>`, written to a
 * temporary name first and renamed into place, so a reader never sees half a file.
 */
export function createFileBlobStore(options: FileBlobStoreOptions): FileBlobStore {
  const root = resolve(options.root);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BINARY_BYTES;

  /** The file of a payload, after checking the id, that it is a plain file, and its size. */
  async function payloadPath(ref: BinaryRef): Promise<string> {
    const { executionId, key } = parseId(ref?.id);
    const path = join(root, executionId, key);
    // lstat, not stat: a symlink planted in the store is not one of our payloads.
    const stats = await lstat(path).catch((error: unknown) => {
      throw readFailure(ref, error);
    });
    if (!stats.isFile()) throw notFound(ref);
    if (stats.size > maxBytes) throw tooLarge(stats.size, maxBytes, ref.fileName);
    return path;
  }

  return {
    async put(data, meta) {
      const executionId = checkExecutionId(meta.executionId);
      if (data instanceof Uint8Array && data.byteLength > maxBytes)
        throw tooLarge(data.byteLength, maxBytes, meta.fileName);
      const key = randomUUID();
      const written = { bytes: 0 };
      const folder = join(root, executionId);
      const target = join(folder, key);
      const temporary = join(folder, `.${key}.tmp`);
      try {
        await mkdir(folder, { recursive: true, mode: 0o700 });
        const handle = await open(temporary, 'wx', 0o600);
        try {
          // Streams are written chunk by chunk and cut off at the size limit; nothing is held whole.
          await writeChunks(handle, bounded(data, maxBytes, meta.fileName, written));
        } finally {
          await handle.close();
        }
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        if ((error as { code?: unknown }).code === 'BINARY_TOO_LARGE') throw error;
        throw fileSystemError(error, `${executionId}/${key}`, 'write');
      }
      const ref: BinaryRef = {
        id: `${executionId}/${key}`,
        mimeType: meta.mimeType,
        fileSize: written.bytes,
      };
      const fileExtension = extensionOf(meta.fileName);
      if (meta.fileName !== undefined) ref.fileName = meta.fileName;
      if (fileExtension !== undefined) ref.fileExtension = fileExtension;
      return ref;
    },

    async get(ref) {
      const path = await payloadPath(ref);
      return new Uint8Array(
        await readFile(path).catch((error: unknown) => {
          throw readFailure(ref, error);
        }),
      );
    },

    async open(ref) {
      const path = await payloadPath(ref);
      const handle = await open(path, 'r').catch((error: unknown) => {
        throw readFailure(ref, error);
      });
      return handle.createReadStream();
    },

    async deleteExecution(executionId) {
      await rm(join(root, checkExecutionId(executionId)), { recursive: true, force: true });
    },
  };
}
