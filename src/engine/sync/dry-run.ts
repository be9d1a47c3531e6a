/**
 * A dry run of a sync: the same inspection, guard and plan as a real sync, and every object that
 * would be written sent to the API server with dryRun=All, so admission and schema errors show now
 * rather than halfway through the real sync. Nothing is written, no revision is recorded.
 */
import { describeResource, type SyncPlan } from '../../core/plan/plan-sync.js';
import type { App } from '../../core/snapshot.js';
import { inspectApp, FIELD_MANAGER, type AppInspection, type TypeRef } from './inspect-app.js';
import { forceFor, stampManifest } from './object-actions.js';
import { planApp, pendingWork } from './plan-app.js';
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
  const work = pendingWork(app, inspection);
  const inSync = work.changed === 0 && work.toPrune === 0;
  const result: DryRunResult = { app: app.name, inspection, problems: [], inSync };
  if (inSync) return result;
  const planned = planApp(app, inspection);
  if ('plan' in planned) result.plan = planned.plan;
  else result.problems.push(planned.refusal);
  const ns = await prepareNamespaces(app, cluster, true);
  result.problems.push(...ns.problems);
  // Objects of a namespace that does not exist yet cannot be checked by the server; their namespace problem says why.
  const missingNs = new Set(ns.created);
  const stamp = { revision: 'dry-run', historyRevision: 0, syncedAt: new Date(0).toISOString() };
  for (const d of inspection.declared.filter((x) => !x.hook && x.diff?.status !== 'Synced')) {
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
