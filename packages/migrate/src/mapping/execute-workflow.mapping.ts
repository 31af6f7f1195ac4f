import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { isExpression, isRecord, jsonFieldOf, listEntries, recordAt, wrapList } from './parameter-shapes.js';

const EXECUTE = 'core.executeWorkflow';
const TRIGGER = 'core.executeWorkflowTrigger';

/**
 * The called workflow's id as n8n saved it (kept as given: the importer re-binds n8n ids). A resource locator
 * in "By URL" mode is narrowed to the id at the end of its `/workflow/<id>` URL.
 */
function workflowId(value: unknown): unknown {
  if (!isRecord(value) || value.mode !== 'url' || typeof value.value !== 'string') return value;
  const id = /\/workflow\/([^/?#]+)/.exec(value.value)?.[1];
  return id ? { ...value, mode: 'id', value: id } : value;
}

/**
 * n8n 1.2+ merge "Workflow Inputs" into each item before the call. KlikkFlow passes the items as they are, so
 * only mappings that copy a field onto itself (`data: {{ $json.data }}`) carry over.
 */
function checkWorkflowInputs(inputs: unknown, context: MappingContext): void {
  if (!isRecord(inputs)) return;
  const values = recordAt(inputs, 'value');
  const changed = Object.entries(values).filter(([field, value]) => jsonFieldOf(value) !== field);
  if (changed.length > 0) {
    unsupportedVariant(
      `it sets workflow inputs (${changed.map(([field]) => field).join(', ')}) for the sub-workflow, which KlikkFlow's Execute Workflow does not`,
    );
  }
  const removed = listEntries(inputs.schema).filter((field) => field.removed === true);
  if (removed.length > 0) {
    context.warn(
      `fields removed from the workflow inputs (${removed.map((field) => field.displayName ?? field.id).join(', ')}) are still sent`,
    );
  }
}

function executeToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const { source } = parameters;
  if (source !== 'database' && source !== 'parameter') {
    unsupportedVariant(
      `it loads the workflow from ${source === 'url' ? 'a URL' : 'a local file'}; KlikkFlow runs saved or inline workflows`,
    );
  }
  checkWorkflowInputs(parameters.workflowInputs, context);
  return {
    source,
    ...(source === 'database'
      ? { workflowId: workflowId(parameters.workflowId) }
      : { workflowJson: parameters.workflowJson }),
    mode: parameters.mode,
    options: { waitForSubWorkflow: recordAt(parameters, 'options').waitForSubWorkflow ?? true },
  };
}

/** The type of a JSON example value as a workflow input type. */
function exampleType(value: unknown): string {
  if (value === null) return 'any';
  if (Array.isArray(value)) return 'array';
  return ['string', 'number', 'boolean', 'object'].includes(typeof value) ? typeof value : 'any';
}

/** Workflow inputs inferred from n8n's JSON example, as n8n does (null allows any type). */
function inputsFromExample(example: unknown): NativeParameters[] {
  if (isExpression(example)) unsupportedVariant('its input schema is a JSON expression');
  let parsed: unknown = example;
  try {
    if (typeof example === 'string') parsed = JSON.parse(example);
  } catch {
    return unsupportedVariant('its JSON example is not valid JSON');
  }
  if (!isRecord(parsed)) return unsupportedVariant('its JSON example is not an object');
  return Object.entries(parsed).map(([name, value]) => ({ name, type: exampleType(value) }));
}

function triggerToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  if (parameters.returnOutput === 'allRuns') {
    context.warn('the caller gets the items of the last node’s last run only, not of every run');
  }
  switch (parameters.inputSource) {
    case 'passthrough':
      return { inputSource: 'passthrough' };
    case 'jsonExample':
      return { inputSource: 'workflowInputs', workflowInputs: inputsFromExample(parameters.jsonExample) };
    default:
      return {
        inputSource: 'workflowInputs',
        workflowInputs: listEntries(parameters.workflowInputs).map(({ name, type }) => ({
          name,
          type: type ?? 'string',
        })),
      };
  }
}

const jsonExampleDefault = JSON.stringify(
  { aField: 'a string', aNumber: 123, thisFieldAcceptsAnyType: null, anArray: [] },
  null,
  2,
);

/** n8n → KlikkFlow for Execute Workflow (1–1.4) and its trigger (1–1.2). */
export const executeWorkflowMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.executeWorkflow',
    minVersion: 1,
    maxVersion: 1.4,
    nativeType: EXECUTE,
    defaults: { source: 'database', workflowId: '', workflowJson: '\n\n\n', mode: 'once', options: {} },
    toNative: executeToNative,
  },
  {
    // v1 has no input schema: it passes everything through.
    n8nType: 'n8n-nodes-base.executeWorkflowTrigger',
    minVersion: 1,
    maxVersion: 1,
    nativeType: TRIGGER,
    toNative: () => ({ inputSource: 'passthrough' }),
  },
  {
    n8nType: 'n8n-nodes-base.executeWorkflowTrigger',
    minVersion: 1.1,
    maxVersion: 1.2,
    nativeType: TRIGGER,
    defaults: { inputSource: 'workflowInputs', jsonExample: jsonExampleDefault },
    toNative: triggerToNative,
  },
];

function executeToN8n(parameters: NativeParameters): N8nParameters {
  const { workflowId: id, ...rest } = parameters;
  if (rest.source === 'parameter') return rest;
  return { ...rest, workflowId: isRecord(id) ? id : { __rl: true, mode: 'id', value: id ?? '' } };
}

/** KlikkFlow → n8n: Execute Workflow 1.4 (workflow id as a resource locator) and its trigger 1.2. */
export const executeWorkflowExports: ExportMapping[] = [
  { nativeType: EXECUTE, n8nType: 'n8n-nodes-base.executeWorkflow', typeVersion: 1.4, toN8n: executeToN8n },
  {
    nativeType: TRIGGER,
    n8nType: 'n8n-nodes-base.executeWorkflowTrigger',
    typeVersion: 1.2,
    toN8n: (parameters) =>
      parameters.inputSource === 'workflowInputs'
        ? {
            inputSource: 'workflowInputs',
            workflowInputs: wrapList(parameters.workflowInputs ?? [], 'values'),
          }
        : { inputSource: 'passthrough' },
  },
];
