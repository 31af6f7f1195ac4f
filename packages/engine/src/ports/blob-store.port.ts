import type { BinaryRef } from '@klikkflow/types';

/** Where binary payloads live; items carry only references. */
export interface BlobStore {
  put(
    data: Uint8Array,
    meta: { mimeType: string; fileName?: string; executionId: string },
  ): Promise<BinaryRef>;
  get(ref: BinaryRef): Promise<Uint8Array>;
}
