export * from './config.js';
export * from './egress/egress.types.js';
export { type EgressAllowlist, parseEgressAllowlist } from './egress/egress-allowlist.js';
export { createEgressClient, EGRESS_DEFAULTS, systemResolver } from './egress/egress-client.js';
export * from './logger.js';
