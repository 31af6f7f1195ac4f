import type { PropertySpec } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { builtinNodes } from './index.js';

/** Every property at any depth, with its path for the failure message. */
function allProperties(properties: readonly PropertySpec[], prefix = ''): [string, PropertySpec][] {
  return properties.flatMap((property) => {
    const path = `${prefix}${property.name}`;
    return [
      [path, property] as [string, PropertySpec],
      ...allProperties(property.properties ?? [], `${path}.`),
    ];
  });
}

describe('node documentation', () => {
  it('every built-in node has a description and every parameter a one-line hint', () => {
    const missing: string[] = [];
    for (const node of builtinNodes) {
      if (node.description.trim().length < 10) missing.push(`${node.type}: description`);
      for (const [path, property] of allProperties(node.properties)) {
        const hint = property.description?.trim() ?? '';
        if (property.type !== 'notice' && (hint.length === 0 || hint.includes('\n')))
          missing.push(`${node.type}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('node types are unique per version and use the core scope', () => {
    const keys = builtinNodes.map((node) => `${node.type}@${node.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(builtinNodes.every((node) => node.type.startsWith('core.'))).toBe(true);
  });
});
