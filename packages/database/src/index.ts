export * from './connection.js';
export * from './execution-transitions.js';
export * from './migrator.js';
export * from './repositories.js';
export * from './repositories.types.js';
export type { DatabaseSchema } from './schema.js';
export { isDatabaseUnavailable, isUniqueViolation } from './sql-helpers.js';
export { runDataOfRows, type StoredRunRow, startItemsOf } from './stored-node-run.js';
export { timeOrderedId } from './time-ordered-id.js';
