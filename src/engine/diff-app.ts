/**
 * Diff one app against the cluster: each object Git declares against its live copy, plus the
 * Extraneous objects (carrying its tracking id, no longer in Git), found in every type the app declares
 * or declared at its last sync. The same inspection a sync makes, so diff and sync never disagree.
 */
import type { ObjectDiff } from '../core/diff/diff-object.js';
import type { App } from '../core/snapshot.js';
import { inspectApp, type TypeRef } from './sync/inspect-app.js';
import type { LiveState } from './sync/sync-types.js';

export { APP_LABEL, MANAGED_BY_LABEL, TRACKING_ANNOTATION, trackingId, withTracking } from './sync/tracking.js';

export interface ObjectReport {
  apiVersion: string;
  kind: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  diff: ObjectDiff;
}

export interface AppDiff {
  app: string;
  status: 'Synced' | 'OutOfSync';
  /** Declared objects in snapshot order (hooks aside: they are run, not kept), then Extraneous ones. */
  objects: ObjectReport[];
}

export async function diffApp(app: App, live: LiveState, previousTypes: readonly TypeRef[] = []): Promise<AppDiff> {
  const inspection = await inspectApp(app, live, previousTypes);
  const objects: ObjectReport[] = [];
  for (const d of inspection.declared) {
    if (!d.diff) continue;
    const { apiVersion, kind, namespace, name } = d.resource;
    objects.push({ apiVersion, kind, namespace, name, diff: d.diff });
  }
  for (const e of inspection.extraneous) {
    const { apiVersion, kind, namespace, name } = e.resource;
    objects.push({ apiVersion, kind, namespace, name, diff: e.diff });
  }
  const status = objects.every((o) => o.diff.status === 'Synced') ? 'Synced' : 'OutOfSync';
  return { app: app.name, status, objects };
}
