import type { FileHandle } from 'node:fs/promises';
import type { ByteSource } from './storage.types.js';

/** The chunks of a byte source: the bytes themselves, or the stream's chunks as they come. */
export function chunksOf(data: ByteSource): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
  return data instanceof Uint8Array ? [data] : data;
}

/** Writes a byte source to an open file chunk by chunk (a stream is never held whole); returns the bytes written. */
export async function writeChunks(handle: FileHandle, data: ByteSource): Promise<number> {
  let total = 0;
  for await (const chunk of chunksOf(data)) {
    let offset = 0;
    while (offset < chunk.byteLength) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
      offset += bytesWritten;
    }
    total += chunk.byteLength;
  }
  return total;
}
