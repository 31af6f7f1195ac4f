import type { ExecutionEvent, RunData } from '@klikkflow/types';
import type { TextSink } from './cli-io.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CLEAR_LINE = '\r\x1b[2K';

/** Shows node progress on stderr while a workflow runs. */
export interface ProgressReporter {
  /** Feed engine events here (`ports.events`). */
  onEvent(event: ExecutionEvent): void;
  /** Prints a message on its own line without garbling the live line. */
  note(message: string): void;
  /** Stops the live line and prints what is left: the failed nodes' messages, found in the run data. */
  finish(runData: RunData): void;
}

function countItems(itemCounts: number[]): number {
  return itemCounts.reduce((sum, count) => sum + count, 0);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function formatMs(ms: number): string {
  return ms < 10 ? `${Math.round(ms * 10) / 10} ms` : `${Math.round(ms)} ms`;
}

/**
 * On a terminal: one line rewritten in place, with a spinner, the running node and the count of nodes done.
 * Elsewhere (pipes, CI logs): one plain line per finished node, `✓ Set (12 items, 3 ms)`, and for a failed
 * node `✗ HTTP: message`.
 */
export function createProgressReporter(stderr: TextSink, live: boolean): ProgressReporter {
  let frame = 0;
  let done = 0;
  let current = '';
  let startedAt: number | undefined;
  let summary = '';
  let timer: ReturnType<typeof setInterval> | undefined;
  const failed: { nodeId: string; nodeName: string; runIndex: number }[] = [];

  const draw = () => {
    const spinner = SPINNER[frame % SPINNER.length];
    stderr.write(`${CLEAR_LINE}${spinner} ${current} (${plural(done, 'node')} done)`);
  };

  return {
    onEvent(event) {
      if (event.type === 'executionStart') startedAt = event.at;
      else if (event.type === 'executionEnd' && event.status === 'success') {
        const took = startedAt === undefined ? '' : ` in ${formatMs(event.at - startedAt)}`;
        summary = `✓ ${plural(done, 'node')} ran${took}\n`;
      } else if (event.type === 'nodeStart') {
        current = event.nodeName;
        if (live) {
          timer ??= setInterval(() => {
            frame++;
            draw();
          }, 80);
          timer.unref();
          draw();
        }
      } else if (event.type === 'nodeEnd') {
        done++;
        if (event.status === 'error') {
          failed.push({ nodeId: event.nodeId, nodeName: event.nodeName, runIndex: event.runIndex });
        } else if (!live) {
          const items = plural(countItems(event.itemCounts), 'item');
          const mark = event.status === 'success' ? '✓' : '…';
          const status = event.status === 'success' ? '' : `${event.status}, `;
          stderr.write(`${mark} ${event.nodeName} (${status}${items}, ${formatMs(event.durationMs)})\n`);
        }
      }
    },
    note(message) {
      stderr.write(`${live ? CLEAR_LINE : ''}${message}\n`);
      if (live && current !== '') draw();
    },
    finish(runData) {
      if (timer) clearInterval(timer);
      if (live) stderr.write(`${current === '' ? '' : CLEAR_LINE}${summary}`);
      for (const { nodeId, nodeName, runIndex } of failed) {
        const run = runData[nodeId]?.find((candidate) => candidate.runIndex === runIndex);
        stderr.write(`✗ ${nodeName}: ${run?.error?.message ?? 'failed'}\n`);
      }
    },
  };
}
