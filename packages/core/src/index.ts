export * from './config.js';
export * from './egress/egress.types.js';
export { type EgressAllowlist, parseEgressAllowlist } from './egress/egress-allowlist.js';
export { createEgressClient, EGRESS_DEFAULTS, systemResolver } from './egress/egress-client.js';
export * from './logger.js';
export {
  createMetrics,
  DURATION_BUCKETS_SECONDS,
  type Metrics,
  type ScheduleSlotOutcome,
} from './metrics.js';
export {
  type ConfinedFileAccessOptions,
  createConfinedFileAccess,
  DEFAULT_MAX_FILE_READ_BYTES,
} from './storage/confined-file-access.js';
export type { FileAccessRule } from './storage/confined-path.js';
export {
  createFileBlobStore,
  DEFAULT_MAX_BINARY_BYTES,
  type FileBlobStore,
  type FileBlobStoreOptions,
} from './storage/file-blob-store.js';
export type { BlobStore, FileAccess } from './storage/storage.types.js';
