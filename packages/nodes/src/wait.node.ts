import { defineNode, type NodeExecutionContext } from '@klikkflow/plugin-sdk';
import { pairEach } from './shared/paired-items.js';
import { invalidParameter } from './shared/parameter-error.js';

/** Waits up to this long in memory; longer waits park the execution (n8n uses the same threshold). */
const inMemoryLimitMs = 65_000;

const unitMs: Record<string, number> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

/** Milliseconds from now until the wait ends (negative when a specific time has passed). */
function waitMs(ctx: NodeExecutionContext): number {
  const resume = ctx.getParameter<string>('resume', 0);
  if (resume === 'timeInterval') {
    const amount = Number(ctx.getParameter('amount', 0));
    const unit = ctx.getParameter<string>('unit', 0);
    if (!Number.isFinite(amount) || amount < 0) {
      throw invalidParameter(`"Wait Amount" must be a number of at least 0, not ${JSON.stringify(amount)}`);
    }
    const factor = Object.hasOwn(unitMs, unit) ? unitMs[unit] : undefined;
    if (factor === undefined) throw invalidParameter(`unknown wait unit ${JSON.stringify(unit)}`);
    return amount * factor;
  }
  if (resume === 'specificTime') {
    const value = ctx.getParameter<unknown>('dateTime', 0);
    const at =
      typeof value === 'string' || typeof value === 'number' ? new Date(value).getTime() : Number.NaN;
    if (Number.isNaN(at))
      throw invalidParameter(`"Date and Time" is not a valid date: ${JSON.stringify(value)}`);
    return at - ctx.now();
  }
  throw invalidParameter(`"resume" must be timeInterval or specificTime, not ${JSON.stringify(resume)}`);
}

/** Wait: pauses the execution for a time or until a date, then passes its items on. */
export const waitNode = defineNode({
  type: 'core.wait',
  version: 1,
  displayName: 'Wait',
  description: 'Pauses the workflow for a while or until a date',
  group: 'utility',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties: [
    {
      name: 'resume',
      displayName: 'Resume',
      type: 'options',
      default: 'timeInterval',
      description: 'When the workflow continues',
      options: [
        { name: 'After Time Interval', value: 'timeInterval' },
        { name: 'At Specified Time', value: 'specificTime' },
      ],
    },
    {
      name: 'amount',
      displayName: 'Wait Amount',
      type: 'number',
      default: 1,
      description: 'How long to wait, in the unit below',
      typeOptions: { minValue: 0 },
      displayOptions: { show: { resume: ['timeInterval'] } },
    },
    {
      name: 'unit',
      displayName: 'Wait Unit',
      type: 'options',
      default: 'hours',
      description: 'Unit of the wait amount',
      options: Object.keys(unitMs).map((unit) => ({
        name: unit[0]?.toUpperCase() + unit.slice(1),
        value: unit,
      })),
      displayOptions: { show: { resume: ['timeInterval'] } },
    },
    {
      name: 'dateTime',
      displayName: 'Date and Time',
      type: 'dateTime',
      default: '',
      description: 'When to continue (ISO 8601, e.g. 2030-01-31T09:00:00Z)',
      displayOptions: { show: { resume: ['specificTime'] } },
    },
  ],
  async execute(ctx, inputs) {
    const ms = waitMs(ctx);
    if (ms > inMemoryLimitMs) ctx.waitUntil(new Date(ctx.now() + ms));
    else if (ms > 0) await ctx.sleep(ms);
    return [pairEach(inputs[0] ?? [])];
  },
});
