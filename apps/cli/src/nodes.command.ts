import { builtinRegistry } from './builtin-registry.js';
import { type CliIo, EXIT } from './cli-io.js';

/** Options of `klikkflow nodes`. */
export interface NodesOptions {
  json?: boolean;
}

/** `klikkflow nodes`: the registered node types, sorted by type and version. */
export function nodesCommand(options: NodesOptions, io: CliIo): number {
  const nodes = builtinRegistry()
    .list()
    .map(({ type, version, displayName, group, description }) => ({
      type,
      version,
      displayName,
      group,
      description,
    }))
    .sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(nodes, null, 2)}\n`);
    return EXIT.ok;
  }
  const typeWidth = Math.max(4, ...nodes.map((node) => node.type.length));
  const nameWidth = Math.max(4, ...nodes.map((node) => node.displayName.length));
  const row = (type: string, version: string, name: string, description: string) =>
    `${type.padEnd(typeWidth)}  ${version.padEnd(7)}  ${name.padEnd(nameWidth)}  ${description}`.trimEnd();
  io.stdout.write(`${row('TYPE', 'VERSION', 'NAME', 'DESCRIPTION')}\n`);
  for (const node of nodes) {
    io.stdout.write(`${row(node.type, String(node.version), node.displayName, node.description)}\n`);
  }
  return EXIT.ok;
}
