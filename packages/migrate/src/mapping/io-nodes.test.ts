import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtinNodes } from '@klikkflow/nodes';
import { describe, expect, it } from 'vitest';
import { mapN8nNode } from '../../test/mapping-harness.js';
import { ioNodeExports, ioNodeMappings } from './io-nodes.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

/** The n8n types and type versions this part of the table must cover. */
const covered: Record<string, number[]> = {
  code: [1, 2],
  function: [1],
  functionItem: [1],
  httpRequest: [1, 2, 3, 4, 4.1, 4.2, 4.3, 4.4, 4.5],
  webhook: [1, 1.1, 2, 2.1],
  respondToWebhook: [1, 1.1, 1.2, 1.3, 1.4, 1.5],
  scheduleTrigger: [1, 1.1, 1.2, 1.3, 1.4],
  cron: [1],
  interval: [1],
  manualTrigger: [1],
  start: [1],
  wait: [1, 1.1],
  executeWorkflow: [1, 1.1, 1.2, 1.3, 1.4],
  executeWorkflowTrigger: [1, 1.1, 1.2],
  errorTrigger: [1],
  executionData: [1, 1.1],
  dateTime: [1, 2],
  crypto: [1, 2],
  html: [1, 1.1, 1.2],
  xml: [1],
  markdown: [1],
  convertToFile: [1, 1.1],
  extractFromFile: [1, 1.1],
  readWriteFile: [1, 1.1],
};

const entriesFor = (type: string, version: number) =>
  ioNodeMappings.filter(
    (entry) =>
      entry.n8nType === `n8n-nodes-base.${type}` &&
      version >= entry.minVersion &&
      version <= entry.maxVersion,
  );

describe('the trigger, HTTP, code, timing, sub-workflow and file/format part of the table', () => {
  it('has exactly one entry for every covered type and version', () => {
    for (const [type, versions] of Object.entries(covered)) {
      for (const version of versions) expect(entriesFor(type, version), `${type}@${version}`).toHaveLength(1);
    }
  });

  it('maps only to built-in node types, and exports every one of them once', () => {
    const builtins = new Set(builtinNodes.map((node) => node.type));
    const nativeTypes = new Set(ioNodeMappings.map((entry) => entry.nativeType));
    for (const type of nativeTypes) expect(builtins.has(type), type).toBe(true);
    const exported = ioNodeExports.map((entry) => entry.nativeType);
    expect(new Set(exported).size).toBe(exported.length);
    expect([...nativeTypes].sort()).toEqual([...exported].sort());
  });
});

/** Every parseable workflow file under a folder (n8n template files). */
function* workflowFiles(
  dir: string,
): Generator<{ nodes?: { type: string; typeVersion: number; parameters?: object }[] }> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* workflowFiles(path);
    else if (name.endsWith('.json')) {
      try {
        yield JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // Files that do not parse are the importer's concern, not the table's.
      }
    }
  }
}

const corpus = '/work/shared/corpus/n8n-templates';

describe.skipIf(!existsSync(corpus))('the public n8n template corpus', () => {
  it('maps every node of these types, or refuses it with a reason, never failing otherwise', () => {
    const outcomes = { mapped: 0, refused: new Map<string, number>() };
    for (const workflow of workflowFiles(corpus)) {
      for (const node of workflow.nodes ?? []) {
        const type = node.type.replace('n8n-nodes-base.', '');
        if (!(type in covered) || !node.type.startsWith('n8n-nodes-base.')) continue;
        try {
          mapN8nNode(ioNodeMappings, node.type, node.typeVersion, { ...node.parameters });
          outcomes.mapped += 1;
        } catch (error) {
          expect(error, `${node.type}@${node.typeVersion}`).toBeInstanceOf(UnsupportedVariantError);
          const key = `${type}: ${(error as Error).message}`;
          outcomes.refused.set(key, (outcomes.refused.get(key) ?? 0) + 1);
        }
      }
    }
    const refused = [...outcomes.refused.values()].reduce((sum, count) => sum + count, 0);
    // Most nodes of these types carry over; the refusals are the variants KlikkFlow lacks (PDF, Python…).
    expect(outcomes.mapped).toBeGreaterThan(refused * 3);
  });
});
