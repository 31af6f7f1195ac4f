export type { AppContext, TriggerService } from './app-context.js';
export { openConfiguredDatabase, SQLITE_FILE_NAME, sqlitePathOf } from './configured-database.js';
export { createIoPorts, type IoPorts } from './io-ports.js';
export { createServer, type KlikkflowServer, type ServerOptions } from './server.js';
