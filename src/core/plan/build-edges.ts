/**
 * The edges among the objects of one pass (the applies, or the prunes before reversal), always in
 * apply direction: `from` must exist before `to`. Explicit rules first (Namespace -> its objects,
 * CRD -> its custom resources, depends-on), then coarse kind-order edges inside each (phase, wave)
 * segment, then a barrier from each segment to the next. A kind-order edge that would contradict an
 * explicit path is left out: the kind order only breaks ties, it never overrules the user.
 */

import { groupOf } from '../manifests/manifest-doc.js';
import { readCrdScope } from '../manifests/scope.js';
import type { Resource } from '../snapshot.js';
import { EdgeSet } from './edge-set.js';
import { kindGroup } from './kind-order.js';
import { describeResource, PlanError, type PlanNode } from './plan-types.js';
import { readDependsOn } from './read-annotations.js';

/** A node of a pass with its segment: nodes of a lower phase rank, then of a lower wave, go first. */
export interface PassNode {
  node: PlanNode;
  phaseRank: number;
}

export interface PassOptions {
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
  for (const segment of segments) addKindOrderEdges(segment, edges, reaches);
  for (let i = 1; i < segments.length; i++) {
    addBarrier(segments[i - 1] ?? [], segments[i] ?? [], edges, options.barrierReason);
  }
  return edges;
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
 * Each node waits for the nearest earlier group that has objects it could need: cluster-scoped
 * ones, or ones in its own namespace (a cluster-scoped node looks at every namespace). Earlier
 * groups follow transitively, so the edges stay one group deep.
 */
function addKindOrderEdges(
  segment: readonly PassNode[],
  edges: EdgeSet,
  reaches: (id: string) => ReadonlySet<string>,
): void {
  const cluster = new Map<number, string[]>();
  const all = new Map<number, string[]>();
  const byNamespace = new Map<string, string[]>();
  for (const { node } of segment) {
    const g = kindGroup(node.resource.kind);
    if (g === undefined) continue;
    const ns = node.resource.namespace;
    if (ns === '') append(cluster, g, node.id);
    append(all, g, node.id);
    append(byNamespace, `${g}/${ns}`, node.id);
  }
  for (const { node } of segment) {
    const g = kindGroup(node.resource.kind);
    const ns = node.resource.namespace;
    for (let earlier = (g ?? 0) - 1; earlier >= 0; earlier--) {
      const candidates =
        ns === ''
          ? (all.get(earlier) ?? [])
          : [...(cluster.get(earlier) ?? []), ...(byNamespace.get(`${earlier}/${ns}`) ?? [])];
      if (candidates.length === 0) continue;
      const reachable = reaches(node.id);
      const allowed = candidates.filter((c) => !reachable.has(c));
      for (const c of allowed) edges.add(c, node.id, 'kind-order');
      if (allowed.length > 0) break;
    }
  }
}

/**
 * Every node of `before` must finish before any node of `after` starts. Drawing edges only from the
 * segment's last nodes to the next segment's first nodes says the same thing with far fewer edges.
 */
function addBarrier(
  before: readonly PassNode[],
  after: readonly PassNode[],
  edges: EdgeSet,
  reasonOf: (from: PassNode, to: PassNode) => string,
): void {
  const beforeIds = new Set(before.map((p) => p.node.id));
  const afterIds = new Set(after.map((p) => p.node.id));
  const sinks = before.filter((p) => !edges.successors(p.node.id).some((s) => beforeIds.has(s)));
  const sources = after.filter((p) => !edges.predecessors(p.node.id).some((s) => afterIds.has(s)));
  for (const from of sinks) for (const to of sources) edges.add(from.node.id, to.node.id, reasonOf(from, to));
}
