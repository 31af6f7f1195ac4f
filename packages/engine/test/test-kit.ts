import { type AnyNodeDefinition, defineNode } from '@klikkflow/plugin-sdk';
import {
  type ExecutionEvent,
  type Item,
  OperationalError,
  UserError,
  type Workflow,
  type WorkflowInput,
  workflowSchema,
} from '@klikkflow/types';
import { createEngine } from '../src/engine.js';
import type { Engine, EnginePorts } from '../src/engine.types.js';
import type { ExecutionState } from '../src/execution-state.js';
import { createNodeRegistry } from '../src/node-registry.js';
import type { CheckpointStore } from '../src/ports/checkpoint-store.port.js';
import type { Clock } from '../src/ports/clock.port.js';
import type { ScriptSandbox } from '../src/ports/script-sandbox.port.js';

/** A sandbox for workflows without expressions: any call is a test failure. */
export const noScriptSandbox: ScriptSandbox = {
  evaluateExpressions: () =>
    Promise.reject(new Error('this test expected no expression to reach the sandbox')),
  runCode: () => Promise.reject(new Error('this test expected no code to run')),
  dispose: () => Promise.resolve(),
};

/** Counts how often each node name ran: side effects a resumed execution must not repeat. */
export class RunCounter {
  readonly counts = new Map<string, number>();
  hit(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
  of(name: string): number {
    return this.counts.get(name) ?? 0;
  }
}

const port = { kind: 'main' as const };

/** Engine-test node types. Each is small and does one observable thing. */
export function testNodes(counter = new RunCounter()): AnyNodeDefinition[] {
  const base = { version: 1, description: 'test node', properties: [] };
  return [
    defineNode({
      ...base,
      type: 'test.trigger',
      displayName: 'Trigger',
      group: 'trigger',
      isTrigger: true,
      inputs: [],
      outputs: [port],
      triggerModes: ['manual', 'cli'],
      execute: async (ctx, inputs) => {
        counter.hit(ctx.node.name);
        return [inputs[0] ?? []];
      },
    }),
    defineNode({
      ...base,
      type: 'test.subTrigger',
      displayName: 'Sub trigger',
      group: 'trigger',
      isTrigger: true,
      inputs: [],
      outputs: [port],
      triggerModes: ['subworkflow'],
      execute: async (ctx, inputs) => {
        counter.hit(ctx.node.name);
        return [inputs[0] ?? []];
      },
    }),
    defineNode({
      ...base,
      type: 'test.set',
      displayName: 'Set',
      group: 'data',
      inputs: [port],
      outputs: [port],
      properties: [{ name: 'values', displayName: 'Values', type: 'json', default: {} }],
      execute: async (ctx, inputs) => {
        counter.hit(ctx.node.name);
        return [
          (inputs[0] ?? []).map((item, index) => ({
            json: { ...item.json, ...ctx.getParameter<object>('values', index) },
            pairedItem: { item: index },
          })),
        ];
      },
    }),
    defineNode({
      ...base,
      type: 'test.unpaired',
      displayName: 'Unpaired',
      group: 'data',
      inputs: [port],
      outputs: [port],
      execute: async (ctx, inputs) => {
        counter.hit(ctx.node.name);
        return [(inputs[0] ?? []).map((item) => ({ json: { ...item.json } }))];
      },
    }),
    defineNode({
      ...base,
      type: 'test.branch',
      displayName: 'Branch',
      group: 'logic',
      inputs: [port],
      outputs: [
        { kind: 'main', label: 'true' },
        { kind: 'main', label: 'false' },
      ],
      execute: async (ctx, inputs) => {
        counter.hit(ctx.node.name);
        const items = inputs[0] ?? [];
        const pick = (want: boolean) =>
          items.flatMap((item, index) =>
            Boolean(item.json.flag) === want ? [{ ...item, pairedItem: { item: index } }] : [],
          );
        return [pick(true), pick(false)];
      },
    }),
    defineNode({
      ...base,
      type: 'test.merge',
      displayName: 'Merge',
      group: 'logic',
      inputs: [port, port],
      outputs: [port],
      properties: [{ name: 'requireAll', displayName: 'Require all', type: 'boolean', default: false }],
      requiredInputs: (parameters) => (parameters.requireAll ? [0, 1] : []),
      execute: async (ctx, inputs) => {
        counter.hit(ctx.node.name);
        return [[...(inputs[0] ?? []), ...(inputs[1] ?? [])]];
      },
    }),
    defineNode({
      ...base,
      type: 'test.flaky',
      displayName: 'Flaky',
      group: 'utility',
      inputs: [port],
      outputs: [port],
      properties: [
        { name: 'failTimes', displayName: 'Fail times', type: 'number', default: 1 },
        { name: 'permanent', displayName: 'Permanent', type: 'boolean', default: false },
      ],
      execute: async (ctx, inputs) => {
        counter.hit(ctx.node.name);
        if (counter.of(ctx.node.name) <= ctx.getParameter<number>('failTimes')) {
          if (ctx.getParameter<boolean>('permanent')) throw new UserError('TEST_BAD_INPUT', 'bad input');
          throw new OperationalError('TEST_FLAKY', `failure #${counter.of(ctx.node.name)}`);
        }
        return [inputs[0] ?? []];
      },
    }),
    defineNode({
      ...base,
      type: 'test.itemErrors',
      displayName: 'Item errors',
      group: 'utility',
      inputs: [port],
      outputs: [port],
      execute: async (ctx, inputs) => {
        counter.hit(ctx.node.name);
        return [
          (inputs[0] ?? []).map((item, index) =>
            item.json.bad
              ? { json: { error: 'bad item' }, pairedItem: { item: index } }
              : { ...item, pairedItem: { item: index } },
          ),
        ];
      },
    }),
    defineNode({
      ...base,
      type: 'test.sleep',
      displayName: 'Sleep',
      group: 'utility',
      inputs: [port],
      outputs: [port],
      properties: [{ name: 'ms', displayName: 'ms', type: 'number', default: 10 }],
      execute: async (ctx, inputs) => {
        counter.hit(ctx.node.name);
        await ctx.sleep(ctx.getParameter<number>('ms'));
        return [inputs[0] ?? []];
      },
    }),
    defineNode({
      ...base,
      type: 'test.hang',
      displayName: 'Hang',
      group: 'utility',
      inputs: [port],
      outputs: [port],
      execute: (ctx) => {
        counter.hit(ctx.node.name);
        return new Promise<Item[][]>(() => undefined);
      },
    }),
    defineNode({
      ...base,
      type: 'test.park',
      displayName: 'Park',
      group: 'utility',
      inputs: [port],
      outputs: [port],
      properties: [{ name: 'until', displayName: 'Until', type: 'number', default: 0 }],
      execute: async (ctx, inputs) => {
        counter.hit(ctx.node.name);
        ctx.waitUntil(new Date(ctx.getParameter<number>('until')));
        return [inputs[0] ?? []];
      },
    }),
    defineNode({
      ...base,
      type: 'test.batches',
      displayName: 'Batches',
      group: 'logic',
      inputs: [port],
      outputs: [
        { kind: 'main', label: 'done' },
        { kind: 'main', label: 'loop' },
      ],
      properties: [{ name: 'size', displayName: 'Size', type: 'number', default: 1 }],
      execute: async (ctx, inputs) => {
        counter.hit(ctx.node.name);
        type State = { rest: Item[]; done: Item[] };
        const size = ctx.getParameter<number>('size');
        const state = ctx.getState<State>();
        const current: State = state
          ? { rest: state.rest, done: [...state.done, ...(inputs[0] ?? [])] }
          : { rest: [...(inputs[0] ?? [])], done: [] };
        if (current.rest.length === 0) {
          ctx.setState(undefined);
          return [current.done, []];
        }
        const batch = current.rest.slice(0, size);
        ctx.setState({ rest: current.rest.slice(size), done: current.done });
        return [[], batch];
      },
    }),
    defineNode({
      ...base,
      type: 'test.callSub',
      displayName: 'Call sub',
      group: 'utility',
      inputs: [port],
      outputs: [port],
      properties: [
        { name: 'workflowId', displayName: 'Workflow', type: 'string', default: '' },
        { name: 'wait', displayName: 'Wait', type: 'boolean', default: true },
      ],
      execute: async (ctx, inputs) => {
        counter.hit(ctx.node.name);
        const out = await ctx.helpers.executeWorkflow({
          source: { workflowId: ctx.getParameter<string>('workflowId') },
          items: inputs[0] ?? [],
          wait: ctx.getParameter<boolean>('wait'),
        });
        return out ?? [inputs[0] ?? []];
      },
    }),
    defineNode({
      ...base,
      type: 'test.credentialed',
      displayName: 'Credentialed',
      group: 'app',
      inputs: [port],
      outputs: [port],
      credentials: [{ type: 'testApi', required: true }],
      execute: async (ctx, inputs) => {
        const credential = await ctx.getCredentials<{ token: string }>('testApi');
        return [
          (inputs[0] ?? []).map((item, index) => ({
            json: { ...item.json, tokenLength: credential.token.length, key: ctx.idempotencyKey(index) },
          })),
        ];
      },
    }),
  ];
}

/** A fake clock: `sleep` advances time at once, so waits and retries cost nothing in tests. */
export class FakeClock implements Clock {
  time = 1_700_000_000_000;
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.time += ms;
  }
}

