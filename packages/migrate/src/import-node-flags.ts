import type { OnError, RetryPolicy, WorkflowNode } from '@klikkflow/types';
import type { N8nNode } from './n8n-file.schema.js';

/**
 * n8n's retry rules: 2 to 5 tries (default 3), up to 5 s between them (an unset or 0 wait means 1 s),
 * fixed waits, and every failure retried.
 */
function retryPolicy(node: N8nNode): RetryPolicy | undefined {
  if (!node.retryOnFail) return undefined;
  const tries = Math.min(5, Math.max(2, Math.round(node.maxTries || 3)));
  const waitMs = Math.min(5000, Math.max(0, Math.round(node.waitBetweenTries || 1000)));
  return { maxTries: tries, waitMs, backoff: 'fixed', maxWaitMs: 60_000, jitter: 0, retryOn: 'all' };
}

function onError(node: N8nNode): OnError | undefined {
  if (node.onError === 'continueErrorOutput') return 'errorOutput';
  if (node.onError === 'continueRegularOutput') return 'continue';
  if (node.onError === undefined && node.continueOnFail) return 'continue';
  return undefined;
}

/** The node-level settings n8n keeps beside the parameters, as native node fields (unset ones left out). */
export function importNodeFlags(
  node: N8nNode,
): Pick<
  WorkflowNode,
  'disabled' | 'notes' | 'executeOnce' | 'alwaysOutputData' | 'onError' | 'retry' | 'webhookId'
> {
  const retry = retryPolicy(node);
  const errorMode = onError(node);
  return {
    ...(node.disabled && { disabled: true }),
    ...(node.notes && { notes: node.notes }),
    ...(node.executeOnce && { executeOnce: true }),
    ...(node.alwaysOutputData && { alwaysOutputData: true }),
    ...(errorMode && { onError: errorMode }),
    ...(retry && { retry }),
    ...(node.webhookId && { webhookId: node.webhookId }),
  };
}
