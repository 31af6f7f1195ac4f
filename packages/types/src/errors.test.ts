import { describe, expect, it } from 'vitest';
import {
  AppError,
  deserializeError,
  errorCode,
  OperationalError,
  serializeError,
  UnexpectedError,
  UserError,
} from './errors.js';

describe('errors', () => {
  it('carries a stable code, an intent, details and a cause', () => {
    const cause = new OperationalError('NET_DOWN', 'network down');
    const error = new UserError('WF_INVALID', 'bad workflow', { details: { node: 'A' }, cause });
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'WF_INVALID',
      intent: 'user',
      details: { node: 'A' },
      name: 'UserError',
    });
    expect(new UnexpectedError('BUG', 'bug').intent).toBe('unexpected');
    expect(cause.intent).toBe('operational');
  });

  it('round-trips through data, so errors cross process and sandbox boundaries', () => {
    const error = new UserError('WF_INVALID', 'bad', {
      details: { a: 1 },
      cause: new OperationalError('X', 'inner'),
    });
    const data = JSON.parse(JSON.stringify(serializeError(error)));
    expect(data).toMatchObject({
      code: 'WF_INVALID',
      intent: 'user',
      details: { a: 1 },
      cause: { code: 'X', intent: 'operational' },
    });
    const back = deserializeError(data);
    expect(back).toMatchObject({ code: 'WF_INVALID', message: 'bad', intent: 'user', details: { a: 1 } });
    expect(errorCode(back.cause)).toBe('X');
  });

  it('serializes plain errors, error-shaped data and anything else', () => {
    expect(serializeError(new TypeError('boom'))).toMatchObject({
      code: 'UNEXPECTED_ERROR',
      message: 'boom',
    });
    expect(serializeError({ code: 'EXPR_ERROR', message: 'x' })).toEqual({
      code: 'EXPR_ERROR',
      message: 'x',
      intent: 'unexpected',
    });
    expect(serializeError({ code: 'EXPR_ERROR', message: 'x', intent: 'user' }).intent).toBe('user');
    expect(serializeError(42)).toEqual({ code: 'UNEXPECTED_ERROR', message: '42', intent: 'unexpected' });
    expect(serializeError(new AppError('A', 'a', 'user')).details).toBeUndefined();
  });

  it('reads codes from anything thrown', () => {
    expect(errorCode(new UserError('CODE_X', 'x'))).toBe('CODE_X');
    expect(errorCode({ code: 'PLAIN' })).toBe('PLAIN');
    expect(errorCode('nope')).toBe('UNEXPECTED_ERROR');
    expect(errorCode(null)).toBe('UNEXPECTED_ERROR');
  });

  it('stops serializing causes at a safe depth', () => {
    let error: Error = new Error('root');
    for (let i = 0; i < 10; i++) error = new UserError(`L${i}`, `level ${i}`, { cause: error });
    let depth = 0;
    for (let current = serializeError(error); current.cause; current = current.cause) depth++;
    expect(depth).toBe(5);
  });
});
