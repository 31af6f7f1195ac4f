export { type AbortSource, Cancellation } from './cancellation.js';
export * from './engine.js';
export * from './engine.types.js';
export * from './execution-state.js';
export type { ExpressionScope } from './expressions/expression-scope.js';
export { ITEM_VARIABLES, SHARED_VARIABLES } from './expressions/expression-variables.js';
export { compileFastPath, FAST_PATH_MISS } from './expressions/fast-path.js';
export { findNodeReferences } from './expressions/node-references.js';
export { resolvePairedItem } from './expressions/paired-item.js';
export {
  evaluateExpression,
  type ResolvedParameters,
  resolveParameters,
} from './expressions/parameter-resolver.js';
export { buildSnapshot, connectionInput, connectionInputIndex } from './expressions/snapshot-builder.js';
export { codeParts, parseTemplate } from './expressions/template-parser.js';
export * from './node-registry.js';
export * from './ports/blob-store.port.js';
export * from './ports/checkpoint-store.port.js';
export * from './ports/clock.port.js';
export * from './ports/credential-resolver.port.js';
export * from './ports/egress.port.js';
export * from './ports/file-access.port.js';
export * from './ports/script-sandbox.port.js';
export * from './ports/workflow-loader.port.js';
export { renameNode } from './rename-node.js';
export { realClock } from './run-context.js';
export * from './workflow-check.js';
