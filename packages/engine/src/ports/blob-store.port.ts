import type { ByteSource } from '@klikkflow/plugin-sdk';
import type { BinaryRef } from '@klikkflow/types';

/** Where binary payloads live; items carry only references. */
export interface BlobStore {
  /** Stores bytes, or a stream of chunks (never held whole), under the execution. */
  put(
    data: ByteSource,
    meta: { mimeType: string; fileName?: string; executionId: string },
  ): Promise<BinaryRef>;
  get(ref: BinaryRef): Promise<Uint8Array>;
  /** Streams a payload chunk by chunk. */
  open(ref: BinaryRef): Promise<AsyncIterable<Uint8Array>>;
}
