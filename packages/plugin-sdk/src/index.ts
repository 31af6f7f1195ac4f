export * from './define.js';
export * from './harness.js';
export * from './items.js';
export * from './line-logger.js';
export * from './node-context.js';
export * from './node-definition.js';
export * from './parameters.js';
