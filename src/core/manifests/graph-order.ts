/**
 * Orders named nodes so that each comes after the nodes it depends on, and spells out every
 * cycle that prevents it. Deterministic: among nodes that are ready at the same time, the name that
 * sorts first goes first. Iterative, so a long dependency chain cannot exhaust the stack.
 * Shared by the app graph (dependsOn) and workflow DAGs (dependencies/depends).
 */

export interface GraphOrder {
  /** Every node, dependencies first; nodes on or behind a cycle come last, sorted by name. */
  order: string[];
  /** Each cycle as its members in order, starting at its smallest name and ending where it began. */
  cycles: string[][];
}

/** dependenciesOf must only name nodes in `nodes`; unknown names are the caller's error to report. */
export function orderByDependencies(
  nodes: readonly string[],
  dependenciesOf: (node: string) => readonly string[],
): GraphOrder {
  const names = [...new Set(nodes)].sort(compare);
  const known = new Set(names);
  const deps = new Map(
    names.map((n) => [n, [...new Set(dependenciesOf(n))].filter((d) => known.has(d)).sort(compare)]),
  );
  const dependents = new Map<string, string[]>(names.map((n) => [n, []]));
  const waiting = new Map<string, number>();
  for (const [node, list] of deps) {
    waiting.set(node, list.length);
    for (const d of list) dependents.get(d)?.push(node);
  }

  const ready = names.filter((n) => waiting.get(n) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const node = ready.shift() ?? '';
    order.push(node);
    for (const next of dependents.get(node) ?? []) {
      const left = (waiting.get(next) ?? 0) - 1;
      waiting.set(next, left);
      if (left === 0) insertSorted(ready, next);
    }
  }

  const stuck = names.filter((n) => (waiting.get(n) ?? 0) > 0);
  return { order: [...order, ...stuck], cycles: findCycles(stuck, deps) };
}

/**
 * Every stuck node waits on another stuck node, so walking dependencies from any of them must
 * come back to a node already on the walk: that loop is a cycle. Nodes that merely depend on a
 * cycle lead into one already reported and add nothing.
 */
function findCycles(stuck: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[][] {
  const remaining = new Set(stuck);
  const done = new Set<string>();
  const cycles: string[][] = [];
  for (const start of stuck) {
    if (done.has(start)) continue;
    const walk: string[] = [];
    const onWalk = new Map<string, number>();
    let node: string | undefined = start;
    while (node !== undefined && !done.has(node) && !onWalk.has(node)) {
      onWalk.set(node, walk.length);
      walk.push(node);
      node = (deps.get(node) ?? []).find((d) => remaining.has(d));
    }
    if (node !== undefined && onWalk.has(node)) cycles.push(rotateToSmallest(walk.slice(onWalk.get(node))));
    for (const n of walk) done.add(n);
  }
  return cycles.sort((a, b) => compare(a.join('\u0000'), b.join('\u0000')));
}

function rotateToSmallest(members: string[]): string[] {
  let first = 0;
  members.forEach((m, i) => {
    if (compare(m, members[first] ?? m) < 0) first = i;
  });
  const rotated = [...members.slice(first), ...members.slice(0, first)];
  return [...rotated, rotated[0] ?? ''];
}

function insertSorted(list: string[], item: string): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(list[mid] ?? '', item) < 0) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, item);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
