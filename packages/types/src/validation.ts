import type { z } from 'zod';

/** One problem found in an input, with the JSON path where it is. */
export interface ValidationIssue {
  /** JSON path such as `nodes[2].parameters.url`. */
  path: string;
  message: string;
  /** The node the problem belongs to, when it is inside a node. */
  nodeName?: string;
}

/** Formats a path of keys and indexes as `a.b[2].c`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Turns zod issues into {@link ValidationIssue}s. */
export function issuesFromZod(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: formatJsonPath(issue.path), message: issue.message }));
}
