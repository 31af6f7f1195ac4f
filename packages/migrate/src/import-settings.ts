import type { WorkflowSettings } from '@klikkflow/types';
import type { N8nSettings } from './n8n-file.schema.js';

/** Native settings and what could not be carried over. */
export interface ImportedSettings {
  settings: WorkflowSettings;
  warnings: string[];
}

function isSet(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value !== 'DEFAULT';
}

function saveExecutions(settings: N8nSettings): WorkflowSettings['saveExecutions'] {
  const success = settings.saveDataSuccessExecution;
  const error = settings.saveDataErrorExecution;
  if (success === 'none') return error === 'none' ? 'none' : 'errors';
  if (success === 'all' && error !== 'none') return 'all';
  return undefined;
}

/**
 * Maps n8n's `settings`. A file without `executionOrder` runs in n8n's legacy breadth-first order (v0), as
 * n8n itself runs it; `'DEFAULT'` values fall back to KlikkFlow's defaults.
 */
export function importSettings(source: N8nSettings | null | undefined): ImportedSettings {
  const settings: WorkflowSettings = {
    executionOrder: source?.executionOrder === 'v1' ? 'v1' : 'v0',
    timezone: 'UTC',
  };
  const warnings: string[] = [];
  if (!source) return { settings, warnings };
  if (isSet(source.timezone)) settings.timezone = source.timezone;
  if (isSet(source.errorWorkflow)) settings.errorWorkflow = source.errorWorkflow;
  const timeout = source.executionTimeout;
  if (typeof timeout === 'number' && timeout > 0) settings.executionTimeout = Math.ceil(timeout);
  const save = saveExecutions(source);
  if (save) settings.saveExecutions = save;
  const policy = source.callerPolicy;
  if (policy === 'none') settings.callerPolicy = 'none';
  else if (policy === 'any') settings.callerPolicy = 'any';
  else if (isSet(policy)) {
    settings.callerPolicy = 'any';
    warnings.push(`caller policy "${policy}" is not supported; any workflow may call this one`);
  }
  if (source.saveDataErrorExecution === 'none' && source.saveDataSuccessExecution !== 'none') {
    warnings.push('"save failed executions: none" with successful ones saved has no KlikkFlow equivalent');
  }
  return { settings, warnings };
}
