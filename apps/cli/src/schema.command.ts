import { workflowJsonSchema } from '@klikkflow/types';
import { type CliIo, EXIT } from './cli-io.js';

/** `klikkflow schema`: the JSON Schema of the native workflow file, for editors and other tools. */
export function schemaCommand(io: CliIo): number {
  io.stdout.write(`${JSON.stringify(workflowJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
