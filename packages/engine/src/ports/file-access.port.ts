import type { ByteSource } from '@klikkflow/plugin-sdk';

/**
 * Files a workflow may read and write: confined by the adapter to the folders an operator configured
 * (no traversal, no symlink escape, no absolute paths outside them). Nodes see only relative paths.
 */
export interface FileAccess {
  /** Reads a whole file. */
  read(path: string): Promise<{ data: Uint8Array; fileName: string }>;
  /** Streams a file chunk by chunk. */
  open(path: string): Promise<{ stream: AsyncIterable<Uint8Array>; fileName: string; size: number }>;
  /** Writes (or appends to) a file from bytes or a stream, creating missing folders inside the confined area. */
  write(
    path: string,
    data: ByteSource,
    options?: { append?: boolean },
  ): Promise<{ path: string; size: number }>;
}
