/**
 * A dry run of a sync: the same inspection, guard and plan as a real sync, and every object that
 * would be written sent to the API server with dryRun=All, so admission and schema errors show now
 * rather than halfway through the real sync. Nothing is written, no revision is recorded.
 */
import { describeResource, PlanError, planSync, type SyncPlan } from '../../core/plan/plan-sync.js';
import { checkPruneGuard } from '../../core/sync/prune-guard.js';
import type { App } from '../../core/snapshot.js';
import { inspectApp, FIELD_MANAGER, type AppInspection, type TypeRef } from './inspect-app.js';
import { forceFor, stampManifest } from './object-actions.js';
import { prepareNamespaces } from './prepare-namespaces.js';
import type { LiveState, SyncCluster } from './sync-types.js';

export interface DryRunResult {
  app: string;
  inspection: AppInspection;
  plan?: SyncPlan;
  /** Why the real sync would be refused or fail: guard, plan, namespaces, server-side validation. */
  problems: string[];
  /** Nothing differs: the real sync would write nothing. */
  inSync: boolean;
}

export async function dryRunApp(
  app: App,
  cluster: SyncCluster,
  live: LiveState,
  previousTypes: readonly TypeRef[] = [],
): Promise<DryRunResult> {
  const inspection = await inspectApp(app, live, previousTypes);
  const prune = app.spec.syncPolicy.prune;
  const changed = inspection.declared.filter((d) => !d.hook && d.diff?.status !== 'Synced');
  const inSync = changed.length === 0 && (!prune || inspection.extraneous.length === 0);
  const result: DryRunResult = { app: app.name, inspection, problems: [], inSync };
  if (inSync) return result;
  const guard = prune
    ? checkPruneGuard({
        app: app.name,
        declared: inspection.declared.filter((d) => !d.hook).length,
        tracked: inspection.tracked,
        toPrune: inspection.extraneous.length,
        allowMassPrune: app.spec.syncPolicy.allowMassPrune,
      })
    : undefined;
  if (guard) result.problems.push(guard);
  try {
    result.plan = planSync({
      apply: inspection.declared.map((d) => d.resource),
      prune: prune ? inspection.extraneous.map((e) => e.resource) : [],
    });
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    result.problems.push(`cannot plan the sync of app ${app.name}: ${e.message}`);
  }
  const ns = await prepareNamespaces(app, cluster, true);
  result.problems.push(...ns.problems);
  // Objects of a namespace that does not exist yet cannot be checked by the server; their namespace problem says why.
  const missingNs = new Set(ns.created);
  const stamp = { revision: 'dry-run', historyRevision: 0, syncedAt: new Date(0).toISOString() };
  for (const d of changed) {
    if (missingNs.has(d.resource.namespace) || ns.problems.some((p) => p.includes(`"${d.resource.namespace}"`)))
      continue;
    const force = forceFor(app.spec.syncPolicy.forceConflicts, d.resource);
    try {
      await cluster.apply(stampManifest(d.desired, stamp), { fieldManager: FIELD_MANAGER, force, dryRun: true });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      result.problems.push(`${describeResource(d.resource)} (${d.resource.source.file}): ${message}`);
    }
  }
  return result;
}
