import type { Metrics } from '@klikkflow/core';
import type { BlobStore, Clock } from '@klikkflow/engine';
import {
  buildWebhookNodeResponse,
  verifyWebhookAuth,
  type WebhookResponse,
  webhookAuthCredentialTypes,
  webhookAuthMode,
  webhookItem,
} from '@klikkflow/nodes';
import { createRedactor } from '@klikkflow/security';
import { type Item, UserError, type Workflow, type WorkflowNode } from '@klikkflow/types';
import type { CredentialService } from '../credentials/credential-service.js';
import type { ExecutionListener, ExecutionOutcome } from '../executions/execution-job.js';
import type { ExecutionService, StartExecution } from '../executions/execution-service.js';
import { errorResponse } from '../http/error-response.js';
import {
  EXECUTION_ID_HEADER,
  jsonReply,
  respondNodeAnswer,
  type WebhookReply,
  webhookReplyOf,
} from './webhook-answer.js';
import { normalizeWebhookPath, type WebhookTable } from './webhook-routes.js';

/** What a webhook route starts: the workflow (and, for test routes, when the listening ends). */
export interface WebhookTarget {
  workflow: Workflow;
  /** Test routes: epoch ms after which they no longer answer. */
  expiresAt?: number;
}

/** Dependencies of the webhook routes. */
export interface WebhookHandlerDeps {
  production: WebhookTable<WebhookTarget>;
  test: WebhookTable<WebhookTarget>;
  executions: ExecutionService;
  credentials: CredentialService;
  blobs?: BlobStore;
  clock: Clock;
  metrics: Metrics;
}

/** Which webhook routes a request came in on: `/webhook/`, `/webhook-test/` or `/webhook-waiting/`. */
export type WebhookKind = 'production' | 'test' | 'waiting';

/** A webhook request as the handler needs it, whichever server received it. */
export interface WebhookCall {
  kind: WebhookKind;
  method: string;
  /** What follows the route's prefix, URL-decoded (for `waiting`, the execution id). */
  path: string;
  /** Header names lower-case, repeated headers joined with `, `. */
  headers: Record<string, string>;
  query: Record<string, string | string[]>;
  /** The body's exact bytes: signatures are checked over them before anything is parsed. */
  rawBody: Buffer;
}

const IDEMPOTENCY_HEADER = 'idempotency-key';

function idempotencyKeyOf(headers: Record<string, string>): string | undefined {
  const key = headers[IDEMPOTENCY_HEADER]?.trim();
  if (key === undefined || key === '') return undefined;
  if (key.length > 255) {
    throw new UserError(
      'IDEMPOTENCY_KEY_INVALID',
      'the Idempotency-Key header is longer than 255 characters',
    );
  }
  return key;
}

function failed(outcome: ExecutionOutcome): WebhookResponse {
  return {
    status: 500,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({
      code: 'WORKFLOW_FAILED',
      message: outcome.error?.message ?? 'the workflow failed',
      executionId: outcome.executionId,
    }),
  };
}

const noAnswer = (executionId: string): WebhookResponse => ({
  status: 500,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({
    code: 'WEBHOOK_NO_RESPONSE',
    message: 'the workflow finished without reaching a Respond to Webhook node',
    executionId,
  }),
});

/**
 * Answers webhook calls: `production` (active workflows), `test` (a workflow the editor listens on) and
 * `waiting` (resumes a Wait node). Expected refusals (wrong method, failed authentication) come back as
 * replies; other failures (unknown path, a full queue, a store that is down) are thrown for the server to
 * map to an error answer.
 */
