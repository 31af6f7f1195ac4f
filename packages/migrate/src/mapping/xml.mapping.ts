import type {
  ExportMapping,
  MappingContext,
  N8nParameters,
  NativeParameters,
  NodeMapping,
} from './node-mapping.types.js';
import { recordAt, warnIgnoredOptions } from './parameter-shapes.js';

const XML = 'core.xml';

/** xml2js's default root name: with it, a single top-level key becomes the root, as the native blank does. */
const XML2JS_ROOT = 'root';

function xmlToJsonOptions(options: Record<string, unknown>, context: MappingContext): NativeParameters {
  const { attrkey, charkey, explicitArray, explicitRoot, ignoreAttrs, mergeAttrs, trim, ...others } = options;
  warnIgnoredOptions(others, { normalize: false, normalizeTags: false }, context);
  return {
    ...(attrkey !== undefined && { attrkey }),
    ...(charkey !== undefined && { charkey }),
    ...(explicitArray !== undefined && { explicitArray }),
    ...(explicitRoot !== undefined && { explicitRoot }),
    ...(ignoreAttrs !== undefined && { ignoreAttributes: ignoreAttrs }),
    // n8n merges attributes into their element unless told not to.
    mergeAttrs: mergeAttrs ?? true,
    ...(trim !== undefined && { trim }),
  };
}

function jsonToXmlOptions(options: Record<string, unknown>, context: MappingContext): NativeParameters {
  const { attrkey, charkey, cdata, headless, rootName, ...others } = options;
  warnIgnoredOptions(others, { allowSurrogateChars: false }, context);
  return {
    ...(attrkey !== undefined && { attrkey }),
    ...(charkey !== undefined && { charkey }),
    ...(cdata !== undefined && { cdata }),
    ...(headless !== undefined && { headless }),
    ...(rootName !== undefined && rootName !== XML2JS_ROOT && { rootName }),
  };
}

function xmlToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const options = recordAt(parameters, 'options');
  const toXml = parameters.mode === 'jsonToxml' || parameters.mode === 'jsonToXml';
  return {
    mode: toXml ? 'jsonToXml' : 'xmlToJson',
    dataPropertyName: parameters.dataPropertyName,
    options: toXml ? jsonToXmlOptions(options, context) : xmlToJsonOptions(options, context),
  };
}

/** n8n → KlikkFlow for the XML node (v1). */
export const xmlMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.xml',
    minVersion: 1,
    maxVersion: 1,
    nativeType: XML,
    defaults: { mode: 'xmlToJson', dataPropertyName: 'data', options: {} },
    toNative: xmlToNative,
  },
];

function xmlToN8n(parameters: NativeParameters): N8nParameters {
  const {
    attrkey,
    charkey,
    ignoreAttributes,
    mergeAttrs,
    explicitArray,
    explicitRoot,
    trim,
    cdata,
    headless,
    rootName,
  } = recordAt(parameters, 'options');
  const options =
    parameters.mode === 'jsonToXml'
      ? { attrkey, charkey, cdata, headless, rootName: rootName || undefined }
      : {
          attrkey,
          charkey,
          explicitArray,
          explicitRoot,
          ignoreAttrs: ignoreAttributes,
          mergeAttrs: mergeAttrs ?? false,
          trim,
        };
  return {
    mode: parameters.mode ?? 'xmlToJson',
    dataPropertyName: parameters.dataPropertyName ?? 'data',
    options: Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
  };
}

/** KlikkFlow → n8n: XML v1 (native-only options, such as pretty printing switches, have no n8n equivalent). */
export const xmlExport: ExportMapping = {
  nativeType: XML,
  n8nType: 'n8n-nodes-base.xml',
  typeVersion: 1,
  toN8n: xmlToN8n,
};
