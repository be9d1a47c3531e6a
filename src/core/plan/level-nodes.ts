/**
 * Topological levels: a node's level is one more than the deepest node it waits for, so a level
 * holds everything that may run at once. Barrier nodes pass depth through without adding to it, so
 * the levels are those of the graph with every barrier expanded into its all-pairs edges. Nodes that
 * never become ready sit on or behind a cycle, which is reported with its members in order.
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
  const ids = [...byId.keys(), ...edges.barrierNodes];
  const known = new Set(ids);
  const waiting = new Map(ids.map((id) => [id, edges.predecessors(id).filter((p) => known.has(p)).length]));
  // depth: the number of objects on the longest path ending here, this node included.
  const depth = new Map<string, number>();
  const queue = ids.filter((id) => waiting.get(id) === 0);
  const levels: PlanNode[][] = [];
  let placed = 0;
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] ?? '';
    const node = byId.get(id);
    const own = (depth.get(id) ?? 0) + (node ? 1 : 0);
    if (node) {
      placed++;
      const level = levels[own - 1] ?? [];
      level.push(node);
      levels[own - 1] = level;
    }
    for (const s of edges.successors(id)) {
      if (!known.has(s)) continue;
      depth.set(s, Math.max(depth.get(s) ?? 0, own));
      const left = (waiting.get(s) ?? 0) - 1;
      waiting.set(s, left);
      if (left === 0) queue.push(s);
    }
  }
  if (placed < nodes.length) throw cycleError(nodes, edges, waiting);
  return levels.map((level) => level.sort(compare).map((n) => n.id));
}

function cycleError(nodes: readonly PlanNode[], edges: EdgeSet, waiting: ReadonlyMap<string, number>): PlanCycleError {
  const stuck = nodes.filter((n) => (waiting.get(n.id) ?? 0) > 0);
  const stuckIds = new Set(stuck.map((n) => n.id));
  // Expanding the barriers gives back the all-pairs edges, so the cycle reported is the same as without them.
  const { cycles } = orderByDependencies([...stuckIds], (id) =>
    edges.objectPredecessors(id).filter((p) => stuckIds.has(p)),
  );
  const cycle = cycles[0] ?? [...stuckIds];
  const byId = new Map(stuck.map((n) => [n.id, n]));
  const path = cycle.map((id) => {
    const n = byId.get(id);
    return n ? describeResource(n.resource, false) : id;
  });
  return new PlanCycleError(cycle, path.join(' -> '));
}
