export { createIsolatedVmSandbox, type IsolatedVmSandboxOptions } from './isolated-vm-sandbox.js';
