/**
 * Files a workflow may read and write: confined by the adapter to the folders an operator configured
 * (no traversal, no symlink escape, no absolute paths outside them). Nodes see only relative paths.
 */
export interface FileAccess {
  /** Reads a whole file. */
  read(path: string): Promise<{ data: Uint8Array; fileName: string }>;
  /** Writes (or appends to) a file, creating missing folders inside the confined area. */
  write(
    path: string,
    data: Uint8Array,
    options?: { append?: boolean },
  ): Promise<{ path: string; size: number }>;
}
