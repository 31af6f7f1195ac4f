import { createApiKeyRepository } from './api-key.repository.js';
import type { DatabaseConnection } from './connection.js';
import { createCredentialRepository } from './credential.repository.js';
import { createExecutionRepository } from './execution.repository.js';
import { createExecutionLeaseRepository } from './execution-lease.repository.js';
import { createOutboxRepository } from './outbox.repository.js';
import type { Repositories } from './repositories.types.js';
import { createScheduleRepository } from './schedule.repository.js';
import { createSessionRepository } from './session.repository.js';
import { createSettingsRepository } from './settings.repository.js';
import { createTagRepository } from './tag.repository.js';
import { createUserRepository } from './user.repository.js';
import { createVariableRepository } from './variable.repository.js';
import { createWebhookRepository } from './webhook.repository.js';
import { createWorkflowRepository } from './workflow.repository.js';

/** Every repository over one open connection (migrated first: see {@link DatabaseConnection.migrate}). */
export function createRepositories(connection: DatabaseConnection): Repositories {
  const { db, dialect } = connection;
  return {
    workflows: createWorkflowRepository(db),
    tags: createTagRepository(db),
    executions: createExecutionRepository(db),
    credentials: createCredentialRepository(db),
    users: createUserRepository(db),
    sessions: createSessionRepository(db),
    apiKeys: createApiKeyRepository(db),
    webhooks: createWebhookRepository(db),
    schedules: createScheduleRepository(db),
    settings: createSettingsRepository(db),
    variables: createVariableRepository(db),
    outbox: createOutboxRepository(db, dialect),
    leases: createExecutionLeaseRepository(db, dialect),
  };
}
