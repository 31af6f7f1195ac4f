import type { Item, NodeRun, RunData, RunSource } from '@klikkflow/types';

type Json = Item['json'];
type PairedItem = NonNullable<Item['pairedItem']>;

/**
 * An output port as stored: the items' fields in columns, so the per-item keys are not written again and
 * again, and data a node passed through is not written twice.
 * - `json[i]`: item i's json, or a number n when it is the very object the run received as its n-th input
 *   item (all inputs in port order). IF, Merge, Respond to Webhook and triggers pass items through, so
 *   their outputs store indexes.
 * - `paired[i]`: item i's pairedItem: n for `{item: n}`, `[n, k]` for `{item: n, input: k}`, null when it
 *   has none, or the value as it is.
 * - `rest[i]`: item i's other fields (`binary`, `error`), when it has any.
 */
interface PackedPort {
  json: (Json | number)[];
  paired: (number | [number, number] | PairedItem | null)[];
  rest?: Record<number, Record<string, unknown>>;
}

/** Marks an input that is the execution's start items (the trigger's input), stored with the start. */
const START_ITEMS = 'start';

/**
 * A run as stored: sourced inputs left out (`null`), the start items as {@link START_ITEMS}, output ports
 * packed (or, if not packable, as they were).
 */
interface StoredRun extends Omit<NodeRun, 'inputs' | 'outputs'> {
  inputs: (Item[] | null | typeof START_ITEMS)[];
  outputs: (PackedPort | Item[])[] | null;
}

/** The trigger items of a start request (`{ triggerItems }`), when it has them. */
export function startItemsOf(start: unknown): Item[] | undefined {
  const items = (start as { triggerItems?: unknown } | null | undefined)?.triggerItems;
  return Array.isArray(items) ? (items as Item[]) : undefined;
}

/** A run's input items, all ports in order: what a packed output's positions count in. */
function flatInputs(inputs: readonly Item[][]): readonly Item[] {
  return inputs.length === 1 ? (inputs[0] ?? []) : inputs.flat();
}

/** Finds where a json object sits among a run's input items (see {@link flatInputs}). */
class InputPositions {
  private readonly flat: readonly Item[];
  private byJson: Map<unknown, number> | undefined;

  constructor(inputs: readonly Item[][]) {
    this.flat = flatInputs(inputs);
  }

  /** The position of `json` among the inputs, trying `hint` (a pass-through keeps order) first. */
  of(json: Json, hint: number): number | undefined {
    if (this.flat[hint]?.json === json) return hint;
    if (this.byJson === undefined) {
      this.byJson = new Map();
      // The first position of an object that came in twice: either one holds the same data.
      for (let index = this.flat.length - 1; index >= 0; index--) {
        this.byJson.set(this.flat[index]?.json, index);
      }
    }
    return this.byJson.get(json);
  }
}

function packPaired(paired: Item['pairedItem']): PackedPort['paired'][number] {
  if (paired === undefined) return null;
  if (!Array.isArray(paired) && typeof paired.item === 'number') {
    let keys = 0;
    for (const _ in paired) keys++;
    if (keys === 1) return paired.item;
    if (keys === 2 && typeof paired.input === 'number') return [paired.item, paired.input];
  }
  return paired;
}

function unpackPaired(paired: PackedPort['paired'][number]): Item['pairedItem'] {
  if (paired === null) return undefined;
  if (typeof paired === 'number') return { item: paired };
  if (Array.isArray(paired) && typeof paired[0] === 'number')
    return { item: paired[0], input: paired[1] as number };
  return paired as PairedItem;
}

/** Packs one output port; undefined when it is empty or an item's json is not an object (kept as it is). */
function packPort(items: readonly Item[], inputs: InputPositions): PackedPort | undefined {
  if (items.length === 0) return undefined;
  const port: PackedPort = { json: new Array(items.length), paired: new Array(items.length) };
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as Item;
    const json = item.json as unknown;
    if (typeof json !== 'object' || json === null) return undefined;
    port.json[index] = inputs.of(item.json, index) ?? item.json;
    port.paired[index] = packPaired(item.pairedItem);
    for (const key in item) {
      if (key === 'json' || key === 'pairedItem') continue;
      port.rest ??= {};
      port.rest[index] ??= {};
      (port.rest[index] as Record<string, unknown>)[key] = (item as Record<string, unknown>)[key];
    }
  }
  return port;
}

