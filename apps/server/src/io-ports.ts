import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Config,
  createConfinedFileAccess,
  createEgressClient,
  createFileBlobStore,
  type FileBlobStore,
} from '@klikkflow/core';
import type { EnginePorts } from '@klikkflow/engine';

/** The I/O ports the engine borrows (the same for a CLI run and the server), and the blob store to prune. */
export interface IoPorts {
  ports: Pick<EnginePorts, 'egress' | 'blobs' | 'files'>;
  blobs: FileBlobStore;
}

/**
 * Outbound HTTP through the SSRF-guarded egress client (`KLIKKFLOW_EGRESS_ALLOW` opens internal hosts),
 * binary data under `<data dir>/binary`, and file nodes confined to `KLIKKFLOW_FILES_DIR`.
 */
export async function createIoPorts(config: Config): Promise<IoPorts> {
  await mkdir(config.filesDir, { recursive: true });
  const blobs = createFileBlobStore({ root: join(config.dataDir, 'binary') });
  return {
    ports: {
      egress: createEgressClient({ allow: config.egressAllow }),
      blobs,
      files: createConfinedFileAccess({ roots: [config.filesDir] }),
    },
    blobs,
  };
}
