import { constants } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UserError } from '@klikkflow/types';
import { writeChunks } from './byte-chunks.js';
import { accessDenied, confinePath, isInside } from './confined-path.js';
import { fileSystemError } from './fs-errors.js';
import type { FileAccess } from './storage.types.js';

/** Largest file read by default: 256 MiB, the blob store's default limit. */
export const DEFAULT_MAX_FILE_READ_BYTES = 256 * 1024 * 1024;

/** How a {@link createConfinedFileAccess} adapter is set up. */
export interface ConfinedFileAccessOptions {
  /** Folders workflows may use. Relative paths resolve against the first; absolute ones must lie in one. */
  roots: readonly string[];
  /** Largest file `read` returns (default {@link DEFAULT_MAX_FILE_READ_BYTES}); bigger ones fail `FILE_TOO_LARGE`. */
  maxReadBytes?: number;
}

const isMissing = (error: unknown) => (error as { code?: unknown }).code === 'ENOENT';

/** The real path of a root; a root that does not exist yet stands for itself (writes create it). */
async function realRoot(root: string): Promise<string> {
  try {
    return await realpath(root);
  } catch (error) {
    if (isMissing(error)) return root;
    throw error;
  }
}

/** The real path of the nearest existing ancestor of `path`, plus the missing folder names below it. */
async function nearestExisting(path: string): Promise<{ real: string; missing: string[] }> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return { real: await realpath(current), missing };
    } catch (error) {
      const parent = dirname(current);
      if (!isMissing(error) || parent === current) throw error;
      missing.unshift(basename(current));
      current = parent;
    }
  }
}

/**
 * A `FileAccess` confined to operator-configured folders. Refused with `FILE_ACCESS_DENIED` (`details.rule`):
 * empty paths, NUL bytes, `..` segments, absolute paths outside every root, and symbolic links (of the file
 * or any folder above it) whose real target lies outside every root. Writes create missing folders inside the
 * root and open the final file with `O_NOFOLLOW`, so a link swapped in after the check is not followed.
 */
export function createConfinedFileAccess(options: ConfinedFileAccessOptions): FileAccess {
  if (options.roots.length === 0) {
    throw new UserError('FILE_ACCESS_NO_ROOTS', 'file access needs at least one allowed folder');
  }
  const roots = options.roots.map((root) => resolve(root));
  const maxReadBytes = options.maxReadBytes ?? DEFAULT_MAX_FILE_READ_BYTES;

  /** Checks a path lexically, then returns the real roots to check resolved locations against. */
  async function locate(path: string) {
    const reals = await Promise.all(roots.map(realRoot));
    // Absolute paths may be spelled through a root's real location (e.g. /private/tmp for /tmp on macOS).
    const target = confinePath(path, [...roots, ...reals]);
    const confined = (real: string) => reals.some((root) => isInside(root, real));
    // What a node is told it wrote: the real location relative to the real root holding it.
    const shown = (real: string) => {
      const root = reals.find((candidate) => isInside(candidate, real)) ?? target.root;
      return relative(root, real) || basename(real);
    };
    return { target, confined, shown };
  }

  /** Opens a file for reading after the confinement checks, refusing files over the read limit. */
  async function openConfined(path: string): Promise<{ handle: FileHandle; fileName: string; size: number }> {
    const { target, confined } = await locate(path);
    let real: string;
    try {
      real = await realpath(target.absolute);
    } catch (error) {
      throw fileSystemError(error, path, 'read');
    }
    if (!confined(real)) throw accessDenied(path, 'symlink-escape');
    let handle: FileHandle;
    try {
      handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      throw fileSystemError(error, path, 'read');
    }
    const stats = await handle.stat();
    if (stats.size > maxReadBytes) {
      await handle.close();
      throw new UserError(
        'FILE_TOO_LARGE',
        `file "${path}" is ${stats.size} bytes, more than the ${maxReadBytes}-byte read limit`,
        { details: { path, size: stats.size, maxBytes: maxReadBytes } },
      );
    }
    return { handle, fileName: basename(target.absolute), size: stats.size };
  }

  return {
    async read(path) {
      const { handle, fileName } = await openConfined(path);
      try {
        return { data: new Uint8Array(await handle.readFile()), fileName };
      } catch (error) {
        throw fileSystemError(error, path, 'read');
      } finally {
        await handle.close();
      }
    },

    async open(path) {
      const { handle, fileName, size } = await openConfined(path);
      // The stream closes the file when it ends or fails.
      return { stream: handle.createReadStream(), fileName, size };
    },

    async write(path, data, writeOptions) {
      const { target, confined, shown } = await locate(path);
      try {
        // Check where the parent folder really is before creating anything below it.
        const parent = await nearestExisting(dirname(target.absolute));
        if (!confined(parent.real)) throw accessDenied(path, 'symlink-escape');
        const folder = join(parent.real, ...parent.missing);
        await mkdir(folder, { recursive: true });
        if (!confined(await realpath(folder))) throw accessDenied(path, 'symlink-escape');
        let destination = join(folder, basename(target.absolute));
        const existing = await lstat(destination).catch((error: unknown) => {
          if (isMissing(error)) return undefined;
          throw error;
        });
        if (existing?.isSymbolicLink()) {
          // A link is followed only to a target inside the roots; a dangling link is refused outright.
          const linked = await realpath(destination).catch(() => undefined);
          if (!linked || !confined(linked)) throw accessDenied(path, 'symlink-escape');
          destination = linked;
        }
        const mode = writeOptions?.append ? constants.O_APPEND : constants.O_TRUNC;
        const handle = await open(
          destination,
          constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | mode,
          0o644,
        );
        try {
          await writeChunks(handle, data);
          return { path: shown(destination), size: (await handle.stat()).size };
        } finally {
          await handle.close();
        }
      } catch (error) {
        if ((error as { code?: unknown }).code === 'FILE_ACCESS_DENIED') throw error;
        throw fileSystemError(error, path, 'write');
      }
    },
  };
}
