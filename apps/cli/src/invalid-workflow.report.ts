import type { ValidationIssue } from '@klikkflow/types';
import type { TextSink } from './cli-io.js';

/** One issue as a line: `nodes[2].type (node "Set"): unknown node type "core.foo" version 1`. */
export function formatIssue(issue: ValidationIssue): string {
  const node = issue.nodeName === undefined ? '' : ` (node "${issue.nodeName}")`;
  return `${issue.path}${node}: ${issue.message}`;
}

/** Writes every issue of an invalid workflow file, one per line, under a heading naming the file. */
export function reportInvalidWorkflow(
  sink: TextSink,
  path: string,
  issues: readonly ValidationIssue[],
): void {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  sink.write(`${path} is not a valid workflow (${count}):\n`);
  for (const issue of issues) sink.write(`  ${formatIssue(issue)}\n`);
}