/** A checkpoint store that keeps copies, and can simulate a crash right after commit number `crashAfter`. */
export class MemoryCheckpoints implements CheckpointStore {
  readonly committed: ExecutionState[] = [];
  constructor(private readonly crashAfter = Number.POSITIVE_INFINITY) {}
  async commit(state: ExecutionState): Promise<void> {
    this.committed.push(structuredClone(state));
    if (this.committed.length === this.crashAfter) throw new SimulatedCrash();
  }
  get last(): ExecutionState {
    const last = this.committed[this.committed.length - 1];
    if (!last) throw new Error('nothing committed');
    return last;
  }
}

/** Thrown by {@link MemoryCheckpoints} to stand for the process dying. */
export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash');
  }
}

/** Builds an engine over the test nodes. */
export function testEngine(
  ports: Partial<EnginePorts> = {},
  counter = new RunCounter(),
): { engine: Engine; counter: RunCounter; clock: FakeClock } {
  const clock = new FakeClock();
  const engine = createEngine({
    registry: createNodeRegistry(testNodes(counter)),
    ports: { sandbox: noScriptSandbox, clock, ...ports },
    newExecutionId: (() => {
      let n = 0;
      return () => `exec-${++n}`;
    })(),
  });
  return { engine, counter, clock };
}

