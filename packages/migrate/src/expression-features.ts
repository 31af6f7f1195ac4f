import { codeParts, ITEM_VARIABLES, parseTemplate, SHARED_VARIABLES } from '@klikkflow/engine';
import type { N8nNode } from './n8n-file.schema.js';

/** Unsupported expression features by name (`$fromAI`, ...) with their number of uses. */
export type ExpressionFeatureCounts = Record<string, number>;

/**
 * The `$` variables n8n expressions may use that KlikkFlow provides: the sandbox's data proxy, plus the
 * pagination extras of the HTTP Request node.
 */
const SUPPORTED_VARIABLES = new Set([...ITEM_VARIABLES, ...SHARED_VARIABLES, '$response', '$pageCount']);

/** `$name` tokens not preceded by an identifier character. */
const VARIABLE = /(?<![\w$.])\$[A-Za-z_]\w*/g;

/** Every expression string in a parameter value, at any depth. */
function* expressions(value: unknown): Generator<string> {
  if (typeof value === 'string') {
    if (value.startsWith('=')) yield value;
  } else if (Array.isArray(value)) {
    for (const entry of value) yield* expressions(entry);
  } else if (value !== null && typeof value === 'object') {
    for (const entry of Object.values(value)) yield* expressions(entry);
  }
}

/**
 * Counts the expression features in n8n nodes' parameters that KlikkFlow does not provide: `$` variables
 * outside the supported set (`$fromAI`, `$env`, `$secrets`...). A feature inside a string literal is
 * counted too: the scan is lexical, and over-reporting is the safe side for a compatibility report.
 */
export function findUnsupportedExpressionFeatures(nodes: readonly N8nNode[]): ExpressionFeatureCounts {
  const counts: ExpressionFeatureCounts = {};
  for (const node of nodes) {
    for (const expression of expressions(node.parameters)) {
      for (const code of codeParts(parseTemplate(expression))) {
        for (const match of code.matchAll(VARIABLE)) {
          if (!SUPPORTED_VARIABLES.has(match[0])) counts[match[0]] = (counts[match[0]] ?? 0) + 1;
        }
      }
    }
  }
  return counts;
}
