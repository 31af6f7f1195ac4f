import { defineNode } from '@klikkflow/plugin-sdk';
import { UserError } from '@klikkflow/types';
import { invalidParameter } from './shared/parameter-error.js';

function errorObject(value: unknown): Record<string, unknown> {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw invalidParameter(`"Error Object" is not valid JSON: ${(error as Error).message}`, {
        parameter: 'errorObject',
      });
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidParameter('"Error Object" must be a JSON object', { parameter: 'errorObject' });
  }
  return parsed as Record<string, unknown>;
}

function messageOf(object: Record<string, unknown>): string {
  for (const key of ['message', 'description', 'error']) {
    if (typeof object[key] === 'string' && object[key] !== '') return object[key];
  }
  return JSON.stringify(object);
}

/** Stop and Error: fails the execution on purpose with a message or an error object. */
export const stopAndErrorNode = defineNode({
  type: 'core.stopAndError',
  version: 1,
  displayName: 'Stop and Error',
  description: 'Stops the workflow with an error',
  group: 'utility',
  inputs: [{ kind: 'main' }],
  outputs: [],
  properties: [
    {
      name: 'errorType',
      displayName: 'Error Type',
      type: 'options',
      default: 'errorMessage',
      description: 'Throw a message, or a JSON object whose fields become the error details',
      options: [
        { name: 'Error Message', value: 'errorMessage' },
        { name: 'Error Object', value: 'errorObject' },
      ],
    },
    {
      name: 'errorMessage',
      displayName: 'Error Message',
      type: 'string',
      default: '',
      description: 'The message of the error',
      displayOptions: { show: { errorType: ['errorMessage'] } },
    },
    {
      name: 'errorObject',
      displayName: 'Error Object',
      type: 'json',
      default: '{\n  "code": "404",\n  "message": "Not found"\n}',
      description: 'JSON object of the error; its "message" becomes the error message',
      displayOptions: { show: { errorType: ['errorObject'] } },
    },
  ],
  async execute(ctx) {
    const type = ctx.getParameter<string>('errorType', 0);
    if (type === 'errorObject') {
      const object = errorObject(ctx.getParameter('errorObject', 0));
      throw new UserError('NODE_STOPPED', messageOf(object), { details: { errorObject: object } });
    }
    if (type !== 'errorMessage') throw invalidParameter(`unknown error type ${JSON.stringify(type)}`);
    const message = ctx.getParameter<unknown>('errorMessage', 0);
    throw new UserError(
      'NODE_STOPPED',
      typeof message === 'string' && message !== '' ? message : 'Workflow stopped',
    );
  },
});
