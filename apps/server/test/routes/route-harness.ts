import { createLogger, createMetrics, loadConfig } from '@klikkflow/core';
import { createRepositories, openDatabase } from '@klikkflow/database';
import { createNodeRegistry, realClock } from '@klikkflow/engine';
import { builtinCredentials, builtinNodes } from '@klikkflow/nodes';
import { createInProcessEventBus } from '@klikkflow/queue';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { createCredentialCipher } from '@klikkflow/security';
import type { ExecutionEvent, UserError, Workflow, WorkflowInput } from '@klikkflow/types';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { AppContext, TriggerService } from '../../src/app-context.js';
import type { AuthService } from '../../src/auth/auth-service.js';
import type { Principal } from '../../src/auth/principal.js';
import { createCredentialService } from '../../src/credentials/credential-service.js';
import { createExecutionStack } from '../../src/executions/execution-stack.js';
import { storedWorkflowLoader } from '../../src/executions/stored-workflow-loader.js';
import { createHttpApp } from '../../src/http/create-app.js';
import { resourceRouteSets } from '../../src/routes/index.js';

/** The header that signs a test request in (the harness's stand-in for sessions and API keys). */
export const TEST_USER_HEADER = 'x-test-user';

const principal: Principal = {
  user: { id: 'user-1', email: 'owner@example.com', firstName: 'Olga', lastName: 'Owner', role: 'owner' },
  via: 'apiKey',
  apiKeyId: 'key-1',
};

const notInHarness = async (): Promise<never> => {
  throw new Error('not available in the route harness');
};

/** Signs in whoever sends `x-test-user: 1`; the real auth service has its own tests. */
const testAuth: AuthService = {
  authenticate: async (request) => (request.headers[TEST_USER_HEADER] === '1' ? principal : undefined),
  ownerExists: async () => true,
  checkCsrf: () => undefined,
  setupOwner: notInHarness,
  ensureOwner: notInHarness,
  login: notInHarness,
  logout: notInHarness,
  createApiKey: notInHarness,
  createApiKeyForEmail: notInHarness,
  listApiKeys: notInHarness,
  revokeApiKey: notInHarness,
};

/** One call the routes made on the trigger service. */
export type TriggerCall =
  | { method: 'activate'; workflow: Workflow }
  | { method: 'deactivate'; workflowId: string }
  | { method: 'listenForTest'; workflow: Workflow };

/** A trigger service that records its calls and refuses activations while `refuse` is set. */
export interface RecordingTriggers extends TriggerService {
  calls: TriggerCall[];
  /** Thrown by the next activations, as the real service throws `WEBHOOK_PATH_TAKEN`. */
  refuse?: UserError;
}

function recordingTriggers(): RecordingTriggers {
  const triggers: RecordingTriggers = {
    calls: [],
    async activate(workflow) {
      triggers.calls.push({ method: 'activate', workflow });
      if (triggers.refuse) throw triggers.refuse;
    },
    async deactivate(workflowId) {
      triggers.calls.push({ method: 'deactivate', workflowId });
    },
    listenForTest(workflow) {
      triggers.calls.push({ method: 'listenForTest', workflow });
      return { paths: [`test/${workflow.id}`], expiresAt: 1_700_000_000_000 };
    },
  };
  return triggers;
}

/** An app over the route sets with a real context around it. */
export interface RouteHarness {
  app: FastifyInstance;
  context: AppContext;
  triggers: RecordingTriggers;
  /** How many times the routes reloaded the variables. */
  variableReloads(): number;
  /** A request as the signed-in test user, or anonymous. */
  call(options: InjectOptions & { anonymous?: boolean }): Promise<LightMyRequestResponse>;
  /** Resolves once no execution is queued or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds the routes of this folder over SQLite in memory, the real credential service (with a test key),
 * the real execution service, runner and in-process queue running the built-in nodes, and a real event
 * bus; only sign-in and the trigger service are stand-ins.
 */
export async function createRouteHarness(
  options: { extra?: (app: FastifyInstance) => void } = {},
): Promise<RouteHarness> {
  const config = loadConfig({ KLIKKFLOW_LOG_LEVEL: 'silent' });
  const database = await openDatabase({ sqlitePath: ':memory:' });
  await database.migrate();
  const repos = createRepositories(database);
  const registry = createNodeRegistry(builtinNodes);
  const credentials = createCredentialService({
    repository: repos.credentials,
    cipher: createCredentialCipher('route-harness-key-route-harness-key'),
    types: builtinCredentials,
  });
  const events = createInProcessEventBus<ExecutionEvent>();
  const sandbox = createIsolatedVmSandbox();
  let variables: Record<string, string> = {};
  let reloads = 0;
  const { executions, queue } = createExecutionStack({
    registry,
    sandbox,
    clock: realClock,
    ports: {},
    repos,
    workflows: storedWorkflowLoader(repos.workflows),
    credentials,
    variables: () => variables,
    events,
    concurrency: 4,
    capacity: 100,
    saveDefault: 'all',
  });
  const triggers = recordingTriggers();
  const context: AppContext = {
    config,
    logger: createLogger(config),
    clock: realClock,
    database,
    repos,
    registry,
    credentialTypes: builtinCredentials,
    auth: testAuth,
    credentials,
    executions,
    triggers,
    metrics: createMetrics(),
    events,
    variables: () => variables,
    reloadVariables: async () => {
      reloads++;
      variables = await repos.variables.asRecord();
    },
    version: '0.0.0-test',
  };
  const app = createHttpApp(context, resourceRouteSets, options.extra);
  await app.ready();
  return {
    app,
    context,
    triggers,
    variableReloads: () => reloads,
    call: ({ anonymous, ...options }) =>
      app.inject({
        ...options,
        headers: { ...options.headers, ...(anonymous ? {} : { [TEST_USER_HEADER]: '1' }) },
      }),
    idle: () => queue.onIdle(),
    async close() {
      await queue.close();
      await app.close();
      await sandbox.dispose();
      await database.close();
    },
  };
}

/** A manual trigger followed by the given nodes in a chain (ids `n1`, `n2`...). */
export function chainWorkflow(
  id: string,
  nodes: { type: string; parameters?: Record<string, unknown> }[] = [{ type: 'core.noOp' }],
  extra: Partial<WorkflowInput> = {},
): WorkflowInput {
  const all = [{ type: 'core.manualTrigger', parameters: {} }, ...nodes];
  return {
    schemaVersion: 1,
    id,
    name: `Workflow ${id}`,
    nodes: all.map((node, index) => ({
      id: index === 0 ? 'start' : `n${index}`,
      name: index === 0 ? 'Start' : `Node ${index}`,
      type: node.type,
      version: 1,
      position: [index * 200, 0],
      parameters: node.parameters ?? {},
    })),
    connections: all.slice(1).map((_node, index) => ({
      from: { node: index === 0 ? 'start' : `n${index}`, output: 0 },
      to: { node: `n${index + 1}`, input: 0 },
    })),
    ...extra,
  };
}
