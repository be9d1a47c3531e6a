/**
 * The sync plan as a value: which objects to apply or prune, the edges that order them (each with the
 * rule that put it there) and the levels an executor can run in parallel. Errors are terminal: a new
 * commit, not a retry, fixes them.
 */

import type { Resource } from '../snapshot.js';

export type HookPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';

export type HookDeletePolicy = 'BeforeHookCreation' | 'HookSucceeded' | 'HookFailed';

export interface PlanNode {
  id: string; // '<group>/<Kind>/<namespace>/<name>', group '' for the core API
  resource: Resource;
  action: 'apply' | 'prune';
  hook?: { phase: HookPhase; deletePolicies: string[] };
  wave: number;
}

/**
 * `from` must finish before `to` starts. Reasons: 'namespace', 'crd', 'depends-on', 'kind-order',
 * 'wave', 'hook-phase', 'prune-reverse' (any rule, reversed between two pruned objects) and
 * 'prune-last' (every apply before any prune).
 */
export interface PlanEdge {
  from: string;
  to: string;
  reason: string;
}

export interface SyncPlan {
  nodes: PlanNode[];
  /**
   * Why nodes wait, not a complete graph. Explicit edges ('namespace', 'crd', 'depends-on', and their
   * 'prune-reverse') are all listed. A rule between two groups of nodes ('kind-order', 'wave',
   * 'hook-phase', 'prune-last', and their 'prune-reverse') is listed as a spanning set instead of
   * every pair: each node of the earlier group to the later group's first node, and the earlier
   * group's first node to each node of the later group. So every waiting node has an edge naming a
   * reason, and the list grows with the plan, not with its square. Use `levels` for the order.
   */
  edges: PlanEdge[];
  /** Topological levels of node ids: nodes in a level may run in parallel. SyncFail hooks are not in them. */
  levels: string[][];
  /** Ids of the SyncFail hooks, in the order to run them when the sync fails. */
  syncFailHooks: string[];
  /**
   * The graph an executor runs: every object and barrier node with what it waits for directly, in an
   * order where each step follows its dependencies. Barriers (`barrier: true`) do no work; they stand for
   * "all of these before all of those" so the graph stays linear in size. SyncFail hooks are not in it.
   */
  steps: PlanStep[];
}

export interface PlanStep {
  id: string;
  deps: string[];
  barrier: boolean;
}

export type PlanErrorCode = 'dependency-cycle' | 'unknown-dependency' | 'invalid-annotation' | 'duplicate-object';

export class PlanError extends Error {
  constructor(
    readonly code: PlanErrorCode,
    message: string,
    readonly resource?: Resource,
  ) {
    super(message);
    this.name = 'PlanError';
  }
}

/** `cycle` holds node ids, first member repeated at the end; the message reads `A -> B -> A` (A waits for B). */
export class PlanCycleError extends PlanError {
  constructor(
    readonly cycle: string[],
    path: string,
  ) {
    super('dependency-cycle', `sync order has a cycle: ${path}`);
    this.name = 'PlanCycleError';
  }
}

/** How a plan names an object to people: `Kind/name`, or `Kind/namespace/name` when it helps. */
export function describeResource(r: Resource, withNamespace = true): string {
  return withNamespace && r.namespace !== '' ? `${r.kind}/${r.namespace}/${r.name}` : `${r.kind}/${r.name}`;
}
