export type { AppContext, TriggerService } from './app-context.js';
export { openConfiguredDatabase, SQLITE_FILE_NAME, sqlitePathOf } from './configured-database.js';
export type { CredentialService } from './credentials/credential-service.js';
export { keyCreatedWarning, openCredentialVault } from './credentials/credential-vault.js';
export { createIoPorts, type IoPorts } from './io-ports.js';
export type { RuntimeOptions } from './runtime.js';
export { createServer, type KlikkflowServer, type ServerOptions, type ServerRole } from './server.js';
export { createWorker, type KlikkflowWorker } from './worker.js';
