import { runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { stopAndErrorNode } from './stop-and-error.node.js';

describe('core.stopAndError', () => {
  it('throws NODE_STOPPED with the message', async () => {
    const error = await runNodeExpectingError(stopAndErrorNode, {
      parameters: { errorMessage: 'Order is invalid' },
    });
    expect(error).toMatchObject({ code: 'NODE_STOPPED', message: 'Order is invalid', intent: 'user' });
  });

  it('uses a default message when none is given', async () => {
    expect((await runNodeExpectingError(stopAndErrorNode)).message).toBe('Workflow stopped');
  });

  it('throws an error object (text or object) with its fields as details', async () => {
    const text = await runNodeExpectingError(stopAndErrorNode, {
      parameters: { errorType: 'errorObject', errorObject: '{"code": 404, "message": "Not found"}' },
    });
    expect(text).toMatchObject({
      code: 'NODE_STOPPED',
      message: 'Not found',
      details: { errorObject: { code: 404, message: 'Not found' } },
    });
    const object = await runNodeExpectingError(stopAndErrorNode, {
      parameters: { errorType: 'errorObject', errorObject: { description: 'Bad input' } },
    });
    expect(object.message).toBe('Bad input');
    const bare = await runNodeExpectingError(stopAndErrorNode, {
      parameters: { errorType: 'errorObject', errorObject: { code: 1 } },
    });
    expect(bare.message).toBe('{"code":1}');
  });

  it('fails with NODE_PARAMETER_INVALID on a bad error object or type', async () => {
    const json = await runNodeExpectingError(stopAndErrorNode, {
      parameters: { errorType: 'errorObject', errorObject: '{' },
    });
    expect(json.code).toBe('NODE_PARAMETER_INVALID');
    const array = await runNodeExpectingError(stopAndErrorNode, {
      parameters: { errorType: 'errorObject', errorObject: [1] },
    });
    expect(array.message).toBe('"Error Object" must be a JSON object');
    expect((await runNodeExpectingError(stopAndErrorNode, { parameters: { errorType: 'x' } })).code).toBe(
      'NODE_PARAMETER_INVALID',
    );
  });
});
