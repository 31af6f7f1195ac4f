import { deserializeError, type SerializedError, UserError } from '@klikkflow/types';

/** The codes an expression failure keeps; any other failure code is reported as `EXPR_ERROR`. */
const EXPRESSION_CODES = new Set(['EXPR_ERROR', 'EXPR_SYNTAX', 'EXPR_TIMEOUT', 'EXPR_MEMORY']);
/** Longest expression text quoted in a message (details keep the whole expression). */
const QUOTE_LIMIT = 200;

/** Where a failed expression was. */
export interface ExpressionSite {
  /** Node name. */
  node: string;
  /** Dotted parameter path (`options.headers[0].value`); absent for on-demand evaluations. */
  parameter?: string;
  itemIndex: number;
  /** The original template, with its leading `=`. */
  expression: string;
}

/**
 * Wraps a sandbox failure as the {@link UserError} a node sees, naming node, parameter, item and expression:
 * `Expression in parameter "url" of node "HTTP" (item 3) failed: <reason>: {{ $json.x.y }}`.
 */
export function expressionError(error: SerializedError, site: ExpressionSite): UserError {
  const code = EXPRESSION_CODES.has(error.code) ? error.code : 'EXPR_ERROR';
  const body = site.expression.startsWith('=') ? site.expression.slice(1) : site.expression;
  const quoted = body.length > QUOTE_LIMIT ? `${body.slice(0, QUOTE_LIMIT)}…` : body;
  const where = site.parameter === undefined ? 'Expression' : `Expression in parameter "${site.parameter}"`;
  const details: Record<string, unknown> = {
    node: site.node,
    itemIndex: site.itemIndex,
    expression: site.expression,
  };
  if (site.parameter !== undefined) details.parameter = site.parameter;
  return new UserError(
    code,
    `${where} of node "${site.node}" (item ${site.itemIndex}) failed: ${error.message}: ${quoted}`,
    { details, cause: deserializeError(error) },
  );
}
