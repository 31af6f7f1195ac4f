/**
 * The variables every expression and Code node can read, as the sandbox's data proxy provides them. One
 * list for the proxy (which builds them) and for tools that check which variables code uses (the n8n
 * importer's report).
 */

/** Variables that depend on the item being evaluated. */
export const ITEM_VARIABLES: readonly string[] = [
  '$json',
  '$data',
  '$binary',
  '$itemIndex',
  '$input',
  '$',
  '$node',
  '$item',
];

/** Variables that are the same for every item of a call. */
export const SHARED_VARIABLES: readonly string[] = [
  '$items',
  '$now',
  '$today',
  'DateTime',
  'Duration',
  'Interval',
  '$execution',
  '$workflow',
  '$vars',
  '$runIndex',
  '$prevNode',
  '$parameter',
  '$jmespath',
  '$if',
  '$ifEmpty',
  '$min',
  '$max',
];
