import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { errorOf, evaluate, NOW, snapshot, value } from './fixtures.js';

const sandbox = createIsolatedVmSandbox();
afterAll(() => sandbox.dispose());

describe('current item and input', () => {
  it('exposes $json, $data, $binary and $itemIndex of the evaluated item', async () => {
    expect(await value(sandbox, '$json.name', 1)).toBe('Bob');
    expect(await value(sandbox, '$data.n', 0)).toBe(1);
    expect(await value(sandbox, '$binary.file.id', 0)).toBe('blob-1');
    expect(await value(sandbox, '$binary', 1)).toEqual({});
    expect(await value(sandbox, '$itemIndex', 1)).toBe(1);
  });

  it('gives an empty $json when the item does not exist', async () => {
    expect(await value(sandbox, '$json', 5)).toEqual({});
  });

  it('exposes $input.item / all() / first() / last() / params', async () => {
    expect(await value(sandbox, '$input.item.json.name', 1)).toBe('Bob');
    expect(await value(sandbox, '$input.all().map(i => i.json.n)')).toEqual([1, 2]);
    expect(await value(sandbox, '$input.first().json.name', 1)).toBe('Ada');
    expect(await value(sandbox, '$input.last().json.name')).toBe('Bob');
    expect(await value(sandbox, '$input.params.field')).toBe('name');
  });
});

describe("$('Node')", () => {
  it('resolves .item and .itemMatching through paired-item lineage', async () => {
    expect(await value(sandbox, "$('Fetch').item.json.id", 0)).toBe('f1');
    expect(await value(sandbox, "$('Fetch').item.json.id", 1)).toBe('f0');
    expect(await value(sandbox, "$('Fetch').itemMatching(1).json.id")).toBe('f0');
  });

  it('falls back to the same index when no lineage was sent for that node', async () => {
    expect(await value(sandbox, "$('Trigger').item.json.started")).toBe(true);
  });

  it('reads all/first/last of the last run, or of a given branch and run', async () => {
    expect(await value(sandbox, "$('Fetch').all().map(i => i.json.id)")).toEqual(['f0', 'f1']);
    expect(await value(sandbox, "$('Fetch').all(1)[0].json.id")).toBe('other-branch');
    expect(await value(sandbox, "$('Fetch').all(0, 0)[0].json.id")).toBe('old');
    expect(await value(sandbox, "$('Fetch').first().json.id")).toBe('f0');
    expect(await value(sandbox, "$('Fetch').last().json.id")).toBe('f1');
    expect(await value(sandbox, "$('Fetch').all(5)")).toEqual([]);
  });

  it('exposes .params and .isExecuted', async () => {
    expect(await value(sandbox, "$('Fetch').params.url")).toBe('https://example.com');
    expect(await value(sandbox, "$('Fetch').isExecuted")).toBe(true);
    expect(await value(sandbox, "$('Idle').isExecuted")).toBe(false);
  });

  it('fails clearly for unknown nodes, unexecuted nodes and missing lineage', async () => {
    const unknown = await evaluate(sandbox, "$('Nope').first()");
    expect(errorOf(unknown).code).toBe('EXPR_ERROR');
    expect(errorOf(unknown).message).toContain('Referenced node "Nope"');
    expect(errorOf(await evaluate(sandbox, "$('Idle').item")).message).toContain('has not been executed');
    const noPair = snapshot({ paired: { Fetch: [null, null] } });
    expect(errorOf(await evaluate(sandbox, "$('Fetch').item", 0, noPair)).message).toContain(
      'Paired item data',
    );
    expect(errorOf(await evaluate(sandbox, "$('toString').item")).message).toContain('Referenced node');
  });
});

describe('legacy accessors', () => {
  it('$node["Name"].json is the paired item, else the first item of the last run', async () => {
    expect(await value(sandbox, '$node["Fetch"].json.id', 0)).toBe('f1');
    expect(await value(sandbox, '$node["Trigger"].json.started')).toBe(true);
    expect(await value(sandbox, '$node["Fetch"].parameter.url')).toBe('https://example.com');
    expect(await value(sandbox, '$node["Fetch"].runIndex')).toBe(1);
    expect(await value(sandbox, '$node["Trigger"].binary')).toEqual({});
    expect(await value(sandbox, '$node["Idle"].json')).toBeUndefined();
    expect(await value(sandbox, '$node["Missing"]')).toBeUndefined();
  });

  it('$items(name, output, run) and $item(i)', async () => {
    expect(await value(sandbox, '$items("Fetch").length')).toBe(2);
    expect(await value(sandbox, '$items("Fetch", 1)[0].json.id')).toBe('other-branch');
    expect(await value(sandbox, '$items("Fetch", 0, 0)[0].json.id')).toBe('old');
    expect(await value(sandbox, '$items().length')).toBe(2);
    expect(await value(sandbox, '$item(1).$json.name')).toBe('Bob');
    expect(await value(sandbox, '$item(1).$node["Fetch"].json.id')).toBe('f0');
    expect(await value(sandbox, '$item(9).$json')).toEqual({});
  });
});

