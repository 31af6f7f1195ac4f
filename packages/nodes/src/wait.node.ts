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

/** The latest time a `Date` can hold: a resume webhook without a time limit waits "forever". */
const FOREVER_MS = 8_640_000_000_000_000;

/** Milliseconds from now until the wait ends (negative when a specific time has passed). */
function waitMs(ctx: NodeExecutionContext): number {
  const resume = ctx.getParameter<string>('resume', 0);
  if (resume === 'webhook' && ctx.getParameter<boolean>('limitWaitTime', 0) !== true) {
    return FOREVER_MS - ctx.now();
  }
  if (resume === 'timeInterval' || resume === 'webhook') {
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
  throw invalidParameter(
    `"resume" must be timeInterval, specificTime or webhook, not ${JSON.stringify(resume)}`,
  );
}

/**
 * Wait: pauses the execution for a time, until a date, or until its resume webhook is called (the
 * server's `/webhook-waiting/<execution id>`, whose request becomes the node's output), then goes on.
 */
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
        {
          name: 'On Webhook Call',
          value: 'webhook',
          description: 'When /webhook-waiting/<execution id> is called; its request becomes the output',
        },
      ],
    },
    {
      name: 'limitWaitTime',
      displayName: 'Limit Wait Time',
      type: 'boolean',
      default: false,
      description: 'Continue anyway after the time below if the webhook is not called',
      displayOptions: { show: { resume: ['webhook'] } },
    },
    {
      name: 'amount',
      displayName: 'Wait Amount',
      type: 'number',
      default: 1,
      description: 'How long to wait, in the unit below',
      typeOptions: { minValue: 0 },
      displayOptions: { show: { resume: ['timeInterval', 'webhook'] } },
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
      displayOptions: { show: { resume: ['timeInterval', 'webhook'] } },
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
    // A resume webhook always parks: the call may come at any time, also after a restart.
    const parks = ms > inMemoryLimitMs || ctx.getParameter<string>('resume', 0) === 'webhook';
    if (parks) ctx.waitUntil(new Date(ctx.now() + ms));
    else if (ms > 0) await ctx.sleep(ms);
    return [pairEach(inputs[0] ?? [])];
  },
});
