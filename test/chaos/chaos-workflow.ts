/** The 6-node workflow every chaos scenario runs (security battery R1). */

type Json = Record<string, unknown>;

/** Node ids of the chaos workflow, in the order they run. */
export const CHAOS_NODES = ['hook', 'prepare', 'ledgerA', 'transform', 'ledgerB', 'done'] as const;

/** The two nodes with an external side effect, and the ledger each posts to. */
export const SIDE_EFFECT_NODES = { ledgerA: 'a', ledgerB: 'b' } as const;
export type SideEffectNode = keyof typeof SIDE_EFFECT_NODES;

/** How the chaos workflow is built. */
export interface ChaosWorkflowOptions {
  id: string;
  /** The production webhook path (unique per scenario). */
  path: string;
  /** The ledger's base URL. */
  ledgerUrl: string;
  /** How long the ledger holds each node's answer: keeps executions in flight while faults strike. */
  delayMsA?: number;
  delayMsB?: number;
}

function node(id: string, type: string, parameters: Json): Json {
  return { id, name: id, type, version: 1, position: [0, 0], parameters };
}

/** An HTTP Request node POSTing `fields` to a ledger with a stable Idempotency-Key (G4). */
function ledgerNode(id: string, url: string, fields: Json): Json {
  return node(id, 'core.httpRequest', {
    method: 'POST',
    url,
    sendBody: true,
    contentType: 'json',
    specifyBody: 'keypair',
    bodyParameters: Object.entries(fields).map(([name, value]) => ({ name, value })),
    options: { sendIdempotencyKey: true, timeout: 60_000 },
  });
}

/**
 * Webhook (POST, answered on receipt) → Set (`seq` from the body) → HTTP POST ledger A → Code (keeps
 * the delivery number ledger A answered as `afterA`) → HTTP POST ledger B (sends `seq` and `afterA`) →
 * Set. Ledger B thus records which committed output of ledger A each of its deliveries ran on.
 */
export function chaosWorkflow(options: ChaosWorkflowOptions): Json {
  const ledger = (name: string, delayMs = 0) =>
    `${options.ledgerUrl}/ledger/${name}${delayMs > 0 ? `?delayMs=${delayMs}` : ''}`;
  const nodes = [
    node('hook', 'core.webhook', { httpMethod: 'POST', path: options.path, responseMode: 'onReceived' }),
    node('prepare', 'core.set', {
      mode: 'manual',
      include: 'none',
      assignments: [{ name: 'seq', type: 'number', value: '={{ $json.body.seq }}' }],
    }),
    ledgerNode('ledgerA', ledger(SIDE_EFFECT_NODES.ledgerA, options.delayMsA), { seq: '={{ $json.seq }}' }),
    node('transform', 'core.code', {
      mode: 'runOnceForAllItems',
      jsCode:
        'return $input.all().map((item) => ({ json: { seq: item.json.seq, afterA: item.json.delivery } }));',
    }),
    ledgerNode('ledgerB', ledger(SIDE_EFFECT_NODES.ledgerB, options.delayMsB), {
      seq: '={{ $json.seq }}',
      afterA: '={{ $json.afterA }}',
    }),
    node('done', 'core.set', {
      mode: 'manual',
      include: 'all',
      assignments: [{ name: 'done', type: 'boolean', value: true }],
    }),
  ];
  const connections = CHAOS_NODES.slice(1).map((to, index) => ({
    from: { node: CHAOS_NODES[index], output: 0 },
    to: { node: to, input: 0 },
  }));
  return {
    schemaVersion: 1,
    id: options.id,
    name: `chaos ${options.id}`,
    nodes,
    connections,
    settings: { executionOrder: 'v1' },
  };
}

/** The idempotency key the HTTP Request node sends for the first item of a node's first run. */
export function idempotencyKeyOf(executionId: string, nodeId: SideEffectNode): string {
  return `${executionId}:${nodeId}:0:0`;
}
