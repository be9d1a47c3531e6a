/**
 * SyncFail hooks: when a sync fails, its SyncFail hooks run one after another (cleanup, a page, a
 * notification), each to completion, within the app's timeout. Their failures are reported with the
 * sync, never hide the original failure, and never stop the next SyncFail hook.
 */
import type { SyncPlan } from '../../core/plan/plan-types.js';
import type { AppInspection } from './inspect-app.js';
import { runHook, type ActionContext } from './object-actions.js';
import type { ObjectOutcome } from './sync-types.js';

export async function runSyncFailHooks(
  plan: SyncPlan,
  inspection: AppInspection,
  ctx: ActionContext,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<ObjectOutcome[]> {
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const declared = new Map(inspection.declared.map((d) => [d.resource, d]));
  const budget = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])]);
  const outcomes: ObjectOutcome[] = [];
  for (const id of plan.syncFailHooks) {
    const node = byId.get(id);
    const entry = node ? declared.get(node.resource) : undefined;
    if (!node || !entry) continue;
    const { apiVersion, kind, namespace, name } = node.resource;
    const startedAt = ctx.clock.now().toISOString();
    const base = { apiVersion, kind, namespace, name, action: 'hook' as const, hookPhase: 'SyncFail', startedAt };
    try {
      const health = await runHook(ctx, node, entry, budget);
      outcomes.push({
        ...base,
        result: 'HookSucceeded',
        health: health.status,
        message: health.message,
        finishedAt: ctx.clock.now().toISOString(),
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      outcomes.push({ ...base, result: 'HookFailed', message, finishedAt: ctx.clock.now().toISOString() });
    }
  }
  return outcomes;
}
