import { afterAll, describe, expect, it } from 'vitest';
import { build, InstantClock, json, realEngine, sandbox, trigger } from './harness.js';

afterAll(() => sandbox.dispose());

const setNode = (
  name: string,
  assignments: { name: string; type?: string; value: unknown }[],
  include = 'all',
) => ({
  name,
  type: 'core.set',
  parameters: { mode: 'manual', include, assignments: assignments.map((a) => ({ type: 'string', ...a })) },
});

const ifNode = (
  name: string,
  leftValue: string,
  operation: string,
  rightValue: unknown,
  type = 'number',
) => ({
  name,
  type: 'core.if',
  parameters: {
    conditions: { combinator: 'and', conditions: [{ leftValue, rightValue, operator: { type, operation } }] },
  },
});

describe('expressions through a real workflow', () => {
  it("resolves $('Node').item through paired items across an IF branch, and the legacy $node syntax", async () => {
    const wf = build(
      [
        trigger,
        setNode('Source', [{ name: 'label', value: '=item-{{ $json.n }}' }]),
        ifNode('Big?', '={{ $json.n }}', 'gt', 1),
        setNode('Use', [
          { name: 'fromSource', value: "={{ $('Source').item.json.label }}" },
          { name: 'legacy', value: '={{ $node["Source"].json.label }}' },
          { name: 'count', type: 'number', value: '={{ $input.all().length }}' },
          { name: 'index', type: 'number', value: '={{ $itemIndex }}' },
        ]),
      ],
      ['Start->Source', 'Source->Big?', 'Big?:0->Use'],
    );
    const result = await realEngine().run({
      workflow: wf,
      triggerItems: [1, 2, 3].map((n) => ({ json: { n } })),
    });
    expect(result.status).toBe('success');
    expect(json(result.runData, 'Use')).toEqual([
      { n: 2, label: 'item-2', fromSource: 'item-2', legacy: 'item-2', count: 2, index: 0 },
      { n: 3, label: 'item-3', fromSource: 'item-3', legacy: 'item-3', count: 2, index: 1 },
    ]);
  });

  it('gives $now and $today in the workflow time zone, plus $workflow, $execution and $vars', async () => {
    const clock = new InstantClock();
    const wf = build(
      [
        trigger,
        setNode('Info', [
          { name: 'hour', type: 'number', value: '={{ $now.hour }}' },
          { name: 'today', value: "={{ $today.toFormat('yyyy-MM-dd') }}" },
          { name: 'workflow', value: '={{ $workflow.name }}' },
          { name: 'execution', value: '={{ $execution.id }}' },
          { name: 'region', value: '={{ $vars.region }}' },
        ]),
      ],
      ['Start->Info'],
      { timezone: 'Asia/Tokyo' },
    );
    const engine = realEngine({ clock, variables: () => ({ region: 'eu' }) });
    const result = await engine.run({ workflow: wf, executionId: 'exec-42' });
    expect(json(result.runData, 'Info')).toEqual([
      { hour: 21, today: '2026-01-15', workflow: 'Integration', execution: 'exec-42', region: 'eu' },
    ]);
  });

  it('keeps raw values for a lone {{ }} and stringifies mixed text like n8n', async () => {
    const wf = build(
      [
        trigger,
        {
          name: 'Raw',
          type: 'core.set',
          parameters: {
            mode: 'raw',
            include: 'none',
            jsonOutput:
              // biome-ignore lint/suspicious/noTemplateCurlyInString: the expression itself holds a JS template literal.
              '={{ { obj: $json.obj, list: $json.list, text: `${$json.obj}|${$json.list}|${$json.missing}` } }}',
          },
        },
      ],
      ['Start->Raw'],
    );
    const result = await realEngine().run({
      workflow: wf,
      triggerItems: [{ json: { obj: { a: 1 }, list: [1, 2] } }],
    });
    expect(json(result.runData, 'Raw')).toEqual([
      { obj: { a: 1 }, list: [1, 2], text: '[object Object]|1,2|undefined' },
    ]);
  });

  it('resolves in a single pass: a value that looks like an expression stays data', async () => {
    const wf = build(
      [
        trigger,
        setNode('Copy', [
          { name: 'copied', value: '={{ $json.text }}' },
          { name: 'mixed', value: '=say {{ $json.text }}' },
        ]),
      ],
      ['Start->Copy'],
    );
    const text = "={{ $json.constructor.constructor('return process')() }}";
    const result = await realEngine().run({ workflow: wf, triggerItems: [{ json: { text } }] });
    expect(json(result.runData, 'Copy')).toEqual([{ text, copied: text, mixed: `say ${text}` }]);
  });

  it('fails naming the node, parameter and item, and shows the expression', async () => {
    const wf = build(
      [trigger, setNode('Broken', [{ name: 'x', value: '={{ $json.a.b.c }}' }])],
      ['Start->Broken'],
    );
    const result = await realEngine().run({
      workflow: wf,
      triggerItems: [{ json: { a: { b: { c: 1 } } } }, { json: {} }],
    });
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('EXPR_ERROR');
    expect(result.error?.nodeName).toBe('Broken');
    expect(result.error?.message).toContain('node "Broken" (item 1)');
    expect(result.error?.message).toContain('{{ $json.a.b.c }}');
    expect(result.error?.details).toMatchObject({ parameter: 'assignments[0].value', itemIndex: 1 });
  });

  it('bounds an expression that never ends', async () => {
    const wf = build(
      [trigger, setNode('Loop', [{ name: 'x', value: '={{ (() => { while (true) {} })() }}' }])],
      ['Start->Loop'],
    );
    const result = await realEngine().run({ workflow: wf });
    expect(result.error?.code).toBe('EXPR_TIMEOUT');
  });
});

