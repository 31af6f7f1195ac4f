import type { ExecutionEvent, NodeRun } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { createProgressReporter } from './progress.reporter.js';

const base = { executionId: 'e1', at: 0 };

function nodeEnd(
  nodeName: string,
  status: 'success' | 'error' | 'waiting',
  itemCounts: number[],
): ExecutionEvent {
  return {
    ...base,
    type: 'nodeEnd',
    nodeId: nodeName,
    nodeName,
    runIndex: 0,
    status,
    itemCounts,
    durationMs: 2.34,
  };
}

function failedRun(message: string): NodeRun {
  return {
    runIndex: 0,
    status: 'error',
    startedAt: 0,
    durationMs: 1,
    source: [],
    inputs: [],
    outputs: null,
    error: { code: 'NODE_X', message, intent: 'user' },
  };
}

describe('createProgressReporter', () => {
  it('writes plain lines: items summed over outputs, other statuses named, failures with their message', () => {
    let out = '';
    const reporter = createProgressReporter({ write: (text: string) => (out += text) }, false);
    reporter.onEvent(nodeEnd('If', 'success', [2, 1]));
    reporter.onEvent(nodeEnd('Wait', 'waiting', [0]));
    reporter.onEvent(nodeEnd('HTTP', 'error', []));
    reporter.finish({ HTTP: [failedRun('connection refused')] });
    expect(out).toBe(
      '✓ If (3 items, 2.3 ms)\n… Wait (waiting, 0 items, 2.3 ms)\n✗ HTTP: connection refused\n',
    );
  });

  it('keeps notes on their own line on a terminal and redraws the live line after them', () => {
    let out = '';
    const reporter = createProgressReporter({ write: (text: string) => (out += text) }, true);
    reporter.onEvent({ ...base, type: 'nodeStart', nodeId: 'w', nodeName: 'Wait', runIndex: 0 });
    reporter.note('… waiting until later');
    reporter.finish({});
    expect(out).toBe(
      '\r\x1b[2K⠋ Wait (0 nodes done)\r\x1b[2K… waiting until later\n\r\x1b[2K⠋ Wait (0 nodes done)\r\x1b[2K',
    );
  });
});
