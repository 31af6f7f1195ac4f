import { createNodeRegistry } from '@klikkflow/engine';
import { describe, expect, it } from 'vitest';
import { builtinNodes } from './index.js';

describe('builtinNodes', () => {
  it('registers every node once, with core.<camelName> types at version 1', () => {
    const registry = createNodeRegistry(builtinNodes);
    expect(
      registry
        .list()
        .map((node) => node.type)
        .sort(),
    ).toEqual([
      'core.aggregate',
      'core.code',
      'core.compareDatasets',
      'core.convertToFile',
      'core.crypto',
      'core.dateTime',
      'core.errorTrigger',
      'core.executeWorkflow',
      'core.executeWorkflowTrigger',
      'core.executionData',
      'core.extractFromFile',
      'core.filter',
      'core.html',
      'core.httpRequest',
      'core.if',
      'core.limit',
      'core.manualTrigger',
      'core.markdown',
      'core.merge',
      'core.noOp',
      'core.placeholder',
      'core.readWriteFile',
      'core.removeDuplicates',
      'core.renameKeys',
      'core.respondToWebhook',
      'core.scheduleTrigger',
      'core.set',
      'core.sort',
      'core.splitInBatches',
      'core.splitOut',
      'core.stopAndError',
      'core.summarize',
      'core.switch',
      'core.wait',
      'core.webhook',
      'core.xml',
    ]);
    for (const node of builtinNodes) expect(node.version).toBe(1);
  });

  it('gives every property a description and every options property its choices', () => {
    const check = (properties: (typeof builtinNodes)[number]['properties'], where: string): void => {
      for (const property of properties) {
        expect(property.description, `${where}.${property.name}`).toBeTruthy();
        if (property.type === 'options')
          expect(property.options?.length, `${where}.${property.name}`).toBeGreaterThan(0);
        if (property.properties) check(property.properties, `${where}.${property.name}`);
      }
    };
    for (const node of builtinNodes) check(node.properties, node.type);
  });

  it('marks only the triggers as triggers, with no inputs', () => {
    const triggers = builtinNodes.filter((node) => node.isTrigger).map((node) => node.type);
    expect(triggers.sort()).toEqual([
      'core.errorTrigger',
      'core.executeWorkflowTrigger',
      'core.manualTrigger',
      'core.scheduleTrigger',
      'core.webhook',
    ]);
    for (const node of builtinNodes.filter((n) => n.isTrigger)) expect(node.inputs).toEqual([]);
  });
});
