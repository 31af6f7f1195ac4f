import type { Workflow, WorkflowNode } from '@klikkflow/types';
import { UserError } from '@klikkflow/types';

/** One outgoing main edge: where items from an output go. */
export interface Edge {
  from: string;
  output: number;
  to: string;
  input: number;
}

/**
 * Read-only indexes over a workflow's nodes and main connections, built once per run.
 * (AI connections link sub-nodes to their root and are not part of the main flow.)
 */
export class WorkflowGraph {
  readonly nodes = new Map<string, WorkflowNode>();
  readonly byName = new Map<string, WorkflowNode>();
  private readonly outgoing = new Map<string, Edge[]>();
  private readonly incoming = new Map<string, Edge[]>();

  constructor(readonly workflow: Workflow) {
    for (const node of workflow.nodes) {
      this.nodes.set(node.id, node);
      this.byName.set(node.name, node);
    }
    for (const connection of workflow.connections) {
      if (connection.type !== 'main') continue;
      const edge: Edge = {
        from: connection.from.node,
        output: connection.from.output,
        to: connection.to.node,
        input: connection.to.input,
      };
      push(this.outgoing, edge.from, edge);
      push(this.incoming, edge.to, edge);
    }
  }

  /** The node with this id; throws `WF_UNKNOWN_NODE` if there is none. */
  node(id: string): WorkflowNode {
    const node = this.nodes.get(id);
    if (!node)
      throw new UserError('WF_UNKNOWN_NODE', `workflow has no node with id "${id}"`, { details: { id } });
    return node;
  }

  /** Edges leaving a node, all outputs. */
  childrenOf(nodeId: string): readonly Edge[] {
    return this.outgoing.get(nodeId) ?? [];
  }

  /** Edges entering a node, all inputs. */
  parentsOf(nodeId: string): readonly Edge[] {
    return this.incoming.get(nodeId) ?? [];
  }

  /** Every node reachable backwards from `nodeId`, itself included. */
  ancestorsOf(nodeId: string): Set<string> {
    return this.walk(nodeId, (id) => this.parentsOf(id).map((edge) => edge.from));
  }

  /** Every node reachable forwards from `nodeId`, itself included. */
  descendantsOf(nodeId: string): Set<string> {
    return this.walk(nodeId, (id) => this.childrenOf(id).map((edge) => edge.to));
  }

  private walk(start: string, next: (id: string) => string[]): Set<string> {
    const seen = new Set<string>([start]);
    const queue = [start];
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      for (const other of next(id)) {
        if (!seen.has(other)) {
          seen.add(other);
          queue.push(other);
        }
      }
    }
    return seen;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Canvas order: topmost first, then leftmost (how v1 orders sibling branches). */
export function byCanvasPosition(a: WorkflowNode, b: WorkflowNode): number {
  return a.position[1] - b.position[1] || a.position[0] - b.position[0];
}
