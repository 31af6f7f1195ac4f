// The two HTTP scenarios of the performance targets, as KlikkFlow workflows and as request bodies with the
// answers every system must give: "simple" (add `processed: true`) and "heavy" (the 1,000-item flow of
// heavy-scenario.mjs, started by a webhook and answered with every item).
import { heavyBaseline, heavyRecords, heavyWorkflow } from './heavy-scenario.mjs';

/** URL paths of the two scenarios, the same in every system (and in the peers' harness). */
export const SIMPLE_PATH = '/webhook/bench';
export const HEAVY_PATH = '/webhook/heavy';

/** The simple scenario's request body and the answer it must get. */
export const simpleBody = { name: 'bench', value: 42 };
export const simpleAnswer = { ...simpleBody, processed: true };

/** The heavy scenario's request body: `{ items: [1,000 × {id, value, name}] }`, as gen-heavy-body.js writes it. */
export function heavyBody() {
  return { items: heavyRecords() };
}

/** The heavy scenario's answer: every item doubled and tagged, fizz items first (the Merge appends). */
export function heavyAnswer() {
  return heavyBaseline(heavyRecords());
}

function node(id, name, type, parameters) {
  return { id, name, type, version: 1, position: [0, 0], parameters };
}

function link(from, to) {
  return { from: { node: from, output: 0 }, to: { node: to, input: 0 } };
}

function webhookNode(path) {
  return node('hook', 'Webhook', 'core.webhook', { httpMethod: 'POST', path, responseMode: 'responseNode' });
}

/** Webhook → Set name, value, processed → Respond to Webhook with the first item. */
export const simpleWebhookWorkflow = {
  schemaVersion: 1,
  id: 'bench-simple',
  name: 'Bench: simple webhook',
  nodes: [
    webhookNode('bench'),
    node('set', 'Set processed', 'core.set', {
      mode: 'manual',
      include: 'none',
      assignments: [
        { name: 'name', type: 'string', value: '={{ $json.body.name }}' },
        { name: 'value', type: 'number', value: '={{ $json.body.value }}' },
        { name: 'processed', type: 'boolean', value: true },
      ],
    }),
    node('respond', 'Respond', 'core.respondToWebhook', { respondWith: 'firstIncomingItem' }),
  ],
  connections: [link('hook', 'set'), link('set', 'respond')],
  settings: { executionOrder: 'v1', timezone: 'UTC' },
};

/** heavy-scenario.mjs's workflow with a webhook instead of the manual trigger, answering all merged items. */
export const heavyWebhookWorkflow = {
  ...heavyWorkflow,
  id: 'bench-heavy-webhook',
  name: 'Bench: heavy webhook',
  nodes: [
    ...heavyWorkflow.nodes.map((original) => {
      if (original.type === 'core.manualTrigger') return { ...webhookNode('heavy'), id: original.id };
      if (original.type === 'core.splitOut') {
        return { ...original, parameters: { ...original.parameters, fieldToSplitOut: 'body.items' } };
      }
      return original;
    }),
    node('respond', 'Respond', 'core.respondToWebhook', { respondWith: 'allIncomingItems' }),
  ],
  connections: [...heavyWorkflow.connections, link('merge', 'respond')],
};
