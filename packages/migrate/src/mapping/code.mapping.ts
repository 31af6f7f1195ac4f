import { warnMissingGlobals } from './code-globals.js';
import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';

const CODE = 'core.code';

/** n8n's default code of a Function node: mark every item and return them all. */
const functionDefaultCode = `for (const item of items) {
  item.json.myNewField = 1;
}
return items;`;

/** n8n's default code of a Function Item node: mark the item and return it. */
const functionItemDefaultCode = `item.myNewField = 1;
return item;`;

/**
 * A Function Item body as the body of a "run once for each item" Code node. n8n gives that code the item's
 * JSON as `item` (the Code node gives the whole item) and uses what it returns as the new JSON, keeping the
 * item's binary data; the code runs unchanged inside a scope that provides exactly that. The user code keeps
 * its own lines, so nothing in it (template literals included) is re-indented.
 */
export function functionItemSource(code: string): string {
  return `// Imported from an n8n Function Item node: the code between the markers sees the item's JSON as \`item\`
// and returns the new JSON; getBinaryData() and setBinaryData(data) read and replace its binary data.
const __functionItemScope = Object.assign(Object.create(null), {
  item: item.json,
  getBinaryData: () => item.binary,
  setBinaryData: (data) => { item.binary = data; },
});
let __functionItemJson;
with (__functionItemScope) {
  __functionItemJson = await (async function () {
// ---- n8n Function Item code ----
${code}
// ---- end of n8n Function Item code ----
  }).call(undefined);
}
if (__functionItemJson === undefined) throw new Error('No data got returned. Always an object has to be returned!');
return item.binary === undefined ? { json: __functionItemJson } : { json: __functionItemJson, binary: item.binary };`;
}

function codeText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Code v1/v2: JavaScript passes through; Python does not run in KlikkFlow. */
function codeToNative(parameters: N8nParameters, context: MappingContext) {
  const { language, mode, jsCode } = parameters;
  if (language === 'python' || language === 'pythonNative') {
    unsupportedVariant('the Code node runs Python here, and KlikkFlow runs JavaScript only');
  }
  warnMissingGlobals(codeText(jsCode), context);
  return { mode, language: 'javaScript', jsCode };
}

/**
 * A legacy Function or Function Item node (v1): a JavaScript Code node in `mode` that runs the node's code
 * (n8n's default code when the file has none) as `toJsCode` rewrites it.
 */
function legacyFunctionMapping(
  n8nType: string,
  defaultCode: string,
  mode: 'runOnceForAllItems' | 'runOnceForEachItem',
  toJsCode: (code: string) => string,
): NodeMapping {
  return {
    n8nType,
    minVersion: 1,
    maxVersion: 1,
    nativeType: CODE,
    defaults: { functionCode: defaultCode },
    toNative(parameters, context) {
      const code = codeText(parameters.functionCode);
      warnMissingGlobals(code, context);
      return { mode, language: 'javaScript', jsCode: toJsCode(code) };
    },
  };
}

/** n8n → KlikkFlow for the Code node and the legacy Function and Function Item nodes. */
export const codeMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.code',
    minVersion: 1,
    maxVersion: 2,
    nativeType: CODE,
    // jsCode has no default since n8n 1.x: an empty body returns nothing, which fails as in n8n.
    defaults: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: '' },
    toNative: codeToNative,
  },
  // `items` (copies of the input items) and a returned item list work the same in a Code node.
  legacyFunctionMapping('n8n-nodes-base.function', functionDefaultCode, 'runOnceForAllItems', (code) => code),
  legacyFunctionMapping(
    'n8n-nodes-base.functionItem',
    functionItemDefaultCode,
    'runOnceForEachItem',
    functionItemSource,
  ),
];

/** KlikkFlow → n8n: the Code node's parameters are Code v2's. */
export const codeExport: ExportMapping = {
  nativeType: CODE,
  n8nType: 'n8n-nodes-base.code',
  typeVersion: 2,
};
