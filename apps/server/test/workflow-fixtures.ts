/** Native workflow files the server tests run. */

type Json = Record<string, unknown>;

export function node(id: string, type: string, parameters: Json = {}, extra: Json = {}): Json {
  return { id, name: id, type, version: 1, position: [0, 0], parameters, ...extra };
}

export function link(from: string, to: string, output = 0, input = 0): Json {
  return { from: { node: from, output }, to: { node: to, input } };
}

export function workflow(id: string, nodes: Json[], connections: Json[], settings: Json = {}): Json {
  return { schemaVersion: 1, id, name: `workflow ${id}`, nodes, connections, settings };
}

/** The benchmark's "simple" scenario: webhook → set processed → Respond to Webhook with the item. */
export function simpleWebhookWorkflow(id: string, path: string, settings: Json = {}): Json {
  return workflow(
    id,
    [
      node('hook', 'core.webhook', { httpMethod: 'POST', path, responseMode: 'responseNode' }),
      node('set', 'core.set', {
        mode: 'manual',
        include: 'none',
        assignments: [
          { name: 'name', type: 'string', value: '={{ $json.body.name }}' },
          { name: 'value', type: 'number', value: '={{ $json.body.value }}' },
          { name: 'processed', type: 'boolean', value: true },
        ],
      }),
      node('respond', 'core.respondToWebhook', { respondWith: 'firstIncomingItem' }),
    ],
    [link('hook', 'set'), link('set', 'respond')],
    settings,
  );
}

/** A webhook answered at once (`onReceived`), whose run goes on after the answer. */
export function asyncWebhookWorkflow(
  id: string,
  path: string,
  extraNodes: Json[] = [],
  settings: Json = {},
): Json {
  const nodes = [
    node('hook', 'core.webhook', { httpMethod: 'POST', path, responseMode: 'onReceived' }),
    ...extraNodes,
  ];
  const connections = extraNodes.length > 0 ? [link('hook', String(extraNodes[0]?.id))] : [];
  for (let index = 1; index < extraNodes.length; index++) {
    connections.push(link(String(extraNodes[index - 1]?.id), String(extraNodes[index]?.id)));
  }
  return workflow(id, nodes, connections, settings);
}

/** A Schedule Trigger with one rule (n8n's `rule.interval[]` format), then a no-op. */
export function scheduleWorkflow(id: string, rule: Json, settings: Json = {}): Json {
  return workflow(
    id,
    [node('schedule', 'core.scheduleTrigger', { rule: { interval: [rule] } }), node('after', 'core.noOp')],
    [link('schedule', 'after')],
    settings,
  );
}

/** A Set node that adds one constant field to each item. */
export function markNode(id: string, name: string, value: unknown): Json {
  const type = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
  return node(id, 'core.set', { mode: 'manual', include: 'all', assignments: [{ name, type, value }] });
}

/** A Wait node: `{ resume: 'timeInterval', amount, unit }`, `{ resume: 'webhook' }`... */
export function waitNode(id: string, parameters: Json): Json {
  return node(id, 'core.wait', parameters);
}

/** A manual trigger followed by `nodes` in a chain. */
export function manualChainWorkflow(id: string, nodes: Json[], settings: Json = {}): Json {
  const all = [node('start', 'core.manualTrigger'), ...nodes];
  const connections = all.slice(1).map((next, index) => link(String(all[index]?.id), String(next.id)));
  return workflow(id, all, connections, settings);
}

/**
 * A GET webhook answered with the last node's data: `?fail=yes` routes to a Stop and Error node (id
 * `boom`, named `Explode`), anything else to a no-op (`ok`).
 */
export function failsOnDemandWorkflow(id: string, path: string, settings: Json = {}): Json {
  return workflow(
    id,
    [
      node('hook', 'core.webhook', { httpMethod: 'GET', path, responseMode: 'lastNode' }),
      node('route', 'core.if', {
        conditions: {
          combinator: 'and',
          conditions: [
            {
              leftValue: '={{ $json.query.fail }}',
              rightValue: 'yes',
              operator: { type: 'string', operation: 'equals' },
            },
          ],
        },
      }),
      node('boom', 'core.stopAndError', { errorMessage: 'asked to fail' }, { name: 'Explode' }),
      node('ok', 'core.noOp'),
    ],
    [link('hook', 'route'), link('route', 'boom', 0), link('route', 'ok', 1)],
    settings,
  );
}
