import { type Item, UserError } from '@klikkflow/types';
import { readJsonFile } from './workflow-file.loader.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns `--input` into trigger items: inline JSON or `@path/to/file.json`; an object is one item, an array
 * of objects is one item per element. Throws `CLI_INPUT_INVALID` (or the file errors) naming the problem.
 */
export async function parseInputOption(value: string, cwd: string): Promise<Item[]> {
  let data: unknown;
  if (value.startsWith('@')) {
    data = await readJsonFile(value.slice(1), cwd, '--input file');
  } else {
    try {
      data = JSON.parse(value);
    } catch (error) {
      throw new UserError('CLI_INPUT_INVALID', `--input is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (isPlainObject(data)) return [{ json: data }];
  if (Array.isArray(data)) {
    return data.map((element, index) => {
      if (!isPlainObject(element)) {
        throw new UserError('CLI_INPUT_INVALID', `--input element ${index} is not a JSON object`);
      }
      return { json: element };
    });
  }
  throw new UserError('CLI_INPUT_INVALID', '--input must be a JSON object or an array of JSON objects');
}
