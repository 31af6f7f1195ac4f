import type { AppLogger, Config, Metrics } from '@klikkflow/core';
import type { DatabaseConnection, Repositories } from '@klikkflow/database';
import type { Clock, NodeRegistry } from '@klikkflow/engine';
import type { CredentialDefinition } from '@klikkflow/plugin-sdk';
import type { EventBus } from '@klikkflow/queue';
import type { ExecutionEvent, Workflow } from '@klikkflow/types';
import type { AuthService } from './auth/auth-service.js';
import type { CredentialService } from './credentials/credential-service.js';
import type { ExecutionService } from './executions/execution-service.js';

/** Registers and removes a workflow's triggers (production webhooks, schedules) as it is activated. */
export interface TriggerService {
  /**
   * Registers the triggers of an active workflow. A webhook path another workflow holds throws
   * `WEBHOOK_PATH_TAKEN`; a workflow without any trigger node throws `WORKFLOW_NO_TRIGGER`.
   */
  activate(workflow: Workflow): Promise<void>;
  /** Removes its triggers; nothing happens for an inactive workflow. */
  deactivate(workflowId: string): Promise<void>;
  /** Test webhooks: listens on `/webhook-test/<path>` for one call (the editor's "listen for test event"). */
  listenForTest(workflow: Workflow): { paths: string[]; expiresAt: number };
}

/** Everything the routes use: the composition root builds it once. */
export interface AppContext {
  config: Config;
  logger: AppLogger;
  clock: Clock;
  database: DatabaseConnection;
  repos: Repositories;
  registry: NodeRegistry;
  credentialTypes: readonly CredentialDefinition[];
  auth: AuthService;
  credentials: CredentialService;
  executions: ExecutionService;
  triggers: TriggerService;
  metrics: Metrics;
  /** Live execution events, one topic per workflow (`workflow:<id>`). */
  events: EventBus<ExecutionEvent>;
  /** `$vars` as of now (kept in memory; reloaded when variables change). */
  variables(): Record<string, string>;
  reloadVariables(): Promise<void>;
  /** The server's version (package.json). */
  version: string;
}
