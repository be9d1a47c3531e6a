/**
 * The app status a sync leaves behind, computed from an inspection of the live state: per object its
 * sync and health, the app's sync status and worst health, and one message a user can act on.
 */
import { summarizeHealth } from '../../core/health/app-health.js';
import { assessHealth } from '../../core/health/assess.js';
import type { Health } from '../../core/health/health.js';
import type { AppInspection } from './inspect-app.js';
import type { AppStatus, AppSyncStatus, ObjectStatus } from './sync-types.js';

export interface StatusBasis {
  app: string;
  inspection: AppInspection;
  now: Date;
  prune: boolean;
  /** Failed / Syncing / Suspended override what the inspection says. */
  syncStatus?: AppSyncStatus;
  revision: string;
  historyRevision: number;
  syncedAt: string;
  message?: string;
}

function label(o: { kind: string; namespace: string; name: string }): string {
  return `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** Ready for its dependents: Healthy, and its last sync neither failed nor still running. */
export function isReady(s: AppStatus): boolean {
  return s.health === 'Healthy' && s.syncStatus !== 'Failed' && s.syncStatus !== 'Syncing';
}

/** Where to look for the app's Extraneous objects: every type its last status recorded. */
export function typesToSearch(previous: AppStatus | undefined): { apiVersion: string; kind: string }[] {
  return previous?.types ?? (previous?.objects ?? []).map((o) => ({ apiVersion: o.apiVersion, kind: o.kind }));
}

export function objectStatuses(inspection: AppInspection, now: Date): ObjectStatus[] {
  const out: ObjectStatus[] = [];
  for (const d of inspection.declared) {
    if (d.hook || !d.diff) continue;
    const { apiVersion, kind, namespace, name } = d.resource;
    const health: Health = assessHealth(d.live, now);
    const drift = d.diff.changes.map((c) => c.explanation).join('; ');
    out.push({
      apiVersion,
      kind,
      namespace,
      name,
      sync: d.diff.status,
      health: health.status,
      message: d.diff.status === 'OutOfSync' ? drift : health.message,
    });
  }
  for (const e of inspection.extraneous) {
    const { apiVersion, kind, namespace, name } = e.resource;
    out.push({ apiVersion, kind, namespace, name, sync: 'Extraneous', health: 'Healthy', message: 'no longer in Git' });
  }
  return out;
}

/** Above this many objects only the ones needing attention are listed (10,000 objects would be ~1.8 MiB). */
export const MAX_LISTED_OBJECTS = 1000;

function typesOf(objects: readonly ObjectStatus[]): { apiVersion: string; kind: string }[] {
  const seen = new Map<string, { apiVersion: string; kind: string }>();
  for (const o of objects) seen.set(`${o.apiVersion} ${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind });
  return [...seen.values()];
}

export function buildAppStatus(b: StatusBasis): AppStatus {
  const objects = objectStatuses(b.inspection, b.now);
  const health = summarizeHealth(
    objects
      .filter((o) => o.sync !== 'Extraneous')
      .map((o) => ({ status: o.health, message: o.message, object: label(o) })),
  );
  const differing = objects.filter((o) => o.sync !== 'Synced');
  const syncStatus = b.syncStatus ?? (differing.length > 0 ? 'OutOfSync' : 'Synced');
  let message = b.message ?? '';
  if (!message) {
    if (differing.length === 0) message = `${objects.length} objects synced; ${health.message}`;
    else {
      const first = differing[0];
      const extraneousOnly = differing.every((o) => o.sync === 'Extraneous');
      const pruneNote = extraneousOnly && !b.prune ? ' (prune is off for this app)' : '';
      message = `${differing.length} of ${objects.length} objects differ from Git${pruneNote}${first ? `: ${label(first)} ${first.sync}` : ''}`;
    }
  }
  const status: AppStatus = {
    app: b.app,
    syncStatus,
    health: health.status,
    revision: b.revision,
    historyRevision: b.historyRevision,
    message,
    syncedAt: b.syncedAt,
    objects,
    types: typesOf(objects),
  };
  if (objects.length > MAX_LISTED_OBJECTS) {
    const notable = objects.filter((o) => o.sync !== 'Synced' || o.health !== 'Healthy').slice(0, MAX_LISTED_OBJECTS);
    status.objects = notable;
    status.omittedObjects = objects.length - notable.length;
  }
  return status;
}
