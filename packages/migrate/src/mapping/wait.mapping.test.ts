import { waitNode } from '@klikkflow/nodes';
import { runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { UnsupportedVariantError } from './node-mapping.types.js';
import { waitExport, waitMappings } from './wait.mapping.js';

const now = Date.parse('2024-05-01T10:00:00Z');
const HOUR = 3_600_000;

/** Maps a Wait node and runs it: how long it slept in memory, or until when it parked the execution. */
async function waitOf(version: number, parameters: Record<string, unknown>) {
  const mapped = mapN8nNode(waitMappings, 'n8n-nodes-base.wait', version, parameters);
  const result = await runNode(waitNode, { parameters: mapped.parameters, items: [{ a: 1 }], now });
  return { slept: result.slept, parkedFor: result.waitUntil && result.waitUntil.getTime() - now, mapped };
}

describe('Wait', () => {
  it('v1.1 waits 5 seconds by default and keeps the saved amount in seconds', async () => {
    expect((await waitOf(1.1, {})).slept).toBe(5_000);
    expect((await waitOf(1.1, { amount: 30 })).slept).toBe(30_000);
    expect((await waitOf(1.1, { amount: 2, unit: 'minutes' })).parkedFor).toBe(120_000);
  });

  it('v1 waits in hours by default', async () => {
    expect((await waitOf(1, { amount: 2 })).parkedFor).toBe(2 * HOUR);
    expect((await waitOf(1, { unit: 'seconds' })).slept).toBe(1_000);
  });

  it('waits until a date, or for the resume webhook with or without a time limit', async () => {
    expect((await waitOf(1.1, { resume: 'specificTime', dateTime: '2024-05-02T10:00:00Z' })).parkedFor).toBe(
      24 * HOUR,
    );
    const limited = await waitOf(1.1, {
      resume: 'webhook',
      limitWaitTime: true,
      resumeAmount: 10,
      resumeUnit: 'minutes',
    });
    expect(limited.parkedFor).toBe(600_000);
    expect((await waitOf(1, { resume: 'webhook', limitWaitTime: true })).parkedFor).toBe(HOUR);
    expect((await waitOf(1.1, { resume: 'webhook' })).parkedFor).toBeGreaterThan(1000 * 365 * 24 * HOUR);
  });

  it('refuses form resumes and date limits, and warns about resume webhook settings it drops', async () => {
    expect(() => mapN8nNode(waitMappings, 'n8n-nodes-base.wait', 1.1, { resume: 'form' })).toThrow(
      UnsupportedVariantError,
    );
    expect(() =>
      mapN8nNode(waitMappings, 'n8n-nodes-base.wait', 1.1, {
        resume: 'webhook',
        limitWaitTime: true,
        limitType: 'atSpecifiedTime',
        maxDateAndTime: '2024-06-01',
      }),
    ).toThrow(UnsupportedVariantError);
    const { mapped } = await waitOf(1.1, {
      resume: 'webhook',
      incomingAuthentication: 'basicAuth',
      options: { webhookSuffix: 'done' },
    });
    expect(mapped.warnings).toEqual([
      'option "incomingAuthentication" ("basicAuth") has no KlikkFlow equivalent and is ignored',
      'option "webhookSuffix" ("done") has no KlikkFlow equivalent and is ignored',
    ]);
  });

  it('exports as 1.1 with explicit amount and unit (their defaults differ by version)', () => {
    const native = mapN8nNode(waitMappings, 'n8n-nodes-base.wait', 1, { amount: 3 }).parameters;
    expect(exportNativeNode([waitExport], 'core.wait', native)).toEqual({
      n8nType: 'n8n-nodes-base.wait',
      typeVersion: 1.1,
      parameters: { resume: 'timeInterval', amount: 3, unit: 'hours' },
    });
    const webhook = {
      resume: 'webhook',
      limitWaitTime: true,
      limitType: 'afterTimeInterval',
      resumeAmount: 2,
      resumeUnit: 'days',
    };
    const back = exportNativeNode(
      [waitExport],
      'core.wait',
      mapN8nNode(waitMappings, 'n8n-nodes-base.wait', 1.1, webhook).parameters,
    );
    expect(back.parameters).toEqual(webhook);
  });
});
