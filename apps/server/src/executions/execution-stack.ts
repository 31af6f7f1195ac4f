import type { Repositories } from '@klikkflow/database';
import type { Clock, EnginePorts, NodeRegistry, ScriptSandbox, WorkflowLoader } from '@klikkflow/engine';
import { createInProcessQueue, type EventBus } from '@klikkflow/queue';
import type { ExecutionEvent } from '@klikkflow/types';
import type { CredentialService } from '../credentials/credential-service.js';
import type { ExecutionJob, ExecutionOutcome } from './execution-job.js';
import { createExecutionRunner, type ExecutionRunner } from './execution-runner.js';
import { createExecutionService, type ExecutionService } from './execution-service.js';
import { liveTopicOf } from './live-topic.js';
import type { SaveMode } from './save-policy.js';

/** What the execution side of a process needs. */
export interface ExecutionStackOptions {
  registry: NodeRegistry;
  sandbox: ScriptSandbox;
  clock: Clock;
  ports: Pick<EnginePorts, 'egress' | 'blobs' | 'files'>;
  repos: Pick<Repositories, 'executions'>;
  workflows: WorkflowLoader;
  credentials: CredentialService;
  variables: () => Record<string, string>;
  /** Live events go out here, on their workflow's topic ({@link liveTopicOf}). */
  events: EventBus<ExecutionEvent>;
  concurrency: number;
  capacity: number;
  saveDefault: SaveMode;
  onOutcome?: (outcome: ExecutionOutcome, job: ExecutionJob) => void;
  onJobError?: (error: unknown, job: ExecutionJob) => void;
}

/** The runner, its bounded queue and the execution service over them. */
export interface ExecutionStack {
  runner: ExecutionRunner;
  queue: ReturnType<typeof createInProcessQueue<ExecutionJob>>;
  executions: ExecutionService;
}

/**
 * Wires the engine's runner to the bounded in-process queue and the execution service: the one place
 * that decides how executions reach the engine, for the server and for tests alike.
 */
export function createExecutionStack(options: ExecutionStackOptions): ExecutionStack {
  const { repos, events } = options;
  const runner = createExecutionRunner({
    registry: options.registry,
    sandbox: options.sandbox,
    clock: options.clock,
    ports: options.ports,
    executions: repos.executions,
    workflows: options.workflows,
    credentials: options.credentials,
    variables: options.variables,
    onEvent(event, job) {
      events.publish(liveTopicOf(job.workflow.id), event);
    },
    onOutcome: (outcome, job) => options.onOutcome?.(outcome, job),
  });
  const queue = createInProcessQueue<ExecutionJob>({
    concurrency: options.concurrency,
    capacity: options.capacity,
    handler: runner.run,
    ...(options.onJobError && { onError: options.onJobError }),
  });
  const executions = createExecutionService({
    executions: repos.executions,
    queue,
    runner,
    clock: options.clock,
    saveDefault: options.saveDefault,
  });
  return { runner, queue, executions };
}