describe('dates', () => {
  it('$now and $today are Luxon DateTimes in the workflow time zone, returned as ISO text', async () => {
    expect(await value(sandbox, '$now')).toBe('2024-03-10T13:34:56.000+01:00');
    expect(await value(sandbox, '$now.toMillis()')).toBe(NOW);
    expect(await value(sandbox, '$today.toISO()')).toBe('2024-03-10T00:00:00.000+01:00');
    expect(await value(sandbox, '$now.zoneName')).toBe('Europe/Oslo');
  });

  it('falls back to UTC for an unknown time zone', async () => {
    expect(await value(sandbox, '$now.zoneName', 0, snapshot({ timezone: 'Mars/Base' }))).toBe('UTC');
  });

  it('exposes DateTime, Duration and Interval', async () => {
    expect(
      await value(sandbox, "DateTime.fromISO('2024-01-01', { zone: 'UTC' }).plus({ days: 1 }).toISODate()"),
    ).toBe('2024-01-02');
    expect(await value(sandbox, 'Duration.fromObject({ hours: 2 }).as("minutes")')).toBe(120);
    expect(await value(sandbox, 'Interval.fromDateTimes($today, $now).length("hours") > 13')).toBe(true);
    expect(await value(sandbox, 'Duration.fromObject({ hours: 1 })')).toBe('PT1H');
  });
});

describe('execution context', () => {
  it('exposes $execution, $workflow, $vars, $runIndex, $prevNode, $parameter', async () => {
    expect(await value(sandbox, '[$execution.id, $execution.mode, $execution.resumeUrl]')).toEqual([
      'exec-1',
      'manual',
      'http://localhost/webhook-waiting/exec-1',
    ]);
    expect(await value(sandbox, "$execution.customData.get('k')")).toBe('v');
    expect(await value(sandbox, "$execution.customData.get('nope')")).toBeUndefined();
    expect(await value(sandbox, '$execution.customData.getAll()')).toEqual({ k: 'v' });
    const set = await evaluate(sandbox, "$execution.customData.set('a', 'b')");
    expect(errorOf(set).message).toContain('read-only');
    expect(errorOf(await evaluate(sandbox, '$execution.customData.setAll({})')).message).toContain(
      'read-only',
    );
    expect(await value(sandbox, '$workflow')).toEqual({ id: 'wf-1', name: 'My flow', active: true });
    expect(await value(sandbox, '$vars.region')).toBe('eu');
    expect(await value(sandbox, '$runIndex')).toBe(0);
    expect(await value(sandbox, '$prevNode')).toEqual({ name: 'Fetch', outputIndex: 0, runIndex: 1 });
    expect(await value(sandbox, '$parameter.nested.a')).toBe(1);
  });

  it('handles a start node and minimal snapshots', async () => {
    const bare = snapshot({ prevNode: null, execution: { id: 'e', mode: 'trigger' } });
    expect(await value(sandbox, '$prevNode', 0, bare)).toEqual({});
    expect(await value(sandbox, '$execution.customData.getAll()', 0, bare)).toEqual({});
  });

  it('exposes data.extras as $<key> variables (pagination)', async () => {
    const data = snapshot({
      extras: { response: { body: { next: 'p2' } }, pageCount: 3, 'bad-key': 1, json: 'no' },
    });
    expect(await value(sandbox, '$response.body.next', 0, data)).toBe('p2');
    expect(await value(sandbox, '$pageCount', 0, data)).toBe(3);
    expect(await value(sandbox, '$json.name', 0, data)).toBe('Ada');
  });
});

describe('helpers', () => {
  it('$jmespath, $if, $ifEmpty, $min, $max', async () => {
    expect(await value(sandbox, "$jmespath({ a: [{ b: 1 }, { b: 2 }] }, 'a[*].b')")).toEqual([1, 2]);
    expect(await value(sandbox, "$if($json.n > 1, 'big', 'small')", 1)).toBe('big');
    expect(await value(sandbox, "$if($json.n > 1, 'big', 'small')", 0)).toBe('small');
    expect(
      await value(sandbox, "[$ifEmpty('', 'x'), $ifEmpty([], 'x'), $ifEmpty({}, 'x'), $ifEmpty(null, 'x')]"),
    ).toEqual(['x', 'x', 'x', 'x']);
    expect(
      await value(
        sandbox,
        "[$ifEmpty('a', 'x'), $ifEmpty([1], 'x'), $ifEmpty({ a: 1 }, 'x'), $ifEmpty(0, 'x')]",
      ),
    ).toEqual(['a', [1], { a: 1 }, 0]);
    expect(await value(sandbox, '$min(3, 1, 2) + $max(3, 1, 2)')).toBe(4);
  });
});
