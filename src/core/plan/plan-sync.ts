/**
 * planSync: the order of a sync, as a value. Applies run hook phase by hook phase (PreSync, Sync,
 * PostSync), wave by wave inside a phase, and inside a wave as the explicit edges and the coarse
 * kind order allow; independent branches share a level. Prunes follow every apply, ordered by the
 * same rules reversed, so dependents are deleted before what they depend on. SyncFail hooks stay out
 * of the levels: the executor runs them only when the sync fails.
 */

import { groupOf } from '../api-version.js';
import type { Resource } from '../snapshot.js';
import { barrierPrefix, buildPassEdges, type PassNode } from './build-edges.js';
import { EdgeSet } from './edge-set.js';
import { rankKind } from './kind-order.js';
import { levelNodes } from './level-nodes.js';
import { listPlanEdges } from './list-plan-edges.js';
import { PlanError, describeResource, type PlanNode, type PlanStep, type SyncPlan } from './plan-types.js';
import { readHook, readWave } from './read-annotations.js';

export { formatPlan } from './format-plan.js';
export * from './plan-types.js';

const PHASE_RANK = { PreSync: 0, Sync: 1, PostSync: 2, SyncFail: 3 } as const;

export function planSync(input: { apply: readonly Resource[]; prune: readonly Resource[] }): SyncPlan {
  const applies = input.apply.map((r) => toNode(r, 'apply'));
  const prunes = input.prune.map((r) => toNode(r, 'prune'));
  rejectDuplicates([...applies, ...prunes]);

  const applyPass: PassNode[] = applies
    .filter((n) => n.hook?.phase !== 'SyncFail')
    .map((node) => ({ node, phaseRank: PHASE_RANK[node.hook?.phase ?? 'Sync'] }));
  const syncFail = applies.filter((n) => n.hook?.phase === 'SyncFail');
  const edges = new EdgeSet();

  const applyEdges = buildPassEdges(applyPass, {
    name: 'apply',
    strictDependencies: true,
    known: applies,
    barrierReason: (from, to) => (from.phaseRank === to.phaseRank ? 'wave' : 'hook-phase'),
  });
  edges.addAll(applyEdges);
  // Checked for unknown names only: SyncFail hooks are ordered by wave and kind, not by edges.
  buildPassEdges(
    syncFail.map((node) => ({ node, phaseRank: 0 })),
    { name: 'sync-fail', strictDependencies: true, known: applies, barrierReason: () => 'wave' },
  );

  const prunePass = prunes.map((node) => ({ node, phaseRank: 0 }));
  const pruneEdges = buildPassEdges(prunePass, {
    name: 'prune',
    strictDependencies: false,
    barrierReason: () => 'wave',
  });
  edges.addAll(pruneEdges, { reason: 'prune-reverse' });
  // Every apply before any prune: the apply sinks to the prune sources (after reversal) is enough.
  // Every barrier has objects on both sides, so "no edge" below means "no edge to or from an object".
  const applySinks = applyPass.filter((p) => edges.successors(p.node.id).length === 0);
  const pruneSources = prunes.filter((n) => edges.predecessors(n.id).length === 0);
  if (applySinks.length > 0 && pruneSources.length > 0) {
    const last = barrierPrefix('plan', 'prune-last');
    edges.addBarrier(last);
    for (const a of applySinks) edges.add(a.node.id, last, 'prune-last');
    for (const p of pruneSources) edges.add(last, p.id, 'prune-last');
  }

  const ordered = [...applyPass.map((p) => p.node), ...prunes];
  const levels = levelNodes(ordered, edges, compareNodes);
  return {
    nodes: [...applies, ...prunes],
    edges: listPlanEdges(edges),
    levels,
    syncFailHooks: [...syncFail].sort(compareNodes).map((n) => n.id),
    steps: executionSteps(levels, edges),
  };
}

/** Objects in level order, each barrier placed once everything it waits for is placed. */
function executionSteps(levels: readonly string[][], edges: EdgeSet): PlanStep[] {
  const steps: PlanStep[] = [];
  const placed = new Set<string>();
  const barriers = new Set(edges.barrierNodes);
  const place = (id: string, barrier: boolean): void => {
    steps.push({ id, deps: [...edges.predecessors(id)], barrier });
    placed.add(id);
  };
  // Barriers chain (a barrier may wait for another), so place each one when its predecessors are in.
  const placeReadyBarriers = (): void => {
    for (let progress = true; progress;) {
      progress = false;
      for (const b of barriers) {
        if (edges.predecessors(b).every((p) => placed.has(p))) {
          barriers.delete(b);
          place(b, true);
          progress = true;
        }
      }
    }
  };
  placeReadyBarriers();
  for (const level of levels) {
    for (const id of level) place(id, false);
    placeReadyBarriers();
  }
  return steps;
}

function toNode(resource: Resource, action: PlanNode['action']): PlanNode {
  const id = `${groupOf(resource.apiVersion)}/${resource.kind}/${resource.namespace}/${resource.name}`;
  // A pruned object is deleted, never run: its hook annotation does not make it a hook.
  const hook = action === 'apply' ? readHook(resource) : undefined;
  const node: PlanNode = { id, resource, action, wave: readWave(resource) };
  if (hook) node.hook = hook;
  return node;
}

function rejectDuplicates(nodes: readonly PlanNode[]): void {
  const seen = new Set<string>();
  for (const n of nodes) {
    if (seen.has(n.id)) {
      throw new PlanError(
        'duplicate-object',
        `${describeResource(n.resource)} appears twice in the sync (apply and prune lists must be disjoint)`,
        n.resource,
      );
    }
    seen.add(n.id);
  }
}

/** Inside a level: Argo CD's kind order (reversed for prunes), then namespace and name. */
function compareNodes(a: PlanNode, b: PlanNode): number {
  const sign = a.action === 'prune' ? -1 : 1;
  return (
    a.wave - b.wave ||
    sign * (rankKind(a.resource.kind) - rankKind(b.resource.kind)) ||
    compareText(a.resource.namespace, b.resource.namespace) ||
    compareText(a.resource.name, b.resource.name) ||
    compareText(a.id, b.id)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
