import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fifo } from './fifo.js';

describe('Fifo', () => {
  it('behaves like an array used as a queue (property)', () => {
    const op = fc.oneof(fc.integer(), fc.constant('shift' as const), fc.constant('drain' as const));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const fifo = new Fifo<number>();
        const model: number[] = [];
        for (const step of ops) {
          if (step === 'shift') expect(fifo.shift()).toBe(model.shift());
          else if (step === 'drain') expect(fifo.drain()).toEqual(model.splice(0));
          else {
            fifo.push(step);
            model.push(step);
          }
          expect(fifo.size).toBe(model.length);
        }
      }),
    );
  });
});