type NodeSpec = [name: string, type: string, extra?: Record<string, unknown>];

/**
 * Builds a workflow from compact specs: nodes `[name, type, extra]` (id = name, laid out top to bottom in
 * the order given unless `position` is set) and edges `'A:0->B:1'` (ports default to 0).
 */
export function workflow(
  nodes: NodeSpec[],
  edges: string[],
  settings: WorkflowInput['settings'] = {},
): Workflow {
  const input: WorkflowInput = {
    schemaVersion: 1,
    id: 'wf-test',
    name: 'Test',
    nodes: nodes.map(([name, type, extra], index) => ({
      id: name,
      name,
      type,
      version: 1,
      position: [index * 100, index * 100],
      parameters: {},
      ...extra,
    })),
    connections: edges.map((edge) => {
      const match = /^(.+?)(?::(\d+))?->(.+?)(?::(\d+))?$/.exec(edge);
      if (!match) throw new Error(`bad edge ${edge}`);
      return {
        from: { node: match[1] as string, output: Number(match[2] ?? 0) },
        to: { node: match[3] as string, input: Number(match[4] ?? 0) },
      };
    }),
    settings,
  };
  return workflowSchema.parse(input);
}

/** The json of output `output` of a node's run `runIndex`. */
export function outputJson(
  runData: Record<string, { outputs: Item[][] | null }[]>,
  node: string,
  runIndex = 0,
  output = 0,
): unknown[] {
  return (runData[node]?.[runIndex]?.outputs?.[output] ?? []).map((item) => item.json);
}

/** Records lifecycle events; `order` lists node runs as `name` or `name#runIndex`. */
export class EventLog {
  readonly events: ExecutionEvent[] = [];
  readonly listener = (event: ExecutionEvent): void => {
    this.events.push(event);
  };
  get order(): string[] {
    return this.events.flatMap((event) =>
      event.type === 'nodeEnd'
        ? [event.runIndex === 0 ? event.nodeName : `${event.nodeName}#${event.runIndex}`]
        : [],
    );
  }
}
