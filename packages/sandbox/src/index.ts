export { createIsolatedVmSandbox, type IsolatedVmSandboxOptions } from './isolated-vm-sandbox.js';
export {
  createProcessSandbox,
  type ProcessSandboxOptions,
  type ProcessScriptSandbox,
} from './process-sandbox.js';
