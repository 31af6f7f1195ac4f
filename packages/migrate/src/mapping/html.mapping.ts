import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { listEntries, recordAt, warnIgnoredOptions, wrapList } from './parameter-shapes.js';

const HTML = 'core.html';

/** One extraction as the native node lists it (n8n's defaults: text, not as a list). */
function extraction(entry: Record<string, unknown>, context: MappingContext): NativeParameters {
  if (entry.skipSelectors) {
    context.warn(
      `extraction "${String(entry.key)}": skipping selectors (${JSON.stringify(entry.skipSelectors)}) is not supported`,
    );
  }
  return {
    key: entry.key,
    cssSelector: entry.cssSelector,
    returnValue: entry.returnValue ?? 'text',
    ...(entry.returnValue === 'attribute' && { attribute: entry.attribute }),
    returnArray: entry.returnArray === true,
  };
}

function extractToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const extractions = listEntries(parameters.extractionValues).map((entry) => extraction(entry, context));
  if (context.typeVersion >= 1.2 && extractions.some((entry) => entry.returnValue === 'text')) {
    context.warn(
      "text is the element's text content; n8n 1.2 lays text out with html-to-text (line breaks, upper-case headings, link targets)",
    );
  }
  // n8n trims and cleans up only when those options are switched on; the native node does both by default.
  const options = recordAt(parameters, 'options');
  return {
    operation: 'extractHtmlContent',
    sourceData: parameters.sourceData,
    dataPropertyName: parameters.dataPropertyName,
    extractionValues: extractions,
    options: { trimValues: options.trimValues === true, cleanUpText: options.cleanUpText === true },
  };
}

function tableToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const { capitalize, customStyling, caption, ...others } = recordAt(parameters, 'options');
  warnIgnoredOptions(
    others,
    { tableAttributes: '', headerAttributes: '', rowAttributes: '', cellAttributes: '' },
    context,
  );
  return {
    operation: 'convertToHtmlTable',
    options: {
      ...(capitalize !== undefined && { capitalize }),
      ...(customStyling !== undefined && { customStyling }),
      ...(caption !== undefined && { caption }),
    },
  };
}

function htmlToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  switch (parameters.operation) {
    case 'extractHtmlContent':
      return extractToNative(parameters, context);
    case 'convertToHtmlTable':
      return tableToNative(parameters, context);
    default:
      return unsupportedVariant(
        "it renders an HTML template; KlikkFlow's HTML node has no template operation",
      );
  }
}

/** n8n → KlikkFlow for HTML 1 to 1.2 (whose default operation, a template, has no native equivalent). */
export const htmlMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.html',
    minVersion: 1,
    maxVersion: 1.2,
    nativeType: HTML,
    defaults: {
      operation: 'generateHtmlTemplate',
      sourceData: 'json',
      dataPropertyName: 'data',
      options: {},
    },
    toNative: htmlToNative,
  },
];

function htmlToN8n(parameters: NativeParameters): N8nParameters {
  const options = recordAt(parameters, 'options');
  if (parameters.operation === 'convertToHtmlTable') return parameters;
  return {
    ...parameters,
    operation: parameters.operation ?? 'extractHtmlContent',
    extractionValues: wrapList(parameters.extractionValues ?? [], 'values'),
    // Absent means "off" in n8n but "on" natively.
    options: { ...options, trimValues: options.trimValues ?? true, cleanUpText: options.cleanUpText ?? true },
  };
}

/** KlikkFlow → n8n: HTML 1.2, with the operation always written (n8n's default is the template). */
export const htmlExport: ExportMapping = {
  nativeType: HTML,
  n8nType: 'n8n-nodes-base.html',
  typeVersion: 1.2,
  toN8n: htmlToN8n,
};
