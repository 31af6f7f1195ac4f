import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { recordAt, warnIgnoredOptions } from './parameter-shapes.js';

const WAIT = 'core.wait';

/** Settings of n8n's resume webhook that KlikkFlow's `/webhook-waiting/<id>` has no equivalent of. */
const resumeWebhookSettings = {
  httpMethod: 'GET',
  incomingAuthentication: 'none',
  responseMode: 'onReceived',
  responseCode: 200,
};

/** A resume webhook's time limit: n8n keeps it in `resumeAmount`/`resumeUnit`, the native node in amount/unit. */
function webhookLimit(parameters: N8nParameters): NativeParameters {
  if (parameters.limitWaitTime !== true) return { limitWaitTime: false };
  if (parameters.limitType === 'atSpecifiedTime') {
    return unsupportedVariant(
      'its resume webhook waits until a set date, which KlikkFlow can only do as a duration',
    );
  }
  return {
    limitWaitTime: true,
    amount: parameters.resumeAmount ?? 1,
    unit: parameters.resumeUnit ?? 'hours',
  };
}

function waitToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const { resume } = parameters;
  switch (resume) {
    case 'timeInterval':
      return { resume, amount: parameters.amount, unit: parameters.unit };
    case 'specificTime':
      return { resume, dateTime: parameters.dateTime };
    case 'webhook':
      warnIgnoredOptions(parameters, resumeWebhookSettings, context);
      warnIgnoredOptions(
        recordAt(parameters, 'options'),
        { webhookSuffix: '', ipWhitelist: '', ignoreBots: false },
        context,
      );
      return { resume, ...webhookLimit(parameters) };
    case 'form':
      return unsupportedVariant('it resumes when a form is submitted; KlikkFlow has no forms');
    default:
      return unsupportedVariant(`it resumes on "${String(resume)}", which KlikkFlow does not know`);
  }
}

const mapping = (minVersion: number, maxVersion: number, amount: number, unit: string): NodeMapping => ({
  n8nType: 'n8n-nodes-base.wait',
  minVersion,
  maxVersion,
  nativeType: WAIT,
  defaults: { resume: 'timeInterval', amount, unit },
  toNative: waitToNative,
});

/** n8n → KlikkFlow for Wait: v1 waits 1 hour by default, v1.1 5 seconds. */
export const waitMappings: NodeMapping[] = [mapping(1, 1, 1, 'hours'), mapping(1.1, 1.1, 5, 'seconds')];

/** Native → Wait 1.1, always with an explicit amount and unit (their defaults differ between the two). */
function waitToN8n(parameters: NativeParameters): N8nParameters {
  const { resume = 'timeInterval', amount = 1, unit = 'hours', dateTime, limitWaitTime } = parameters;
  if (resume === 'specificTime') return { resume, dateTime };
  if (resume !== 'webhook') return { resume, amount, unit };
  return limitWaitTime === true
    ? { resume, limitWaitTime: true, limitType: 'afterTimeInterval', resumeAmount: amount, resumeUnit: unit }
    : { resume };
}

/** KlikkFlow → n8n: Wait 1.1. */
export const waitExport: ExportMapping = {
  nativeType: WAIT,
  n8nType: 'n8n-nodes-base.wait',
  typeVersion: 1.1,
  toN8n: waitToN8n,
};
