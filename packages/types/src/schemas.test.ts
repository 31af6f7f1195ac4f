import { describe, expect, it } from 'vitest';
import { credentialTypeDescriptionSchema } from './credential.schema.js';
import { itemSchema } from './item.schema.js';
import { jsonValueSchema } from './json.schema.js';
import { nodeDescriptionSchema, propertySpecSchema } from './node-description.schema.js';

describe('item, node description and credential schemas', () => {
  it('validates items with binary references and lineage', () => {
    const item = {
      json: { a: 1 },
      binary: { file: { id: 'blob-1', mimeType: 'text/plain', fileSize: 3 } },
      pairedItem: [{ item: 0 }, { item: 2, input: 1 }],
    };
    expect(itemSchema.parse(item)).toEqual(item);
    expect(itemSchema.safeParse({ json: [] }).success).toBe(false);
    expect(itemSchema.safeParse({ json: {}, pairedItem: { item: -1 } }).success).toBe(false);
  });

  it('validates JSON values', () => {
    expect(jsonValueSchema.safeParse({ a: [1, 'x', null, { b: true }] }).success).toBe(true);
    expect(jsonValueSchema.safeParse({ a: () => 1 }).success).toBe(false);
  });

  it('validates declarative properties recursively', () => {
    const property = {
      name: 'options',
      displayName: 'Options',
      type: 'collection',
      default: {},
      properties: [
        {
          name: 'limit',
          displayName: 'Limit',
          type: 'number',
          default: 10,
          displayOptions: { show: { mode: ['a'] } },
        },
      ],
    };
    expect(propertySpecSchema.safeParse(property).success).toBe(true);
    expect(propertySpecSchema.safeParse({ ...property, type: 'bogus' }).success).toBe(false);
    expect(propertySpecSchema.safeParse({ ...property, properties: [{ name: '' }] }).success).toBe(false);
  });

  it('validates node descriptions and credential types', () => {
    const description = {
      type: 'core.noOp',
      version: 1,
      displayName: 'No Op',
      description: 'Does nothing',
      group: 'utility',
      inputs: [{ kind: 'main' }],
      outputs: [{}],
      properties: [],
    };
    expect(nodeDescriptionSchema.parse(description).outputs).toEqual([{ kind: 'main' }]);
    expect(nodeDescriptionSchema.safeParse({ ...description, type: 'noScope' }).success).toBe(false);
    expect(nodeDescriptionSchema.safeParse({ ...description, version: 1.5 }).success).toBe(false);
    expect(
      credentialTypeDescriptionSchema.safeParse({
        name: 'httpBasicAuth',
        displayName: 'Basic',
        properties: [],
      }).success,
    ).toBe(true);
    expect(
      credentialTypeDescriptionSchema.safeParse({ name: 'bad name', displayName: 'x', properties: [] })
        .success,
    ).toBe(false);
  });
});
