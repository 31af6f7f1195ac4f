import type { Connection } from '@klikkflow/types';
import type { N8nConnections } from './n8n-file.schema.js';

/** How many main input and output ports the edges use on each node, by node name. */
export interface PortUsage {
  inputs: number;
  outputs: number;
}

/** Id-based connections, what was dropped, and the main ports each node is wired on. */
export interface ImportedConnections {
  connections: Connection[];
  warnings: string[];
  ports: Map<string, PortUsage>;
}

const CONNECTION_TYPE = /^(main|ai_[a-zA-Z]+)$/;

function usage(ports: Map<string, PortUsage>, name: string): PortUsage {
  let found = ports.get(name);
  if (!found) {
    found = { inputs: 0, outputs: 0 };
    ports.set(name, found);
  }
  return found;
}

/**
 * Flattens n8n's name-keyed connections (`source → type → output slot → targets`) into id-based edges.
 * `null` and `[]` slots are unconnected outputs; the slot index is the source output (the error output of a
 * `continueErrorOutput` node is its last one, as in KlikkFlow) and `index` the destination input. Edges to or
 * from a node that does not exist, and unknown connection types, are dropped with a warning.
 */
export function importConnections(source: N8nConnections, idOf: Map<string, string>): ImportedConnections {
  const connections: Connection[] = [];
  const warnings: string[] = [];
  const ports = new Map<string, PortUsage>();
  const seen = new Set<string>();
  for (const [fromName, byType] of Object.entries(source)) {
    const fromId = idOf.get(fromName);
    for (const [type, slots] of Object.entries(byType)) {
      if (!CONNECTION_TYPE.test(type)) {
        warnings.push(`dropped connections of unknown type "${type}" from "${fromName}"`);
        continue;
      }
      slots.forEach((targets, output) => {
        for (const target of targets ?? []) {
          const toId = idOf.get(target.node);
          if (fromId === undefined || toId === undefined) {
            const missing = fromId === undefined ? fromName : target.node;
            warnings.push(
              `dropped a connection "${fromName}" → "${target.node}": no node named "${missing}"`,
            );
            continue;
          }
          const key = `${fromId}\u0000${output}\u0000${toId}\u0000${target.index}\u0000${type}`;
          if (seen.has(key)) continue;
          seen.add(key);
          connections.push({ from: { node: fromId, output }, to: { node: toId, input: target.index }, type });
          if (type === 'main') {
            const from = usage(ports, fromName);
            from.outputs = Math.max(from.outputs, output + 1);
            const to = usage(ports, target.node);
            to.inputs = Math.max(to.inputs, target.index + 1);
          }
        }
      });
    }
  }
  return { connections, warnings, ports };
}
