import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { recordAt, warnIgnoredOptions } from './parameter-shapes.js';

const EXTRACT = 'core.extractFromFile';

/** Spreadsheet reading options of n8n without a native equivalent, with their defaults. */
const ignoredSpreadsheetOptions = {
  encoding: 'utf-8',
  fromLine: 0,
  maxRowCount: -1,
  enableBOM: false,
  relaxQuotes: false,
  includeEmptyCells: false,
  range: '',
  rawData: false,
  readAsString: false,
};

/** The names of n8n's other formats, for the message of the ones KlikkFlow cannot read. */
const formatNames: Record<string, string> = {
  pdf: 'PDF',
  html: 'HTML',
  fromIcs: 'ICS',
  ods: 'ODS',
  rtf: 'RTF',
  xml: 'XML',
  xls: 'XLS',
  binaryToPropery: 'files into base64 text',
};

function spreadsheet(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const { delimiter, headerRow, sheetName, ...others } = recordAt(parameters, 'options');
  warnIgnoredOptions(others, ignoredSpreadsheetOptions, context);
  const csv = parameters.operation === 'csv';
  return {
    operation: parameters.operation,
    binaryPropertyName: parameters.binaryPropertyName,
    options: {
      ...(csv && delimiter !== undefined && { delimiter }),
      ...(headerRow !== undefined && { headerRow }),
      ...(!csv && sheetName !== undefined && { sheetName }),
    },
  };
}

function extractToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const { operation, binaryPropertyName } = parameters;
  switch (operation) {
    case 'csv':
    case 'xlsx':
      return spreadsheet(parameters, context);
    case 'text':
      warnIgnoredOptions(
        recordAt(parameters, 'options'),
        { encoding: 'utf8', stripBOM: true, keepSource: 'json' },
        context,
      );
      return { operation, binaryPropertyName, destinationKey: parameters.destinationKey };
    case 'fromJson':
      context.warn(
        'the JSON file becomes the item itself (one item per array element); n8n puts it under the "data" field',
      );
      return { operation: 'json', binaryPropertyName };
    default:
      return unsupportedVariant(
        `it reads ${formatNames[String(operation)] ?? String(operation)}; KlikkFlow reads CSV, JSON, text and XLSX files`,
      );
  }
}

/** n8n → KlikkFlow for Extract from File 1 and 1.1. */
export const extractFromFileMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.extractFromFile',
    minVersion: 1,
    maxVersion: 1.1,
    nativeType: EXTRACT,
    defaults: { operation: 'csv', binaryPropertyName: 'data', destinationKey: 'data', options: {} },
    toNative: extractToNative,
  },
];

/** KlikkFlow → n8n: Extract from File 1.1 (JSON is n8n's `fromJson`). */
export const extractFromFileExport: ExportMapping = {
  nativeType: EXTRACT,
  n8nType: 'n8n-nodes-base.extractFromFile',
  typeVersion: 1.1,
  toN8n: (parameters) => ({
    ...parameters,
    operation: parameters.operation === 'json' ? 'fromJson' : (parameters.operation ?? 'csv'),
    options: recordAt(parameters, 'options'),
  }),
};
