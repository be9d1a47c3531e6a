/**
 * Executing a sync plan on the generic DAG executor: each object node applies (or prunes, or runs a
 * hook) and waits until healthy before what depends on it starts; barrier nodes do nothing. Transient
 * API errors are retried with backoff; a Degraded object, a conflict or a rejected manifest fails its
 * node, its dependents are skipped, and the outcome of every object is reported.
 */
import { KubeError } from '../../adapters/kube/kube-error.js';
import type { Health } from '../../core/health/health.js';
import { describeResource, type PlanNode, type SyncPlan } from '../../core/plan/plan-types.js';
import { runDag, type DagEvent, type NodeResult, type RetryPolicy } from '../dag/run-dag.js';
import type { DeclaredObject, ExtraneousObject } from './inspect-app.js';
import { applyObject, pruneObject, runHook, type ActionContext } from './object-actions.js';
import type { ObjectOutcome, ObjectResult } from './sync-types.js';

/** Transient API failures: a few quick retries (the app's retry policy governs whole syncs, not calls). */
export const NODE_RETRY: RetryPolicy = { limit: 5, backoff: { durationMs: 200, factor: 2, maxDurationMs: 5_000 } };

export interface RunPlanInput {
  plan: SyncPlan;
  declared: ReadonlyMap<string, DeclaredObject>;
  extraneous: ReadonlyMap<string, ExtraneousObject>;
  ctx: ActionContext;
  concurrency: number;
  deadlineMs: number;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  onStarted?: (node: PlanNode) => void;
  onRetrying?: (node: PlanNode, error: string, delayMs: number) => void;
  onFinished?: (outcome: ObjectOutcome) => void;
}

export interface RunPlanResult {
  succeeded: boolean;
  deadlineExceeded: boolean;
  outcomes: ObjectOutcome[];
  /** The first failure, as one line naming the object. */
  failure?: string;
}

interface Done {
  written?: boolean;
  health?: Health;
  note?: string;
}

export function isTransient(e: unknown): boolean {
  return e instanceof KubeError && e.retryable;
}

export async function runPlan(input: RunPlanInput): Promise<RunPlanResult> {
  const { plan, ctx } = input;
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const done = new Map<string, Done>();
  const outcomes = new Map<string, ObjectOutcome>();
  let failure: string | undefined;

  const runNode = async (node: PlanNode, signal: AbortSignal): Promise<void> => {
    const declared = input.declared.get(node.id);
    if (node.action === 'prune') {
      const e = input.extraneous.get(node.id);
      if (e) done.set(node.id, { note: await pruneObject(ctx, node.resource, e.live, signal) });
    } else if (declared && node.hook) {
      done.set(node.id, { health: await runHook(ctx, node, declared, signal) });
    } else if (declared) {
      done.set(node.id, await applyObject(ctx, node, declared, signal));
    }
  };

  const toOutcome = (node: PlanNode, r: NodeResult): ObjectOutcome => {
    const d = done.get(node.id);
    const { apiVersion, kind, namespace, name } = node.resource;
    const action = node.action === 'prune' ? 'prune' : node.hook ? 'hook' : 'apply';
    let result: ObjectResult;
    let message: string;
    const lastHealth = ctx.lastHealth.get(node.id);
    if (r.outcome === 'succeeded') {
      result =
        action === 'prune' ? 'Pruned' : action === 'hook' ? 'HookSucceeded' : d?.written ? 'Applied' : 'Unchanged';
      message = d?.note ?? d?.health?.message ?? '';
    } else if (r.outcome === 'skipped') {
      result = 'Skipped';
      message = 'not started: something it waits for failed or the sync stopped';
    } else if (r.outcome === 'cancelled') {
      result = 'Cancelled';
      message = lastHealth ? `stopped while ${lastHealth.status}: ${lastHealth.message}` : 'stopped while running';
    } else {
      result = action === 'hook' ? 'HookFailed' : 'Failed';
      message = r.error ?? 'failed';
    }
    const outcome: ObjectOutcome = { apiVersion, kind, namespace, name, action, result, message };
    if (node.hook) outcome.hookPhase = node.hook.phase;
    const health = d?.health ?? lastHealth;
    if (health) outcome.health = health.status;
    if (r.startedAt) outcome.startedAt = r.startedAt.toISOString();
    if (r.finishedAt) outcome.finishedAt = r.finishedAt.toISOString();
    return outcome;
  };

  const onEvent = (e: DagEvent): void => {
    if (e.type === 'node-started' && e.attempt === 1) {
      const node = byId.get(e.id);
      if (node) input.onStarted?.(node);
    } else if (e.type === 'node-retrying') {
      const node = byId.get(e.id);
      if (node) input.onRetrying?.(node, e.error, e.delayMs);
    } else if (e.type === 'node-finished') {
      const node = byId.get(e.result.id);
      if (!node) return;
      const outcome = toOutcome(node, e.result);
      outcomes.set(node.id, outcome);
      if ((outcome.result === 'Failed' || outcome.result === 'HookFailed') && failure === undefined)
        failure = `${describeResource(node.resource)}: ${outcome.message}`;
      input.onFinished?.(outcome);
    }
  };

  let deadlineExceeded = false;
  const result = await runDag({
    nodes: plan.steps.map((s) => ({ id: s.id, deps: s.deps, payload: byId.get(s.id) })),
    run: async (n, { signal }) => (n.payload ? runNode(n.payload, signal) : undefined),
    concurrency: input.concurrency,
    clock: ctx.clock,
    deadlineMs: input.deadlineMs,
    retry: (n) => (n.payload ? (input.retry ?? NODE_RETRY) : undefined),
    isRetryable: isTransient,
    onEvent,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  if (result.outcome === 'cancelled' && !input.signal?.aborted) deadlineExceeded = true;
  const ordered = plan.nodes.filter((n) => n.hook?.phase !== 'SyncFail').flatMap((n) => outcomes.get(n.id) ?? []);
  const out: RunPlanResult = { succeeded: result.outcome === 'succeeded', deadlineExceeded, outcomes: ordered };
  if (failure) out.failure = failure;
  return out;
}
