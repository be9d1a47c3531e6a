/**
 * Rollback targets and the app a revision describes: a revision's record holds the exact manifests
 * applied and the app spec in force, so restoring it needs no Git access, and it goes through the same
 * health-gated sync (prune included) as any other.
 */
import { readAppSpecValue } from '../../core/manifests/application.js';
import { isObj, type App, type Resource } from '../../core/snapshot.js';
import type { RevisionSummary } from '../history/history-store.js';
import type { SyncRecord } from '../sync/sync-types.js';

/** The newest Succeeded revision older than `current` (the app's last recorded revision when 0). */
export function chooseRollbackTarget(revisions: readonly RevisionSummary[], current: number): number | undefined {
  const newest = revisions.reduce((m, r) => Math.max(m, r.revision), 0);
  const before = current > 0 ? current : newest;
  return revisions
    .filter((r) => r.outcome === 'Succeeded' && r.revision < before)
    .sort((a, b) => b.revision - a.revision)[0]?.revision;
}

export function appFromRecord(record: SyncRecord): App {
  const resources: Resource[] = record.manifests.map((m, i) => {
    const meta = isObj(m.metadata) ? m.metadata : {};
    return {
      apiVersion: typeof m.apiVersion === 'string' ? m.apiVersion : '',
      kind: typeof m.kind === 'string' ? m.kind : '',
      name: typeof meta.name === 'string' ? meta.name : '',
      namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
      object: m,
      source: { file: `(revision ${record.revision} of app ${record.app}, manifest ${i + 1})`, line: 0, column: 0 },
    };
  });
  return { name: record.app, spec: readAppSpecValue(record.appSpec), resources, digest: `revision-${record.revision}` };
}
