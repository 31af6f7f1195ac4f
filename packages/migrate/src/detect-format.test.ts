import { describe, expect, it } from 'vitest';
import { detectWorkflowFormat, isN8nWorkflow } from './detect-format.js';

const n8nNode = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] };

describe('detectWorkflowFormat', () => {
  it('recognises n8n workflows, single or in an array, by their nodes', () => {
    expect(isN8nWorkflow({ nodes: [n8nNode], connections: {} })).toBe(true);
    expect(isN8nWorkflow({ nodes: [{ name: 'X', type: 'n8n-nodes-base.set' }] })).toBe(true);
    expect(detectWorkflowFormat({ nodes: [n8nNode], connections: {} })).toBe('n8n');
    expect(detectWorkflowFormat([{ nodes: [n8nNode] }, { nodes: [n8nNode] }])).toBe('n8n');
  });

  it('treats native files, mixed arrays and anything else as native (validation names the problem)', () => {
    const native = {
      schemaVersion: 1,
      id: 'w',
      name: 'W',
      nodes: [{ ...n8nNode, type: 'core.manualTrigger' }],
    };
    expect(detectWorkflowFormat(native)).toBe('native');
    expect(detectWorkflowFormat([{ nodes: [n8nNode] }, native])).toBe('native');
    expect(detectWorkflowFormat({ nodes: [n8nNode], connections: [] })).toBe('native');
    expect(detectWorkflowFormat([])).toBe('native');
    expect(detectWorkflowFormat('text')).toBe('native');
  });
});
