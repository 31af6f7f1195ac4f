import { defineNode, pairedTo } from '@klikkflow/plugin-sdk';
import type { Item } from '@klikkflow/types';
import { withoutPair } from './shared/paired-items.js';
import { invalidParameter } from './shared/parameter-error.js';

/** An item the loop holds, with where it entered: item `item` of the input of this node's run `run`. */
interface HeldItem {
  item: Item;
  origin: { item: number; run: number };
}

/** What the loop remembers between its runs in one execution. */
interface LoopState {
  /** Items not yet sent. */
  remaining: HeldItem[];
  /** Items that came back from the loop body, in arrival order. */
  processed: HeldItem[];
  /** Batches sent so far. */
  batches: number;
}

/**
 * Re-emits a held item paired to where it entered the loop. Items that entered in an earlier run of this
 * node name that run, so `$('Node before the loop').item` still resolves inside and after the loop.
 */
function release(held: HeldItem, runIndex: number): Item {
  const { item, run } = held.origin;
  return { ...held.item, pairedItem: run === runIndex ? pairedTo(item) : { item, run } };
}

/**
 * Loop Over Items (Split in Batches v3): sends items to the `loop` output a batch at a time and, once
 * every batch has come back, all returned items to `done`.
 */
export const splitInBatchesNode = defineNode({
  type: 'core.splitInBatches',
  version: 1,
  displayName: 'Loop Over Items (Split in Batches)',
  description: 'Runs the loop branch once per batch of items, then outputs all results on done',
  group: 'logic',
  inputs: [{ kind: 'main' }],
  outputs: [
    { kind: 'main', label: 'done' },
    { kind: 'main', label: 'loop' },
  ],
  properties: [
    {
      name: 'batchSize',
      displayName: 'Batch Size',
      type: 'number',
      default: 1,
      description: 'Number of items per loop run',
      typeOptions: { minValue: 1 },
    },
    {
      name: 'options',
      displayName: 'Options',
      type: 'collection',
      default: {},
      description: 'Extra settings',
      properties: [
        {
          name: 'reset',
          displayName: 'Reset',
          type: 'boolean',
          default: false,
          description: 'Whether to start over with the incoming items, forgetting earlier batches',
        },
      ],
    },
  ],
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const batchSize = Number(ctx.getParameter('batchSize', 0, 1));
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw invalidParameter(`"Batch Size" must be a whole number of at least 1, not ${batchSize}`, {
        parameter: 'batchSize',
      });
    }
    const previous = ctx.getState<LoopState>();
    const reset = ctx.getParameter<unknown>('options.reset', 0, false) === true;
    const arriving = items.map((item, index) => ({
      item: withoutPair(item),
      origin: { item: index, run: ctx.runIndex },
    }));
    // First run (or reset): the incoming items are the work list. Later runs: they are what the loop body
    // returned for the last batch.
    const state: LoopState =
      previous === undefined || reset
        ? { remaining: arriving, processed: [], batches: 0 }
        : { ...previous, processed: [...previous.processed, ...arriving] };
    if (state.remaining.length === 0) {
      ctx.setState(undefined);
      return [state.processed.map((held) => release(held, ctx.runIndex)), []];
    }
    const batch = state.remaining.slice(0, batchSize);
    ctx.setState({ ...state, remaining: state.remaining.slice(batchSize), batches: state.batches + 1 });
    return [[], batch.map((held) => release(held, ctx.runIndex))];
  },
});
