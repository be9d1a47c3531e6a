/**
 * From an inspection to a plan, the same way for a sync and its dry run: whether there is anything to
 * do, the prune guard, then the planner. A refusal is one line that names the app and what to change.
 */
import { PlanError, planSync, type SyncPlan } from '../../core/plan/plan-sync.js';
import { checkPruneGuard } from '../../core/sync/prune-guard.js';
import type { App } from '../../core/snapshot.js';
import type { AppInspection } from './inspect-app.js';

/** Declared objects (hooks aside) that differ from the cluster, and what would be pruned. */
export function pendingWork(app: App, inspection: AppInspection): { changed: number; toPrune: number } {
  const changed = inspection.declared.filter((d) => !d.hook && d.diff?.status !== 'Synced').length;
  return { changed, toPrune: app.spec.syncPolicy.prune ? inspection.extraneous.length : 0 };
}

export function planApp(app: App, inspection: AppInspection): { plan: SyncPlan } | { refusal: string } {
  const prune = app.spec.syncPolicy.prune;
  const guard = prune
    ? checkPruneGuard({
        app: app.name,
        declared: inspection.declared.filter((d) => !d.hook).length,
        tracked: inspection.tracked,
        toPrune: inspection.extraneous.length,
        allowMassPrune: app.spec.syncPolicy.allowMassPrune,
      })
    : undefined;
  if (guard) return { refusal: guard };
  try {
    const plan = planSync({
      apply: inspection.declared.map((d) => d.resource),
      prune: prune ? inspection.extraneous.map((e) => e.resource) : [],
    });
    return { plan };
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    return { refusal: `cannot plan the sync of app ${app.name}: ${e.message}` };
  }
}
