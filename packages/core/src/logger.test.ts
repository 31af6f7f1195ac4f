import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED } from './logger.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe('createLogger', () => {
  it('writes JSON lines at the configured level', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ logLevel: 'warn' }, stream);
    logger.info('hidden');
    logger.warn({ executionId: 'e1' }, 'shown');
    expect(lines()).toEqual([expect.objectContaining({ msg: 'shown', executionId: 'e1', level: 40 })]);
  });

  it('redacts secrets at the top level, one level down and in request headers', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ logLevel: 'info' }, stream);
    logger.info(
      {
        password: 'hunter2',
        user: { email: 'a@b.c', apiKey: 'sk-123' },
        req: { headers: { authorization: 'Bearer abc', 'x-klikkflow-api-key': 'kf-1', accept: '*/*' } },
      },
      'login',
    );
    const [line] = lines();
    expect(line).toMatchObject({
      password: REDACTED,
      user: { email: 'a@b.c', apiKey: REDACTED },
      req: { headers: { authorization: REDACTED, 'x-klikkflow-api-key': REDACTED, accept: '*/*' } },
    });
    expect(JSON.stringify(line)).not.toMatch(/hunter2|sk-123|Bearer abc|kf-1/);
  });
});
