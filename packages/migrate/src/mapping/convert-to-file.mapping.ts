import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { recordAt, warnIgnoredOptions } from './parameter-shapes.js';

const CONVERT = 'core.convertToFile';

/** The options of an operation that carry over unchanged, when set. */
function kept(options: Record<string, unknown>, names: string[]): NativeParameters {
  return Object.fromEntries(
    names.filter((name) => options[name] !== undefined).map((name) => [name, options[name]]),
  );
}

function convertToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const options = recordAt(parameters, 'options');
  const { binaryPropertyName } = parameters;
  switch (parameters.operation) {
    case 'csv':
    case 'xlsx': {
      const { fileName, delimiter, headerRow, sheetName, ...others } = options;
      warnIgnoredOptions(others, { compression: false }, context);
      const names =
        parameters.operation === 'csv'
          ? ['fileName', 'delimiter', 'headerRow']
          : ['fileName', 'headerRow', 'sheetName'];
      return {
        operation: parameters.operation,
        binaryPropertyName,
        options: kept({ fileName, delimiter, headerRow, sheetName }, names),
      };
    }
    case 'toJson': {
      const { fileName, format, ...others } = options;
      warnIgnoredOptions(others, { addBOM: false, encoding: 'utf8' }, context);
      return {
        operation: 'json',
        mode: parameters.mode,
        binaryPropertyName,
        options: { ...kept({ fileName }, ['fileName']), ...(format !== undefined && { pretty: format }) },
      };
    }
    case 'toText': {
      const { fileName, ...others } = options;
      warnIgnoredOptions(others, { addBOM: false, encoding: 'utf8' }, context);
      return {
        operation: 'text',
        sourceProperty: parameters.sourceProperty,
        binaryPropertyName,
        options: kept({ fileName }, ['fileName']),
      };
    }
    case 'toBinary':
      return unsupportedVariant(
        'it turns a base64 string into a file, which KlikkFlow’s Convert to File does not',
      );
    default:
      return unsupportedVariant(
        `it writes ${String(parameters.operation).toUpperCase()} files; KlikkFlow writes CSV, JSON, text and XLSX`,
      );
  }
}

/** n8n → KlikkFlow for Convert to File 1 and 1.1. */
export const convertToFileMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.convertToFile',
    minVersion: 1,
    maxVersion: 1.1,
    nativeType: CONVERT,
    defaults: { operation: 'csv', binaryPropertyName: 'data', sourceProperty: '', mode: 'once', options: {} },
    toNative: convertToNative,
  },
];

const n8nOperations: Record<string, string> = { csv: 'csv', xlsx: 'xlsx', json: 'toJson', text: 'toText' };

function convertToN8n(parameters: NativeParameters): N8nParameters {
  const { operation = 'csv', options, ...rest } = parameters;
  const { pretty, ...otherOptions } = recordAt(parameters, 'options');
  return {
    ...rest,
    operation: n8nOperations[String(operation)] ?? operation,
    options: { ...otherOptions, ...(pretty !== undefined && { format: pretty }) },
  };
}

/** KlikkFlow → n8n: Convert to File 1.1. */
export const convertToFileExport: ExportMapping = {
  nativeType: CONVERT,
  n8nType: 'n8n-nodes-base.convertToFile',
  typeVersion: 1.1,
  toN8n: convertToN8n,
};
