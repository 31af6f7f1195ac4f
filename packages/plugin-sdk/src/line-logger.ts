import type { NodeLogger } from './node-context.js';

/** A node logger that appends `[level] message {data}` lines to `lines` (what run data keeps as `logs`). */
export function createLineLogger(lines: string[]): NodeLogger {
  const log =
    (level: string) =>
    (message: string, data?: Record<string, unknown>): void => {
      lines.push(data ? `[${level}] ${message} ${JSON.stringify(data)}` : `[${level}] ${message}`);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
