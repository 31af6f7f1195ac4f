import type { MappingContext } from './node-mapping.types.js';

/**
 * Helpers n8n's Code and Function nodes give their code that KlikkFlow's sandbox does not: code that calls
 * them imports unchanged and fails with "… is not defined" where it reaches the call.
 */
const missingGlobals: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /\$?getWorkflowStaticData\s*\(/, name: 'getWorkflowStaticData() (static data is not kept)' },
  { pattern: /\$?getNodeParameter\s*\(/, name: 'getNodeParameter()' },
  { pattern: /\$evaluateExpression\s*\(/, name: '$evaluateExpression()' },
  { pattern: /\b(?:this\.)?helpers\s*\./, name: 'helpers.*' },
  { pattern: /\b[gs]etBinaryDataAsync\s*\(/, name: 'getBinaryDataAsync()/setBinaryDataAsync()' },
  { pattern: /\brequire\s*\(/, name: 'require()' },
];

/** Warns for every n8n-only helper the code calls. */
export function warnMissingGlobals(code: string, context: MappingContext): void {
  for (const { pattern, name } of missingGlobals) {
    if (pattern.test(code)) {
      context.warn(`the code uses ${name}, which KlikkFlow's Code node does not provide`);
    }
  }
}