export function createWebhookHandler(deps: WebhookHandlerDeps): (call: WebhookCall) => Promise<WebhookReply> {
  function requestItem(
    call: WebhookCall,
    params: Record<string, string>,
    jwtPayload?: Record<string, unknown>,
  ): Item {
    return webhookItem({
      headers: call.headers,
      params,
      query: call.query,
      rawBody: call.rawBody,
      ...(jwtPayload && { jwtPayload }),
    });
  }

  /**
   * The verdict and, when the webhook authenticates, a redactor holding the credential's secrets (the
   * request carries them).
   */
  async function authenticate(node: WorkflowNode, headers: Record<string, string>, rawBody: Uint8Array) {
    const mode = webhookAuthMode(node.parameters.authentication ?? 'none');
    if (mode === 'none') return { verdict: { ok: true as const, jwtPayload: undefined } };
    const redactor = createRedactor();
    const type = webhookAuthCredentialTypes[mode];
    const ref = type ? node.credentials?.[type] : undefined;
    const credential = ref && type ? await deps.credentials.decryptFor(ref, type, redactor) : undefined;
    return {
      verdict: await verifyWebhookAuth(mode, credential, { headers, rawBody, now: deps.clock.now() }),
      redactor,
    };
  }

  async function handle(call: WebhookCall, kind: 'production' | 'test'): Promise<WebhookReply> {
    const startedAt = performance.now();
    const path = normalizeWebhookPath(call.path);
    const table = kind === 'production' ? deps.production : deps.test;
    const found = table.find(call.method, path);
    const target = 'entry' in found ? found.entry.target : undefined;
    if (
      !('entry' in found) ||
      !target ||
      (target.expiresAt !== undefined && target.expiresAt < deps.clock.now())
    ) {
      const allowed = 'methodsAllowed' in found ? found.methodsAllowed : [];
      if (allowed.length > 0) {
        const refusal = new UserError(
          'WEBHOOK_METHOD_NOT_ALLOWED',
          `webhook "${path}" does not accept ${call.method}`,
          { details: { allowed } },
        );
        const { status, body } = errorResponse(refusal);
        return jsonReply(status, body, { allow: allowed.join(', ') });
      }
      throw new UserError(
        'WEBHOOK_NOT_FOUND',
        `no ${kind === 'test' ? 'test ' : 'active '}webhook listens on ${call.method} /${path}`,
      );
    }
    const { workflow } = target;
    const node = workflow.nodes.find(
      (candidate) => candidate.id === found.entry.route.nodeId,
    ) as WorkflowNode;
    const { verdict, redactor } = await authenticate(node, call.headers, call.rawBody);
    if (!verdict.ok) {
      return jsonReply(verdict.status, { code: verdict.code, message: verdict.message }, verdict.headers);
    }
    // The authenticating header holds the credential's secret: keep it out of execution data (G10).
    const received = requestItem(
      call,
      found.params,
      verdict.jwtPayload as Record<string, unknown> | undefined,
    );
    const triggerItem = redactor ? redactor.redact(received) : received;
    if (kind === 'test') table.remove(workflow.id);
    const response = await run(workflow, node, triggerItem, idempotencyKeyOf(call.headers), kind);
    const reply = await webhookReplyOf(response.answer, response.executionId, deps.blobs);
    if (response.replayed) reply.headers['idempotent-replayed'] = 'true';
    deps.metrics.webhookLatency.observe(
      { method: call.method, status_code: String(reply.status) },
      (performance.now() - startedAt) / 1000,
    );
    return reply;
  }

  async function run(
    workflow: Workflow,
    node: WorkflowNode,
    triggerItem: Item,
    idempotencyKey: string | undefined,
    kind: 'production' | 'test',
  ): Promise<{ answer: WebhookResponse; executionId: string; replayed: boolean }> {
    const responseMode = node.parameters.responseMode ?? 'onReceived';
    // Named fields, no spread: this is built for every call, and spreads are slow to build in V8.
    const startRequest = (durable: boolean, listener?: ExecutionListener): StartExecution => ({
      workflow,
      mode: kind === 'test' ? 'manual' : 'webhook',
      startNodeId: node.id,
      triggerItems: [triggerItem],
      idempotencyKey,
      durable,
      listener,
    });
    const started = responseMode === 'onReceived' ? buildWebhookNodeResponse(node.parameters, []) : undefined;
    if (started) {
      // G1: the record is committed before this answer.
      const execution = await deps.executions.start(startRequest(true));
      return { answer: started, executionId: execution.executionId, replayed: !execution.created };
    }
    // Settles with the answer, or with the error that ended the run unreported: thrown below, so a store
    // that went away answers 503 instead of leaving the caller waiting.
    let settle: (result: { answer: WebhookResponse } | { error: unknown }) => void = () => undefined;
    const answered = new Promise<{ answer: WebhookResponse } | { error: unknown }>((resolve) => {
      settle = resolve;
    });
    let held: WebhookResponse | undefined;
    let done = false;
    const end = (result: { answer: WebhookResponse } | { error: unknown }) => {
      if (done) return;
      done = true;
      settle(result);
    };
    const finish = (answer: WebhookResponse) => end({ answer });
    const execution = await deps.executions.start(
      startRequest(false, {
        async onCommit(view, ensureStored) {
          if (done || held || responseMode !== 'responseNode') return;
          const answer = respondNodeAnswer(workflow, view.nodeState);
          if (!answer) return;
          // Nothing left to run: answer once the end is stored. Work left: store now, then answer (G1).
          if (view.nothingLeft) held = answer;
          else {
            await ensureStored();
            finish(answer);
          }
        },
        onFinish(outcome) {
          if (held) finish(held);
          else if (outcome.status === 'error') finish(failed(outcome));
          else if (outcome.status === 'waiting' || outcome.status === 'canceled') {
            finish(buildWebhookNodeResponse({ responseMode: 'onReceived' }, []) as WebhookResponse);
          } else if (responseMode === 'lastNode') {
            finish(buildWebhookNodeResponse(node.parameters, outcome.output?.[0] ?? []) as WebhookResponse);
          } else finish(noAnswer(outcome.executionId));
        },
        onFailure(error) {
          end({ error });
        },
      }),
    );
    if (!execution.created) {
      const replay = buildWebhookNodeResponse({ responseMode: 'onReceived' }, []) as WebhookResponse;
      return { answer: replay, executionId: execution.executionId, replayed: true };
    }
    const result = await answered;
    if ('error' in result) throw result.error;
    return { answer: result.answer, executionId: execution.executionId, replayed: false };
  }

  async function resume(call: WebhookCall): Promise<WebhookReply> {
    const executionId = call.path;
    await deps.executions.resume(executionId, [requestItem(call, {})]);
    return jsonReply(
      200,
      { message: 'Execution resumed', executionId },
      { [EXECUTION_ID_HEADER]: executionId },
    );
  }

  return (call) => (call.kind === 'waiting' ? resume(call) : handle(call, call.kind));
}
