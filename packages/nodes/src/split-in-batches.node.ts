import { defineNode, pairedTo } from '@klikkflow/plugin-sdk';
import type { Item } from '@klikkflow/types';
import { withoutPair } from './shared/paired-items.js';
import { invalidParameter } from './shared/parameter-error.js';

/** What the loop remembers between its runs in one execution. */
interface LoopState {
  /** Items not yet sent, with their index in the first run's input. */
  remaining: { item: Item; index: number }[];
  /** Items that came back from the loop body, in arrival order. */
  processed: Item[];
  /** Batches sent so far. */
  batches: number;
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
    let state: LoopState;
    let batchPairs: boolean;
    if (previous === undefined || reset) {
      // First run: the incoming items are the work list.
      state = {
        remaining: items.map((item, index) => ({ item: withoutPair(item), index })),
        processed: [],
        batches: 0,
      };
      batchPairs = true;
    } else {
      // Later runs: the incoming items are what the loop body returned for the last batch.
      state = { ...previous, processed: [...previous.processed, ...items.map(withoutPair)] };
      batchPairs = false;
    }
    if (state.remaining.length === 0) {
      ctx.setState(undefined);
      // Items of this run pair to this run's input; earlier ones came from runs this lineage cannot name.
      const done = state.processed.map((item, index, all) => {
        const own = index - (all.length - items.length);
        return own >= 0 && !batchPairs ? { ...item, pairedItem: pairedTo(own) } : item;
      });
      return [done, []];
    }
    const batch = state.remaining.slice(0, batchSize);
    ctx.setState({ ...state, remaining: state.remaining.slice(batchSize), batches: state.batches + 1 });
    return [
      [],
      batch.map(({ item, index }) => (batchPairs ? { ...item, pairedItem: pairedTo(index) } : item)),
    ];
  },
});
