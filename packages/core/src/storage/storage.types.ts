import type { BinaryRef } from '@klikkflow/types';

/** Bytes in memory, or a stream of chunks. */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * Where binary payloads live; items carry only references. Same shape as the engine's `BlobStore` port
 * (core may import only `@klikkflow/types`, so it is restated here; keep both identical).
 */
export interface BlobStore {
  put(
    data: ByteSource,
    meta: { mimeType: string; fileName?: string; executionId: string },
  ): Promise<BinaryRef>;
  get(ref: BinaryRef): Promise<Uint8Array>;
  /** Streams a payload chunk by chunk. */
  open(ref: BinaryRef): Promise<AsyncIterable<Uint8Array>>;
}

/**
 * Files a workflow may read and write, confined to operator-configured folders. Same shape as the engine's
 * `FileAccess` port (restated here for the same reason as {@link BlobStore}).
 */
export interface FileAccess {
  /** Reads a whole file. */
  read(path: string): Promise<{ data: Uint8Array; fileName: string }>;
  /** Streams a file chunk by chunk. */
  open(path: string): Promise<{ stream: AsyncIterable<Uint8Array>; fileName: string; size: number }>;
  /** Writes (or appends to) a file, creating missing folders inside the confined area. */
  write(
    path: string,
    data: ByteSource,
    options?: { append?: boolean },
  ): Promise<{ path: string; size: number }>;
}
