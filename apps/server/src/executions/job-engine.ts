import {
  type AbortSource,
  type CheckpointStore,
  type Clock,
  createEngine,
  type EngineLimits,
  type EnginePorts,
  type ExecutionResult,
  type NodeRegistry,
  type ScriptSandbox,
  type WorkflowLoader,
} from '@klikkflow/engine';
import type { Redactor } from '@klikkflow/security';
import type { ExecutionEvent } from '@klikkflow/types';
import type { CredentialService } from '../credentials/credential-service.js';
import type { ExecutionJob } from './execution-job.js';

/** What every process that runs executions gives the engine, whichever way it persists them. */
export interface JobEngineDeps {
  registry: NodeRegistry;
  sandbox: ScriptSandbox;
  clock: Clock;
  /** Egress, blobs and file access, shared by every execution. */
  ports: Pick<EnginePorts, 'egress' | 'blobs' | 'files'>;
  workflows: WorkflowLoader;
  credentials: CredentialService;
  variables: () => Record<string, string>;
  limits?: Partial<EngineLimits>;
}

/**
 * Runs (or resumes) one job's execution on an engine built for it: its own redactor for the credentials
 * it decrypts, its own checkpoint port, and its events (all but `executionEnd`, which the caller sends
 * once the record is final).
 */
export function runJobEngine(
  deps: JobEngineDeps,
  job: Pick<ExecutionJob, 'executionId' | 'workflow' | 'mode' | 'start' | 'resume'>,
  options: {
    redactor: Redactor;
    checkpoints: CheckpointStore;
    signal: AbortSource;
    onEvent(event: ExecutionEvent): void;
  },
): Promise<ExecutionResult> {
  const engine = createEngine({
    registry: deps.registry,
    // Every port named, no spread: an object literal that starts with a spread is slow to build in V8, and
    // this one is built for every execution.
    ports: {
      egress: deps.ports.egress,
      blobs: deps.ports.blobs,
      files: deps.ports.files,
      sandbox: deps.sandbox,
      clock: deps.clock,
      workflows: deps.workflows,
      credentials: deps.credentials.resolverFor(options.redactor),
      checkpoints: options.checkpoints,
      variables: deps.variables,
      events: (event) => {
        if (event.type !== 'executionEnd') options.onEvent(event);
      },
    },
    ...(deps.limits && { limits: deps.limits }),
  });
  const { signal } = options;
  if (job.resume) {
    return engine.resume(job.workflow, job.resume.state, {
      signal,
      ...(job.resume.parkedOutput && { parkedOutput: job.resume.parkedOutput }),
    });
  }
  return engine.run({
    workflow: job.workflow,
    executionId: job.executionId,
    mode: job.mode,
    ...job.start,
    signal,
  });
}
