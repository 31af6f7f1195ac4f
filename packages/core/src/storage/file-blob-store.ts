import { randomUUID } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { type BinaryRef, UserError } from '@klikkflow/types';
import { fileSystemError } from './fs-errors.js';
import type { BlobStore } from './storage.types.js';

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

/** The extension of a file name, lower-cased and without the dot (undefined when it has none). */
function extensionOf(fileName: string | undefined): string | undefined {
  const extension = fileName ? extname(fileName).slice(1).toLowerCase() : '';
  return extension === '' ? undefined : extension;
}

/**
 * A {@link BlobStore} on the local file system: each payload is `<root>/<executionId>/<uuid>`, written to a
 * temporary name first and renamed into place, so a reader never sees half a file.
 */
export function createFileBlobStore(options: FileBlobStoreOptions): FileBlobStore {
  const root = resolve(options.root);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BINARY_BYTES;

  return {
    async put(data, meta) {
      const executionId = checkExecutionId(meta.executionId);
      if (data.byteLength > maxBytes) throw tooLarge(data.byteLength, maxBytes, meta.fileName);
      const key = randomUUID();
      const folder = join(root, executionId);
      const target = join(folder, key);
      const temporary = join(folder, `.${key}.tmp`);
      try {
        await mkdir(folder, { recursive: true, mode: 0o700 });
        await writeFile(temporary, data, { flag: 'wx', mode: 0o600 });
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw fileSystemError(error, `${executionId}/${key}`, 'write');
      }
      const ref: BinaryRef = {
        id: `${executionId}/${key}`,
        mimeType: meta.mimeType,
        fileSize: data.byteLength,
      };
      const fileExtension = extensionOf(meta.fileName);
      if (meta.fileName !== undefined) ref.fileName = meta.fileName;
      if (fileExtension !== undefined) ref.fileExtension = fileExtension;
      return ref;
    },

    async get(ref) {
      const { executionId, key } = parseId(ref?.id);
      const path = join(root, executionId, key);
      const notFound = () =>
        new UserError('BINARY_NOT_FOUND', `binary data "${ref.id}" is no longer stored`, {
          details: { id: ref.id },
        });
      const fail = (error: unknown) =>
        (error as { code?: unknown }).code === 'ENOENT' ? notFound() : fileSystemError(error, ref.id, 'read');
      // lstat, not stat: a symlink planted in the store is not one of our payloads.
      const stats = await lstat(path).catch((error: unknown) => {
        throw fail(error);
      });
      if (!stats.isFile()) throw notFound();
      if (stats.size > maxBytes) throw tooLarge(stats.size, maxBytes, ref.fileName);
      return new Uint8Array(
        await readFile(path).catch((error: unknown) => {
          throw fail(error);
        }),
      );
    },

    async deleteExecution(executionId) {
      await rm(join(root, checkExecutionId(executionId)), { recursive: true, force: true });
    },
  };
}
