import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { recordAt, wrapList } from './parameter-shapes.js';

const RESPOND = 'core.respondToWebhook';

/** n8n's default JSON response body (every version). */
const defaultJsonBody = '{\n  "myField": "value"\n}';

function warnSecondOutput(parameters: N8nParameters, context: MappingContext): void {
  // 1.3 always has a second output with the response it sent; 1.4+ when enableResponseOutput is on.
  if (
    context.typeVersion === 1.3 ||
    (context.typeVersion >= 1.4 && parameters.enableResponseOutput === true)
  ) {
    context.warn('the output with the sent response is not available; only the input items are passed on');
  }
}

function respondToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const { respondWith } = parameters;
  if (respondWith === 'jwt') unsupportedVariant('it responds with a signed JWT, which KlikkFlow does not');
  warnSecondOutput(parameters, context);
  const { responseCode, responseHeaders, responseKey } = recordAt(parameters, 'options');
  if (typeof responseKey === 'string' && /[.[]/.test(responseKey)) {
    context.warn(
      `"Put Response in Field" ${JSON.stringify(responseKey)} is one field name, not a path as in n8n`,
    );
  }
  const body =
    respondWith === 'json' || respondWith === 'text'
      ? { responseBody: parameters.responseBody ?? (respondWith === 'json' ? defaultJsonBody : '') }
      : {};
  return {
    respondWith,
    ...body,
    ...(respondWith === 'redirect' && { redirectURL: parameters.redirectURL }),
    ...(respondWith === 'binary' && {
      responseDataSource: parameters.responseDataSource === 'set' ? 'set' : 'automatic',
      inputFieldName: parameters.inputFieldName,
    }),
    options: {
      ...(responseCode !== undefined && { responseCode }),
      ...(responseHeaders !== undefined && { responseHeaders }),
      ...(responseKey !== undefined && { responseKey }),
    },
  };
}

/** n8n → KlikkFlow for Respond to Webhook, v1 to 1.5. */
export const respondToWebhookMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.respondToWebhook',
    minVersion: 1,
    maxVersion: 1.5,
    nativeType: RESPOND,
    defaults: {
      respondWith: 'firstIncomingItem',
      responseDataSource: 'automatically',
      inputFieldName: 'data',
    },
    toNative: respondToNative,
  },
];

function respondToN8n(parameters: NativeParameters): N8nParameters {
  const options = recordAt(parameters, 'options');
  return {
    ...parameters,
    ...(parameters.responseDataSource !== undefined && {
      responseDataSource: parameters.responseDataSource === 'set' ? 'set' : 'automatically',
    }),
    options: {
      ...options,
      ...(options.responseHeaders !== undefined && {
        responseHeaders: wrapList(options.responseHeaders, 'entries'),
      }),
    },
  };
}

/** KlikkFlow → n8n: Respond to Webhook 1.5 (without its optional response output). */
export const respondToWebhookExport: ExportMapping = {
  nativeType: RESPOND,
  n8nType: 'n8n-nodes-base.respondToWebhook',
  typeVersion: 1.5,
  toN8n: respondToN8n,
};
