// The "heavy" scenario of docs/reference performance targets: 1,000 items split out, a field doubled by an
// expression, routed by IF, tagged on each branch, merged back. Shared by the engine bench and its baseline.

/** The 1,000 input records, as the peer harness generates them. */
export function heavyRecords(count = 1000) {
  return Array.from({ length: count }, (_, i) => ({ id: i, value: i, name: `item-${i}` }));
}

function node(id, name, type, x, y, parameters) {
  return { id, name, type, version: 1, position: [x, y], parameters };
}

function tagNode(id, name, tag, y) {
  return node(id, name, 'core.set', 880, y, {
    mode: 'manual',
    include: 'all',
    assignments: [{ name: 'tag', type: 'string', value: tag }],
  });
}

function link(from, to, output = 0, input = 0) {
  return { from: { node: from, output }, to: { node: to, input } };
}

/** The workflow: trigger → split out → set doubled → IF doubled % 3 == 0 → tag fizz | other → merge. */
export const heavyWorkflow = {
  schemaVersion: 1,
  id: 'bench-heavy',
  name: 'Bench: heavy',
  nodes: [
    node('trigger', 'Start', 'core.manualTrigger', 0, 0, {}),
    node('split', 'Split items', 'core.splitOut', 220, 0, { fieldToSplitOut: 'items' }),
    node('double', 'Double', 'core.set', 440, 0, {
      mode: 'manual',
      include: 'all',
      assignments: [{ name: 'doubled', type: 'number', value: '={{ $json.value * 2 }}' }],
    }),
    node('check', 'Divisible by 3?', 'core.if', 660, 0, {
      conditions: {
        combinator: 'and',
        conditions: [
          {
            leftValue: '={{ $json.doubled % 3 }}',
            rightValue: 0,
            operator: { type: 'number', operation: 'equals' },
          },
        ],
      },
    }),
    tagNode('fizz', 'Tag fizz', 'fizz', -100),
    tagNode('other', 'Tag other', 'other', 100),
    node('merge', 'Merge', 'core.merge', 1100, 0, { mode: 'append' }),
  ],
  connections: [
    link('trigger', 'split'),
    link('split', 'double'),
    link('double', 'check'),
    link('check', 'fizz', 0),
    link('check', 'other', 1),
    link('fizz', 'merge', 0, 0),
    link('other', 'merge', 0, 1),
  ],
  settings: { executionOrder: 'v1', timezone: 'UTC' },
};

/**
 * The same work in plain JavaScript: what the engine's result must equal, and the baseline it is timed
 * against. Written like the peer harness's bare-Node baseline (object spreads), so the ratio is comparable
 * with the performance targets.
 */
export function heavyBaseline(records) {
  const fizz = [];
  const other = [];
  for (const record of records) {
    const doubled = { ...record, doubled: record.value * 2 };
    if (doubled.doubled % 3 === 0) fizz.push({ ...doubled, tag: 'fizz' });
    else other.push({ ...doubled, tag: 'other' });
  }
  return fizz.concat(other);
}

/**
 * The same workflow with expressions the host's fast path cannot answer (they call a function), so every
 * expression is evaluated in the sandbox: shows what the isolation costs.
 */
export const sandboxedHeavyWorkflow = JSON.parse(
  JSON.stringify(heavyWorkflow)
    .replace('{{ $json.value * 2 }}', '{{ Number($json.value) * 2 }}')
    .replace('{{ $json.doubled % 3 }}', '{{ Number($json.doubled) % 3 }}'),
);
