import { builtinRegistry } from './builtin-registry.js';
import { type CliIo, EXIT } from './cli-io.js';
import { formatIssue, reportInvalidWorkflow } from './invalid-workflow.report.js';
import { loadWorkflowFile } from './workflow-file.loader.js';

/** Options of `klikkflow validate`. */
export interface ValidateOptions {
  /** Print `{ valid, issues }` as JSON on stdout instead of text. */
  json?: boolean;
}

/** `klikkflow validate FILE`: the same checks as `run`, without running. Exit 0 when valid, 2 when not. */
export async function validateCommand(file: string, options: ValidateOptions, io: CliIo): Promise<number> {
  const loaded = await loadWorkflowFile(file, io.cwd, builtinRegistry());
  if (options.json) {
    const issues = loaded.ok ? [] : loaded.issues.map((issue) => ({ ...issue, text: formatIssue(issue) }));
    io.stdout.write(`${JSON.stringify({ valid: loaded.ok, file: loaded.path, issues }, null, 2)}\n`);
  } else if (loaded.ok) {
    io.stdout.write('valid\n');
  } else {
    reportInvalidWorkflow(io.stdout, loaded.path, loaded.issues);
  }
  return loaded.ok ? EXIT.ok : EXIT.invalid;
}
