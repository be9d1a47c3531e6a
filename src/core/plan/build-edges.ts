/**
 * The edges among the objects of one pass (the applies, or the prunes before reversal), always in
 * apply direction: `from` must exist before `to`. Explicit rules first (Namespace -> its objects,
 * CRD -> its custom resources, depends-on), then coarse kind-order edges inside each (phase, wave)
 * segment, then a barrier from each segment to the next. A kind-order edge that would contradict an
 * explicit path is left out: the kind order only breaks ties, it never overrules the user. Rules that
 * order whole groups go through barrier nodes (see EdgeSet), so the edge count stays linear.
 */

import { groupOf } from '../api-version.js';
import { readCrdScope } from '../manifests/scope.js';
import type { Resource } from '../snapshot.js';
import { EdgeSet } from './edge-set.js';
import { addKindOrderEdges } from './kind-order-edges.js';
import { describeResource, PlanError, type PlanNode } from './plan-types.js';
import { readDependsOn } from './read-annotations.js';

/** A node of a pass with its segment: nodes of a lower phase rank, then of a lower wave, go first. */
export interface PassNode {
  node: PlanNode;
  phaseRank: number;
}

export interface PassOptions {
  /** Names the pass's barrier nodes, which must not collide with another pass's. */
  name: string;
  /** Depends-on entries naming nothing in `known` are an error (applies); otherwise they are ignored (prunes). */
  strictDependencies: boolean;
  /** Objects depends-on may name; defaults to the pass itself. Edges are only drawn within the pass. */
  known?: readonly PlanNode[];
  /** Reason of a barrier edge between two consecutive segments. */
  barrierReason: (from: PassNode, to: PassNode) => string;
}

export function buildPassEdges(pass: readonly PassNode[], options: PassOptions): EdgeSet {
  const edges = new EdgeSet();
  const explicit = new EdgeSet();
  const inPass = new Set(pass.map((p) => p.node.id));
  addExplicitEdges(pass, options, (from, to, reason) => {
    if (!inPass.has(from) || !inPass.has(to)) return;
    edges.add(from, to, reason);
    explicit.add(from, to, reason);
  });
  const segments = splitSegments(pass);
  const reaches = reachability(explicit);
  const segmentOf = new Map<string, number>();
  segments.forEach((segment, i) => {
    for (const p of segment) segmentOf.set(p.node.id, i);
    const prefix = barrierPrefix(options.name, `segment ${i}/`);
    for (const b of addKindOrderEdges(segment, prefix, edges, reaches)) segmentOf.set(b, i);
  });
  for (let i = 1; i < segments.length; i++) {
    const before = segments[i - 1] ?? [];
    const after = segments[i] ?? [];
    const local = (id: string, j: number): boolean => segmentOf.get(id) === j;
    const sinks = before.filter((p) => !edges.successors(p.node.id).some((s) => local(s, i - 1)));
    const sources = after.filter((p) => !edges.predecessors(p.node.id).some((s) => local(s, i)));
    addBarrier(sinks, sources, barrierPrefix(options.name, `after segment ${i - 1}`), edges, options.barrierReason);
  }
  return edges;
}

/** Barrier ids start with a NUL, which no object id can contain. */
export function barrierPrefix(pass: string, rest: string): string {
  return `\u0000${pass}/${rest}`;
}

function refKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function addExplicitEdges(
  pass: readonly PassNode[],
  options: PassOptions,
  add: (from: string, to: string, reason: string) => void,
): void {
  const namespaces = new Map<string, string>();
  const crds = new Map<string, string[]>();
  const refs = new Map<string, string[]>();
  for (const { resource: r, id } of options.known ?? pass.map((p) => p.node)) {
    const key = refKey(r.kind, r.namespace, r.name);
    append(refs, key, id);
  }
  for (const { node } of pass) {
    const r = node.resource;
    if (r.kind === 'Namespace' && groupOf(r.apiVersion) === '') namespaces.set(r.name, node.id);
    const crd = readCrdScope(r.object);
    if (crd) append(crds, crd[0], node.id);
  }
  for (const { node } of pass) {
    const r = node.resource;
    const ns = namespaces.get(r.namespace);
    if (r.namespace !== '' && ns !== undefined) add(ns, node.id, 'namespace');
    for (const crd of crds.get(`${groupOf(r.apiVersion)}/${r.kind}`) ?? []) add(crd, node.id, 'crd');
    for (const dep of readDependsOn(r)) {
      const found = resolveDependency(refs, r, dep.kind, dep.namespace, dep.name);
      if (found.length === 0 && options.strictDependencies) {
        throw new PlanError(
          'unknown-dependency',
          `${describeResource(r)}: depends-on "${dep.text}" names no object in this sync`,
          r,
        );
      }
      for (const id of found) add(id, node.id, 'depends-on');
    }
  }
}

/** `Kind/name` means the dependent's namespace, falling back to a cluster-scoped object of that name. */
function resolveDependency(
  refs: ReadonlyMap<string, string[]>,
  dependent: Resource,
  kind: string,
  namespace: string | undefined,
  name: string,
): string[] {
  if (namespace !== undefined) return refs.get(refKey(kind, namespace, name)) ?? [];
  return refs.get(refKey(kind, dependent.namespace, name)) ?? refs.get(refKey(kind, '', name)) ?? [];
}

function append<K>(map: Map<K, string[]>, key: K, id: string): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

function splitSegments(pass: readonly PassNode[]): PassNode[][] {
  const byKey = new Map<string, PassNode[]>();
  for (const p of pass) {
    const key = `${p.phaseRank}/${p.node.wave}`;
    const list = byKey.get(key);
    if (list) list.push(p);
    else byKey.set(key, [p]);
  }
  return [...byKey.values()].sort((a, b) => {
    const x = a[0];
    const y = b[0];
    if (!x || !y) return 0;
    return x.phaseRank - y.phaseRank || x.node.wave - y.node.wave;
  });
}

/** Memoised "which nodes can `id` reach through explicit edges"; empty for most nodes. */
function reachability(explicit: EdgeSet): (id: string) => ReadonlySet<string> {
  const memo = new Map<string, Set<string>>();
  return (id) => {
    const cached = memo.get(id);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = [...explicit.successors(id)];
    while (stack.length > 0) {
      const next = stack.pop() ?? '';
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...explicit.successors(next));
    }
    memo.set(id, seen);
    return seen;
  };
}

/**
 * Every node of `before` must finish before any node of `after` starts. It is enough that the
 * segment's last nodes finish before the next segment's first nodes start, through one barrier node.
 */
function addBarrier(
  sinks: readonly PassNode[],
  sources: readonly PassNode[],
  id: string,
  edges: EdgeSet,
  reasonOf: (from: PassNode, to: PassNode) => string,
): void {
  const first = sinks[0];
  const next = sources[0];
  if (!first || !next) return;
  // Consecutive segments differ in phase or in wave for every pair alike, so one reason fits all.
  const reason = reasonOf(first, next);
  edges.addBarrier(id);
  for (const from of sinks) edges.add(from.node.id, id, reason);
  for (const to of sources) edges.add(id, to.node.id, reason);
}
