export * from './cli-io.js';
export * from './main.js';
