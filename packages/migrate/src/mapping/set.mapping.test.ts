import { setNode } from '@klikkflow/nodes';
import type { Item } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { UnsupportedVariantError } from './node-mapping.types.js';
import { setExport, setMappings } from './set.mapping.js';

const type = 'n8n-nodes-base.set';
const importSet = (typeVersion: number, parameters: Record<string, unknown>) =>
  mapN8nNode(setMappings, type, typeVersion, parameters);

const photo = { data: { id: 'blob-1', mimeType: 'image/png' } };
const post: Item = {
  json: { ups: 12, subreddit_subscribers: '4000', subreddit: 'n8n', meta: { flair: 'news' } },
  binary: photo,
};

async function outputOf(parameters: Record<string, unknown>, inputs: Item[][]): Promise<Item[]> {
  const { outputs } = await runNative(setNode, parameters, { inputs });
  return outputs[0] ?? [];
}

describe('Set v1–v2 → core.set', () => {
  // Modelled on the Reddit digest templates (set@1): number and string groups, options {}.
  const redditV1 = {
    values: {
      number: [
        { name: 'upvotes', value: '={{ $json.ups }}' },
        { name: 'subredditSize', value: '={{ $json.subreddit_subscribers }}' },
        { name: 'minimum', value: '10' },
      ],
      string: [
        { name: 'subreddit', value: '={{ $json.subreddit }}' },
        { name: 'details', value: '={{ $json.meta }}' },
        { name: 'spreadsheetId' },
        { name: 'target.name', value: 'digest' },
      ],
      boolean: [{ name: 'seen', value: true }],
    },
    options: {},
  };

  it('v1 keeps the other fields and binary, sets raw values (an object stays an object) by dot path', async () => {
    const { parameters, nativeType } = importSet(1, redditV1);
    expect(nativeType).toBe('core.set');
    const [item] = await outputOf(parameters, [[post]]);
    // n8n v1 sets boolean, then number, then string values on a copy of the item, keeping types as given.
    expect(item?.json).toEqual({
      ups: 12,
      subreddit_subscribers: '4000',
      subreddit: 'n8n',
      meta: { flair: 'news' },
      seen: true,
      upvotes: 12,
      subredditSize: '4000',
      minimum: '10',
      details: { flair: 'news' },
      spreadsheetId: '',
      target: { name: 'digest' },
    });
    expect(item?.binary).toEqual(photo);
    expect(Object.keys(item?.json ?? {}).slice(4, 7)).toEqual(['seen', 'upvotes', 'subredditSize']);
  });

  it('v2 turns numeric text of number fields into numbers', async () => {
    const { parameters } = importSet(2, redditV1);
    const [item] = await outputOf(parameters, [[post]]);
    expect(item?.json).toMatchObject({ minimum: 10, upvotes: 12 });
  });

  it('keepOnlySet outputs only the set fields and drops binary; dotNotation false keeps dotted names', async () => {
    const { parameters } = importSet(2, {
      keepOnlySet: true,
      values: { string: [{ name: 'message.text', value: '={{ $json.subreddit }}' }] },
      options: { dotNotation: false },
    });
    const [item] = await outputOf(parameters, [[post]]);
    expect(item).toEqual({ json: { 'message.text': 'n8n' }, pairedItem: { item: 0 } });
  });

  it('rejects field names computed by expressions', () => {
    expect(() => importSet(1, { values: { string: [{ name: '={{ $json.key }}', value: 'x' }] } })).toThrow(
      UnsupportedVariantError,
    );
  });
});

