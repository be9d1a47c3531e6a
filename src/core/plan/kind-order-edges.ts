/**
 * Coarse kind-order edges inside one (phase, wave) segment. Each node waits for the nearest earlier
 * group that has objects it could need: cluster-scoped ones, or ones in its own namespace (a
 * cluster-scoped node looks at every namespace). Earlier groups follow transitively, so the edges
 * stay one group deep. All the nodes waiting for the same set wait on one barrier node in front of
 * it, which keeps the edge count linear. A node whose explicit edges already lead to part of that set
 * gets direct edges from the rest instead: the kind order only breaks ties, it never overrules the user.
 */

import type { PassNode } from './build-edges.js';
import type { EdgeSet } from './edge-set.js';
import { kindGroup } from './kind-order.js';

export function addKindOrderEdges(
  segment: readonly PassNode[],
  barrierPrefix: string,
  edges: EdgeSet,
  reaches: (id: string) => ReadonlySet<string>,
): string[] {
  const cluster = new Map<number, string[]>();
  const all = new Map<number, string[]>();
  const groupOf = new Map<string, number>();
  const byNamespace = new Map<string, string[]>();
  for (const { node } of segment) {
    const g = kindGroup(node.resource.kind);
    if (g === undefined) continue;
    groupOf.set(node.id, g);
    const ns = node.resource.namespace;
    if (ns === '') append(cluster, g, node.id);
    append(all, g, node.id);
    append(byNamespace, `${g}/${ns}`, node.id);
  }
  const created: string[] = [];
  const barrier = (key: string, members: () => readonly string[]): string => {
    const id = `${barrierPrefix}${key}`;
    if (edges.isBarrier(id)) return id;
    edges.addBarrier(id);
    created.push(id);
    for (const m of members()) edges.add(m, id, 'kind-order');
    return id;
  };
  const candidatesOf = (earlier: number, ns: string): readonly string[] =>
    ns === ''
      ? (all.get(earlier) ?? [])
      : [...(cluster.get(earlier) ?? []), ...(byNamespace.get(`${earlier}/${ns}`) ?? [])];
  const barrierOf = (earlier: number, ns: string): string => {
    if (ns === '') return barrier(`all/${earlier}`, () => all.get(earlier) ?? []);
    return barrier(`ns/${earlier}/${ns}`, () => {
      const local = byNamespace.get(`${earlier}/${ns}`) ?? [];
      if ((cluster.get(earlier) ?? []).length === 0) return local;
      return [barrier(`cluster/${earlier}`, () => cluster.get(earlier) ?? []), ...local];
    });
  };

  for (const { node } of segment) {
    const g = kindGroup(node.resource.kind);
    const ns = node.resource.namespace;
    // A group above the lowest one this node explicitly precedes waits (through the kind order) for that
    // node, so waiting for it would close a cycle: only that lowest group and those below it are safe.
    const floor = lowestGroup(reaches(node.id), groupOf);
    for (let earlier = (g ?? 0) - 1; earlier >= 0; earlier--) {
      if (earlier > floor) continue;
      const count =
        ns === ''
          ? (all.get(earlier)?.length ?? 0)
          : (cluster.get(earlier)?.length ?? 0) + (byNamespace.get(`${earlier}/${ns}`)?.length ?? 0);
      if (count === 0) continue;
      const reachable = reaches(node.id);
      if (reachable.size === 0) {
        edges.add(barrierOf(earlier, ns), node.id, 'kind-order');
        break;
      }
      // A node that explicitly precedes others gets direct edges, each only if it closes no cycle with
      // the edges so far: two depends-on that each overrule the kind order must not meet in a loop.
      const candidates = candidatesOf(earlier, ns);
      const allowed = candidates.filter((c) => !reachable.has(c) && !hasPath(edges, node.id, c));
      for (const c of allowed) edges.add(c, node.id, 'kind-order');
      if (allowed.length > 0) break;
    }
  }
  return created;
}

/** Whether `to` can be reached from `from` along the edges so far (barriers included). */
function hasPath(edges: EdgeSet, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() ?? '';
    for (const next of edges.successors(id)) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

function lowestGroup(ids: ReadonlySet<string>, groupOf: ReadonlyMap<string, number>): number {
  let lowest = Infinity;
  for (const id of ids) lowest = Math.min(lowest, groupOf.get(id) ?? Infinity);
  return lowest;
}

function append<K>(map: Map<K, string[]>, key: K, id: string): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}