describe('Code node in a workflow', () => {
  it('runs once for all items, sees other nodes, and captures console output into run data', async () => {
    const wf = build(
      [
        trigger,
        setNode('Prices', [{ name: 'price', type: 'number', value: '={{ $json.p * 10 }}' }]),
        {
          name: 'Code',
          type: 'core.code',
          parameters: {
            jsCode: [
              "console.log('items', $input.all().length);",
              "const first = $('Prices').first().json.price;",
              'return $input.all().map((item) => ({ total: item.json.price + first }));',
            ].join('\n'),
          },
        },
      ],
      ['Start->Prices', 'Prices->Code'],
    );
    const result = await realEngine().run({
      workflow: wf,
      triggerItems: [{ json: { p: 1 } }, { json: { p: 2 } }],
    });
    expect(json(result.runData, 'Code')).toEqual([{ total: 20 }, { total: 30 }]);
    expect(result.runData.Code?.[0]?.logs).toContain('items 2');
  });

  it('runs once per item with $json, and reports a thrown error with its line', async () => {
    const perItem = build(
      [
        trigger,
        {
          name: 'Code',
          type: 'core.code',
          parameters: { mode: 'runOnceForEachItem', jsCode: 'return { doubled: $json.n * 2 };' },
        },
      ],
      ['Start->Code'],
    );
    const ok = await realEngine().run({
      workflow: perItem,
      triggerItems: [{ json: { n: 1 } }, { json: { n: 5 } }],
    });
    expect(json(ok.runData, 'Code')).toEqual([{ doubled: 2 }, { doubled: 10 }]);
    expect(ok.runData.Code?.[0]?.outputs?.[0]?.map((item) => item.pairedItem)).toEqual([
      { item: 0 },
      { item: 1 },
    ]);

    const failing = build(
      [
        trigger,
        { name: 'Code', type: 'core.code', parameters: { jsCode: "const a = 1;\nthrow new Error('nope');" } },
      ],
      ['Start->Code'],
    );
    const failed = await realEngine().run({ workflow: failing });
    expect(failed.status).toBe('error');
    expect(failed.error).toMatchObject({ code: 'CODE_ERROR', nodeName: 'Code' });
    expect(failed.error?.message).toContain('nope [line 2]');
  });

  it('sends a failing Code node item to the error output with the error text', async () => {
    const wf = build(
      [
        trigger,
        {
          name: 'Code',
          type: 'core.code',
          onError: 'errorOutput',
          parameters: { jsCode: "throw new Error('bad data')" },
        },
        { name: 'Handle', type: 'core.noOp' },
      ],
      ['Start->Code', 'Code:1->Handle'],
    );
    const result = await realEngine().run({ workflow: wf, triggerItems: [{ json: { id: 7 } }] });
    expect(result.status).toBe('success');
    const handled = json(result.runData, 'Handle') as { id: number; error: string }[];
    expect(handled[0]?.id).toBe(7);
    expect(handled[0]?.error).toContain('bad data');
  });
});

describe('execution custom data', () => {
  it('is saved by Execution Data, bounded, readable as $execution.customData and kept in the state', async () => {
    const wf = build(
      [
        trigger,
        {
          name: 'Save',
          type: 'core.executionData',
          parameters: {
            dataToSave: [
              { key: 'orderId', value: '={{ $json.order }}' },
              { key: 'k'.repeat(80), value: 'x'.repeat(300) },
            ],
          },
        },
        setNode('Read', [{ name: 'saved', value: "={{ $execution.customData.get('orderId') }}" }]),
      ],
      ['Start->Save', 'Save->Read'],
    );
    const result = await realEngine().run({ workflow: wf, triggerItems: [{ json: { order: 'o-7' } }] });
    expect(json(result.runData, 'Read')).toEqual([{ order: 'o-7', saved: 'o-7' }]);
    expect(result.state.customData).toEqual({ orderId: 'o-7', ['k'.repeat(50)]: 'x'.repeat(255) });
  });
});
