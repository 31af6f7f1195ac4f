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

/** The I/O ports a CLI run lends the engine, and the blob store to prune once the run is over. */
export interface CliPorts {
  ports: Pick<EnginePorts, 'egress' | 'blobs' | 'files'>;
  blobs: FileBlobStore;
}

/**
 * Outbound HTTP through the SSRF-guarded egress client (`KLIKKFLOW_EGRESS_ALLOW` opens internal hosts),
 * binary data under `<data dir>/binary`, and file nodes confined to `KLIKKFLOW_FILES_DIR`.
 */
export async function createCliPorts(config: Config): Promise<CliPorts> {
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
