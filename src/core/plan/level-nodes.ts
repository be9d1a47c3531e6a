/**
 * Topological levels: a node's level is one more than the deepest node it waits for, so a level
 * holds everything that may run at once. Nodes that never become ready sit on or behind a cycle,
 * which is reported with its members in order.
 */

import { orderByDependencies } from '../manifests/graph-order.js';
import type { EdgeSet } from './edge-set.js';
import { PlanCycleError, describeResource, type PlanNode } from './plan-types.js';

export function levelNodes(
  nodes: readonly PlanNode[],
  edges: EdgeSet,
  compare: (a: PlanNode, b: PlanNode) => number,
): string[][] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const waiting = new Map(nodes.map((n) => [n.id, edges.predecessors(n.id).filter((p) => byId.has(p)).length]));
  let ready = nodes.filter((n) => waiting.get(n.id) === 0);
  const levels: string[][] = [];
  let placed = 0;
  while (ready.length > 0) {
    levels.push(ready.sort(compare).map((n) => n.id));
    placed += ready.length;
    const next: PlanNode[] = [];
    for (const n of ready) {
      for (const s of edges.successors(n.id)) {
        const left = (waiting.get(s) ?? 0) - 1;
        waiting.set(s, left);
        const node = byId.get(s);
        if (left === 0 && node) next.push(node);
      }
    }
    ready = next;
  }
  if (placed < nodes.length) throw cycleError(nodes, edges, waiting);
  return levels;
}

function cycleError(nodes: readonly PlanNode[], edges: EdgeSet, waiting: ReadonlyMap<string, number>): PlanCycleError {
  const stuck = nodes.filter((n) => (waiting.get(n.id) ?? 0) > 0);
  const stuckIds = new Set(stuck.map((n) => n.id));
  const { cycles } = orderByDependencies([...stuckIds], (id) => edges.predecessors(id).filter((p) => stuckIds.has(p)));
  const cycle = cycles[0] ?? [...stuckIds];
  const byId = new Map(stuck.map((n) => [n.id, n]));
  const path = cycle.map((id) => {
    const n = byId.get(id);
    return n ? describeResource(n.resource, false) : id;
  });
  return new PlanCycleError(cycle, path.join(' -> '));
}
