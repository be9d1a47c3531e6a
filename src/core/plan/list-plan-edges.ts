/**
 * The edges a plan shows. Explicit edges (namespace, crd, depends-on, and those of them reversed
 * between pruned objects) are listed one for one. A barrier, which stands for "every object of A
 * before every object of B" (kind-order, wave, hook-phase, prune-last, or such a rule reversed), is
 * listed as a spanning set of |A| + |B| - 1 edges instead of |A| x |B|: every member of A to the
 * first member of B, and the first member of A to every member of B. A barrier behind or in front of
 * another one counts there as that one's first object, so nested barriers do not multiply either.
 * Each object thus keeps an edge that says why it waits or what waits for it, and a plan of 10,000
 * objects lists thousands of edges, not millions. The levels come from the full barriers, not this list.
 */

import { EdgeSet } from './edge-set.js';
import type { PlanEdge } from './plan-types.js';

export function listPlanEdges(graph: EdgeSet): PlanEdge[] {
  const out = new EdgeSet();
  for (const e of graph.edges) {
    if (!graph.isBarrier(e.from) && !graph.isBarrier(e.to)) out.add(e.from, e.to, e.reason);
  }
  const next = (id: string): readonly string[] => graph.successors(id);
  const previous = (id: string): readonly string[] => graph.predecessors(id);
  for (const barrier of graph.barrierNodes) {
    const before = representatives(graph, previous(barrier), previous);
    const after = representatives(graph, next(barrier), next);
    const firstBefore = before[0];
    const firstAfter = after[0];
    if (firstBefore === undefined || firstAfter === undefined) continue;
    const reason = graph.reasonOf(barrier, next(barrier)[0] ?? '') ?? 'kind-order';
    for (const from of before) out.add(from, firstAfter, reason);
    for (const to of after) out.add(firstBefore, to, reason);
  }
  return out.edges;
}

/** The objects among `ids`, with each barrier among them replaced by the first object behind it. */
function representatives(graph: EdgeSet, ids: readonly string[], step: (id: string) => readonly string[]): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const found = graph.isBarrier(id) ? firstObject(graph, id, step) : id;
    if (found !== undefined) out.push(found);
  }
  return out;
}

function firstObject(graph: EdgeSet, barrier: string, step: (id: string) => readonly string[]): string | undefined {
  const stack = [barrier];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop() ?? '';
    if (seen.has(id)) continue;
    seen.add(id);
    const ids = step(id);
    const object = ids.find((n) => !graph.isBarrier(n));
    if (object !== undefined) return object;
    stack.push(...ids);
  }
  return undefined;
}
