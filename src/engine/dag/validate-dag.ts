/**
 * Checks a DAG before anything runs: ids are unique, every dependency names a node, and there is
 * no cycle. A cycle is reported with its path so the user can see which edge to remove.
 */

export interface DagShape {
  id: string;
  deps: string[];
}

/** A dependency cycle; `cycle` starts and ends with the same id, each depending on the next. */
export class DagCycleError extends Error {
  constructor(readonly cycle: string[]) {
    super(`dependency cycle: ${cycle.join(' -> ')} (each depends on the next)`);
    this.name = 'DagCycleError';
  }
}

/** Throws on a duplicate id, an unknown dependency or a cycle; returns, per id, the ids depending on it. */
export function validateDag(nodes: readonly DagShape[]): Map<string, string[]> {
  const byId = new Map<string, DagShape>();
  for (const node of nodes) {
    if (byId.has(node.id)) throw new Error(`duplicate node id "${node.id}"`);
    byId.set(node.id, node);
  }
  const dependents = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const node of nodes) {
    for (const dep of node.deps) {
      const list = dependents.get(dep);
      if (!list) throw new Error(`node "${node.id}" depends on unknown node "${dep}"`);
      list.push(node.id);
    }
  }
  const cycle = findCycle(nodes, byId);
  if (cycle) throw new DagCycleError(cycle);
  return dependents;
}

/**
 * Depth-first search in input order, so the same graph always reports the same cycle. Iterative,
 * so a chain of tens of thousands of objects cannot overflow the stack.
 */
function findCycle(nodes: readonly DagShape[], byId: Map<string, DagShape>): string[] | undefined {
  const done = new Set<string>();
  const onPath = new Map<string, number>(); // id -> index in `path`
  const path: string[] = [];
  const nextDep: number[] = []; // per path entry: index of the next dependency to visit

  for (const root of nodes) {
    if (done.has(root.id)) continue;
    onPath.set(root.id, 0);
    path.push(root.id);
    nextDep.push(0);
    while (path.length > 0) {
      const top = path.length - 1;
      const id = path[top] as string;
      const deps = byId.get(id)?.deps ?? [];
      const i = nextDep[top] as number;
      if (i >= deps.length) {
        path.pop();
        nextDep.pop();
        onPath.delete(id);
        done.add(id);
        continue;
      }
      nextDep[top] = i + 1;
      const dep = deps[i] as string;
      const at = onPath.get(dep);
      if (at !== undefined) return [...path.slice(at), dep];
      if (done.has(dep)) continue;
      onPath.set(dep, path.length);
      path.push(dep);
      nextDep.push(0);
    }
  }
  return undefined;
}
