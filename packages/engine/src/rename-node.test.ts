import { AppError, type Workflow, type WorkflowInput, workflowSchema } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { findNodeReferences } from './expressions/node-references.js';
import { codeParts, parseTemplate } from './expressions/template-parser.js';
import { renameNode } from './rename-node.js';

function workflow(
  nodes: { id: string; name: string; type?: string; parameters?: Record<string, unknown> }[],
): Workflow {
  const input: WorkflowInput = {
    schemaVersion: 1,
    id: 'wf',
    name: 'Rename',
    nodes: nodes.map((node, index) => ({
      type: 'core.set',
      version: 1,
      position: [index * 200, 0],
      parameters: {},
      ...node,
    })),
    connections: [{ from: { node: 'a' }, to: { node: 'b' } }],
  };
  return workflowSchema.parse(input);
}

function nodeOf(flow: Workflow, id: string) {
  const node = flow.nodes.find((candidate) => candidate.id === id);
  if (!node) throw new Error(`no node ${id}`);
  return node;
}

/** Runs rewritten code with stand-ins for the accessors that hand back the node name they were given. */
function namesRead(code: string): unknown {
  const $ = (name: string) => name;
  const $node = new Proxy({}, { get: (_, name) => name });
  return Function('$', '$node', '$items', `"use strict"; return (${code});`)($, $node, $);
}

const error = (run: () => unknown) => {
  try {
    run();
  } catch (caught) {
    return caught as AppError;
  }
  throw new Error('expected an error');
};

describe('renameNode', () => {
  const original = workflow([
    { id: 'a', name: 'Old' },
    {
      id: 'b',
      name: 'Reader',
      parameters: {
        single: "={{ $('Old').item.json.x }}",
        mixed: `=id {{ $("Old").first().json.id }} and {{ $node["Old"].json.y + $node['Old'].json.z }}`,
        nested: { list: [{ deep: '={{ $node.Old.json.a ?? $items("Old", 0)[0].json.b }}' }, 42, null, true] },
        backtick: '={{ $(`Old`).all().length }}',
        optional: '={{ $node?.Old.json.q }}',
        plain: "$('Old') is text here, not an expression",
        others: "={{ $('Old2').item.json.x + $('old').item.json.y + $(name).item + $('Other').item }}",
        textPart: "=$('Old') {{ $('Old').item.json.x }}",
      },
    },
    {
      id: 'c',
      name: 'Code',
      type: 'core.code',
      parameters: {
        jsCode: "const rows = $('Old').all();\nreturn $node.Old.json;",
        mode: 'runOnceForAllItems',
      },
    },
    { id: 'd', name: 'Other' },
  ]);

  it('renames the node and every static reference to it, in every form and depth', () => {
    const renamed = renameNode(original, 'a', 'New');
    expect(nodeOf(renamed, 'a').name).toBe('New');
    expect(nodeOf(renamed, 'b').parameters).toEqual({
      single: "={{ $('New').item.json.x }}",
      mixed: `=id {{ $("New").first().json.id }} and {{ $node["New"].json.y + $node['New'].json.z }}`,
      nested: { list: [{ deep: '={{ $node.New.json.a ?? $items("New", 0)[0].json.b }}' }, 42, null, true] },
      backtick: '={{ $(`New`).all().length }}',
      optional: '={{ $node?.New.json.q }}',
      plain: "$('Old') is text here, not an expression",
      others: "={{ $('Old2').item.json.x + $('old').item.json.y + $(name).item + $('Other').item }}",
      textPart: "=$('Old') {{ $('New').item.json.x }}",
    });
    expect(nodeOf(renamed, 'c').parameters).toEqual({
      jsCode: "const rows = $('New').all();\nreturn $node.New.json;",
      mode: 'runOnceForAllItems',
    });
  });

  it('escapes names that need it and switches $node.Old to an index when the name is no identifier', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a name that must not open a substitution
    const newName = 'It\'s "quoted" \\ ${x}\nnext';
    const renamed = renameNode(original, 'a', newName);
    const parameters = nodeOf(renamed, 'b').parameters as Record<string, string>;
    for (const key of ['single', 'mixed', 'backtick', 'optional']) {
      for (const code of codeParts(parseTemplate(parameters[key] as string))) {
        expect(findNodeReferences([code]).names, key).toEqual(new Set([newName]));
      }
    }
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the escaped name as the rewritten code holds it
    expect(parameters.optional).toBe('={{ $node?.["It\'s \\"quoted\\" \\\\ ${x}\\nnext"].json.q }}');
    // The rewritten literals are valid JavaScript that reads back the exact new name.
    expect(namesRead(codeOfSingle(parameters.single))).toBe(newName);
    expect(
      namesRead(
        codeParts(parseTemplate(parameters.backtick as string))[0]?.replace('.all().length', '') ?? '',
      ),
    ).toBe(newName);
    const code = nodeOf(renamed, 'c').parameters.jsCode as string;
    expect(code).toContain('$node["It');
    expect(findNodeReferences([code]).names).toEqual(new Set([newName]));
  });

  it('is pure: the input is untouched and unaffected nodes are shared', () => {
    const before = structuredClone(original);
    const renamed = renameNode(original, 'a', 'New');
    expect(original).toEqual(before);
    expect(nodeOf(renamed, 'd')).toBe(nodeOf(original, 'd'));
    expect(renamed.connections).toBe(original.connections);
    expect(renameNode(original, 'a', 'Old')).toBe(original);
  });

  it('refuses a taken name, an unknown node and an invalid name with stable codes', () => {
    const taken = error(() => renameNode(original, 'a', 'Other'));
    expect(taken).toBeInstanceOf(AppError);
    expect(taken).toMatchObject({ code: 'WF_NODE_NAME_TAKEN', intent: 'user', details: { takenBy: 'd' } });
    expect(error(() => renameNode(original, 'nope', 'X'))).toMatchObject({ code: 'WF_UNKNOWN_NODE' });
    expect(error(() => renameNode(original, 'a', ''))).toMatchObject({ code: 'WF_NODE_NAME_INVALID' });
    expect(error(() => renameNode(original, 'a', 'x'.repeat(257)))).toMatchObject({
      code: 'WF_NODE_NAME_INVALID',
    });
  });

  it('keeps a parameter key named __proto__ an ordinary key', () => {
    const parameters = JSON.parse('{"__proto__": {"v": "={{ $(\'Old\').item }}"}}') as Record<
      string,
      unknown
    >;
    // Set after parsing: the schema drops such keys, but a workflow may be built without it.
    const parsed = workflow([
      { id: 'a', name: 'Old' },
      { id: 'b', name: 'B' },
    ]);
    const flow = {
      ...parsed,
      nodes: parsed.nodes.map((node) => (node.id === 'b' ? { ...node, parameters } : node)),
    };
    const renamed = nodeOf(renameNode(flow, 'a', 'New'), 'b').parameters;
    expect(Object.getPrototypeOf(renamed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(renamed, '__proto__')?.value).toEqual({
      v: "={{ $('New').item }}",
    });
  });
});

/** The node-name literal of `={{ $(<literal>).item.json.x }}`. */
function codeOfSingle(expression: string | undefined): string {
  const match = /\$\((.*)\)\.item\.json\.x/s.exec(expression ?? '');
  if (!match?.[1]) throw new Error(`no $(…) in ${expression}`);
  return match[1];
}
