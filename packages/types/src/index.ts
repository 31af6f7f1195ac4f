export * from './credential.schema.js';
export * from './errors.js';
export * from './execution.schema.js';
export * from './item.schema.js';
export * from './json.schema.js';
export * from './node-description.schema.js';
export * from './validation.js';
export * from './workflow.schema.js';
