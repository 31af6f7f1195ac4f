import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { recordAt, warnIgnoredOptions } from './parameter-shapes.js';

const READ_WRITE = 'core.readWriteFile';

/**
 * True when a file selector is a glob pattern (n8n reads every matching file; KlikkFlow reads one path).
 * Expression segments (`{{ … }}`) are not looked at; brackets count only when n8n does not read them literally.
 */
function isPattern(selector: unknown, literalBrackets: boolean): boolean {
  const text = String(selector ?? '').replace(/\{\{[\s\S]*?\}\}/g, '');
  return /[*?]|\{[^{}]*,[^{}]*\}/.test(text) || (!literalBrackets && /\[[^\]]*\]/.test(text));
}

function readToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const { fileName, mimeType, dataPropertyName, literalBrackets, ...others } = recordAt(
    parameters,
    'options',
  );
  if (isPattern(parameters.fileSelector, literalBrackets !== false)) {
    unsupportedVariant('it reads every file matching a pattern; KlikkFlow reads one file per item');
  }
  warnIgnoredOptions(others, { fileExtension: '' }, context);
  return {
    operation: 'read',
    fileSelector: parameters.fileSelector,
    binaryPropertyName: dataPropertyName ?? 'data',
    options: { ...(fileName !== undefined && { fileName }), ...(mimeType !== undefined && { mimeType }) },
  };
}

function readWriteToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  if (parameters.operation !== 'write') return readToNative(parameters, context);
  const { append } = recordAt(parameters, 'options');
  return {
    operation: 'write',
    fileName: parameters.fileName,
    binaryPropertyName: parameters.dataPropertyName,
    options: { ...(append !== undefined && { append }) },
  };
}

/** n8n → KlikkFlow for Read/Write Files from Disk 1 and 1.1. */
export const readWriteFileMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.readWriteFile',
    minVersion: 1,
    maxVersion: 1.1,
    nativeType: READ_WRITE,
    defaults: { operation: 'read', fileSelector: '', fileName: '', dataPropertyName: 'data', options: {} },
    toNative: readWriteToNative,
  },
];

function readWriteToN8n(parameters: NativeParameters): N8nParameters {
  const { operation = 'read', binaryPropertyName = 'data', fileSelector, fileName } = parameters;
  const options = recordAt(parameters, 'options');
  if (operation === 'write') {
    return {
      operation,
      fileName,
      dataPropertyName: binaryPropertyName,
      options: { ...(options.append !== undefined && { append: options.append }) },
    };
  }
  const { append, ...readOptions } = options;
  return {
    operation,
    fileSelector,
    options: {
      ...readOptions,
      ...(binaryPropertyName !== 'data' && { dataPropertyName: binaryPropertyName }),
    },
  };
}

/** KlikkFlow → n8n: Read/Write Files from Disk 1.1. */
export const readWriteFileExport: ExportMapping = {
  nativeType: READ_WRITE,
  n8nType: 'n8n-nodes-base.readWriteFile',
  typeVersion: 1.1,
  toN8n: readWriteToN8n,
};