function unpackPort(port: PackedPort, inputs: readonly Item[]): Item[] {
  return port.json.map((json, index) => {
    const item: Item = { json: typeof json === 'number' ? (inputs[json]?.json ?? {}) : json };
    const paired = unpackPaired(port.paired[index] ?? null);
    if (paired !== undefined) item.pairedItem = paired;
    const rest = port.rest?.[index];
    return rest === undefined ? item : Object.assign(item, rest);
  });
}

/**
 * A node run as stored. An input that came from another node's run is that run's output, item for item,
 * so it is left out (stored as `null`) and rebuilt on read by {@link restoreRuns}; so is an input that is
 * the very `startItems` array stored with the execution's start (the trigger's input). Output ports are
 * packed (see {@link PackedPort}). Run data is then written once, not again as each child's input and as
 * each pass-through node's output. Rows written before these changes read back unchanged.
 */
export function storedRunText(run: NodeRun, startItems?: readonly Item[]): string {
  const positions = new InputPositions(run.inputs);
  const stored: StoredRun = {
    ...run,
    inputs: run.inputs.map((items, index) => {
      if (run.source[index]) return null;
      return startItems !== undefined && items === startItems ? START_ITEMS : items;
    }),
    outputs: run.outputs === null ? null : run.outputs.map((items) => packPort(items, positions) ?? items),
  };
  return JSON.stringify(stored);
}

/**
 * Rebuilds, in place, what {@link storedRunText} left out or packed: each run's inputs from the runs they
 * came from or from `startItems` (the execution's start), then its outputs. A source's run is restored
 * before the runs it fed (in start order, depth-first where two started in the same millisecond). A
 * missing source, or start items not given, gives an empty input.
 */
export function restoreRuns(runData: RunData, startItems?: Item[]): RunData {
  const restored = new Set<StoredRun>();
  const runsOf = (nodeId: string) => (runData[nodeId] ?? []) as unknown as StoredRun[];

  const outputOf = (source: RunSource | null | undefined): Item[] => {
    if (!source) return [];
    const runs = runsOf(source.node);
    const run =
      runs[source.runIndex]?.runIndex === source.runIndex
        ? runs[source.runIndex]
        : runs.find((candidate) => candidate.runIndex === source.runIndex);
    if (run === undefined) return [];
    restore(run);
    const port = run.outputs?.[source.output];
    return Array.isArray(port) ? port : [];
  };

  const restore = (run: StoredRun): void => {
    if (restored.has(run)) return;
    restored.add(run);
    const inputs = run.inputs.map((items, index) => {
      if (items === START_ITEMS) return startItems ?? [];
      return items ?? outputOf(run.source[index]);
    });
    run.inputs = inputs;
    if (run.outputs === null || run.outputs.every(Array.isArray)) return;
    const flat = flatInputs(inputs);
    run.outputs = run.outputs.map((port) => (Array.isArray(port) ? port : unpackPort(port, flat)));
  };

  const all = Object.keys(runData).flatMap(runsOf);
  all.sort((a, b) => a.startedAt - b.startedAt);
  for (const run of all) restore(run);
  return runData;
}

/** A stored node run row: the node, and the run as {@link storedRunText} wrote it. */
export interface StoredRunRow {
  node_id: string;
  data: string;
}

/**
 * The run data of one execution from its stored node run rows (each node's in run order) and the trigger
 * items of its stored start.
 */
export function runDataOfRows(rows: readonly StoredRunRow[], startItems?: Item[]): RunData {
  const runData: RunData = {};
  for (const row of rows) {
    const runs = runData[row.node_id] ?? [];
    runs.push(JSON.parse(row.data) as NodeRun);
    runData[row.node_id] = runs;
  }
  return restoreRuns(runData, startItems);
}