describe('Edit Fields v3.0–3.2 → core.set', () => {
  // Modelled on set@3.2 corpus nodes: fields.values with typed value keys, include defaulting to "all".
  const typedFields = {
    fields: {
      values: [
        { name: 'size', type: 'numberValue', numberValue: '={{ $json.subreddit_subscribers }}' },
        { name: 'title', stringValue: '={{ $json.subreddit }}' },
        { name: 'fresh', type: 'booleanValue' },
        { name: 'tags', type: 'arrayValue', arrayValue: '["a","b"]' },
      ],
    },
    options: {},
  };

  it('converts each field to its type, keeps all input fields and drops binary by default', async () => {
    const { parameters } = importSet(3.2, typedFields);
    const [item] = await outputOf(parameters, [[post]]);
    expect(item?.json).toEqual({
      ...post.json,
      size: 4000,
      title: 'n8n',
      fresh: true,
      tags: ['a', 'b'],
    });
    expect(item?.binary).toBeUndefined();
  });

  it('keeps only the selected input fields and binary when asked', async () => {
    const { parameters } = importSet(3, {
      ...typedFields,
      include: 'selected',
      includeFields: 'ups, subreddit',
      options: { includeBinary: true },
    });
    const [item] = await outputOf(parameters, [[post]]);
    expect(item?.json).toEqual({
      ups: 12,
      subreddit: 'n8n',
      size: 4000,
      title: 'n8n',
      fresh: true,
      tags: ['a', 'b'],
    });
    expect(item?.binary).toEqual(photo);
  });
});

describe('Edit Fields v3.3+ → core.set', () => {
  // The bench workflow's Set@3.4: one assignment plus the input fields.
  const processed = {
    assignments: {
      assignments: [
        { id: 'a1', name: 'processed', type: 'boolean', value: true },
        { id: 'a2', name: 'size', type: 'number', value: '={{ $json.subreddit_subscribers }}' },
      ],
    },
    includeOtherFields: true,
    options: {},
  };

  it('v3.4 keeps the other fields and their binary', async () => {
    const { parameters } = importSet(3.4, processed);
    const [item] = await outputOf(parameters, [[post]]);
    expect(item?.json).toEqual({ ...post.json, processed: true, size: 4000 });
    expect(item?.binary).toEqual(photo);
  });

  it('v3.3 drops binary unless "Include Binary File" is on; without other fields only the assignments remain', async () => {
    const { parameters } = importSet(3.3, { assignments: processed.assignments, options: {} });
    const [item] = await outputOf(parameters, [[post]]);
    expect(item).toEqual({ json: { processed: true, size: 4000 }, pairedItem: { item: 0 } });
  });

  it('v3.4 strips binary when asked and excludes listed fields', async () => {
    const { parameters } = importSet(3.4, {
      ...processed,
      include: 'except',
      excludeFields: 'meta, ups',
      options: { stripBinary: true },
    });
    const [item] = await outputOf(parameters, [[post]]);
    expect(item?.json).toEqual({
      subreddit_subscribers: '4000',
      subreddit: 'n8n',
      processed: true,
      size: 4000,
    });
    expect(item?.binary).toBeUndefined();
  });

  it('raw mode parses the JSON template per item', async () => {
    const { parameters } = importSet(3.4, {
      mode: 'raw',
      jsonOutput: '={\n  "name": "{{ $json.subreddit }}",\n  "ups": {{ $json.ups }}\n}\n',
      options: {},
    });
    expect(await outputOf(parameters, [[post]])).toEqual([
      { json: { name: 'n8n', ups: 12 }, pairedItem: { item: 0 } },
    ]);
  });

  it('rejects binary assignments', () => {
    const binary = {
      assignments: { assignments: [{ id: 'b', name: 'file', type: 'binary', value: 'data' }] },
    };
    expect(() => importSet(3.4, binary)).toThrow(UnsupportedVariantError);
  });

  it('exports as n8n Set v3.3 with equivalent parameters', () => {
    const { parameters } = importSet(3.4, processed);
    const exported = setExport.toN8n?.(parameters) ?? parameters;
    expect(exported).toEqual({
      assignments: processed.assignments,
      includeOtherFields: true,
      options: { includeBinary: true },
    });
    expect(importSet(setExport.typeVersion, exported).parameters).toEqual(parameters);
  });
});

describe('core.set export of Set v1–v2 values', () => {
  it('writes the JSON-output object as one expression n8n evaluates to the same fields', () => {
    const { parameters } = importSet(1, {
      values: {
        string: [
          { name: 'a', value: '={{ $json.x }}' },
          { name: 'b', value: '=id-{{ $json.id }}' },
        ],
      },
    });
    const exported = setExport.toN8n?.(parameters);
    expect(exported).toMatchObject({
      mode: 'raw',
      jsonOutput: '={{ { "a": ($json.x), "b": "id-" + ($json.id) } }}',
      includeOtherFields: true,
    });
  });
});
