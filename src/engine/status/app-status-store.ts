/**
 * The app-status ConfigMap (DESIGN.md "State in the cluster"): one `sextant-app-<app>` per app in the
 * state namespace, whose labels and annotations make `kubectl get cm -L ...` a status table and whose
 * status.json holds the per-object detail. Written by server-side apply with only the fields listed
 * here, so annotations other managers add (rollback pin, suspend) survive every write; an unchanged
 * status writes nothing.
 */
import type { KubeObject } from '../../adapters/kube/kube-client.js';
import type { HealthStatus } from '../../core/health/health.js';
import { isObj } from '../../core/snapshot.js';
import type { AppStatus, AppSyncStatus, ObjectStatus, SyncCluster } from '../sync/sync-types.js';
import { ensureStateNamespace } from './state-namespace.js';

export const FIELD_MANAGER = 'sextant';
export const STATUS_KEY = 'status.json';
/** The annotation message is for a glance in kubectl; status.json keeps the whole text. */
const MAX_MESSAGE = 1000;

export const LABEL = {
  kind: 'sextant.dev/kind',
  app: 'sextant.dev/app',
  syncStatus: 'sextant.dev/sync-status',
  health: 'sextant.dev/health',
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

export const ANNOTATION = {
  revision: 'sextant.dev/revision',
  historyRevision: 'sextant.dev/history-revision',
  message: 'sextant.dev/message',
  syncedAt: 'sextant.dev/synced-at',
} as const;

export const APP_STATUS_KIND = 'app-status';

export interface AppStatusStore {
  /** Creates the state namespace when missing; writes nothing when the stored status is already equal. */
  write(status: AppStatus): Promise<void>;
  read(app: string): Promise<AppStatus | undefined>;
  /** Every app with a status, sorted by app name. */
  list(): Promise<AppStatus[]>;
}

export function appStatusName(app: string): string {
  return `sextant-app-${app}`;
}

/** One line, at most `max` characters, so it fits an annotation, an Event or a table cell. */
export function toOneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** The fields Sextant owns on the ConfigMap; nothing else is sent, so SSA leaves other managers' fields alone. */
export function buildAppStatusConfigMap(status: AppStatus, namespace: string): KubeObject {
  const annotations: Record<string, string> = {};
  if (status.revision) annotations[ANNOTATION.revision] = status.revision;
  annotations[ANNOTATION.historyRevision] = String(status.historyRevision);
  annotations[ANNOTATION.message] = toOneLine(status.message, MAX_MESSAGE);
  if (status.syncedAt) annotations[ANNOTATION.syncedAt] = status.syncedAt;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: appStatusName(status.app),
      namespace,
      labels: {
        [LABEL.kind]: APP_STATUS_KIND,
        [LABEL.app]: status.app,
        [LABEL.syncStatus]: status.syncStatus,
        [LABEL.health]: status.health,
        [LABEL.managedBy]: 'sextant',
      },
      annotations,
    },
    data: { [STATUS_KEY]: JSON.stringify(status) },
  };
}

function stringMap(v: unknown): Record<string, unknown> {
  return isObj(v) ? v : {};
}

/** True when `live` already carries every label, annotation and data key of `desired` with the same value. */
function holdsAll(live: KubeObject, desired: KubeObject): boolean {
  const lm = stringMap(live.metadata);
  const dm = stringMap(desired.metadata);
  const sameEntries = (have: unknown, want: unknown): boolean => {
    const h = stringMap(have);
    return Object.entries(stringMap(want)).every(([k, v]) => h[k] === v);
  };
  return (
    sameEntries(lm.labels, dm.labels) &&
    sameEntries(lm.annotations, dm.annotations) &&
    sameEntries(live.data, desired.data) &&
    // A field we no longer send (revision, synced-at) must go, so its presence is a difference too.
    Object.values(ANNOTATION).every((k) => k in stringMap(dm.annotations) || !(k in stringMap(lm.annotations)))
  );
}

const SYNC_STATUSES: readonly string[] = ['Synced', 'OutOfSync', 'Syncing', 'Failed', 'Suspended', 'Pinned'];
const HEALTH_STATUSES: readonly string[] = ['Healthy', 'Progressing', 'Degraded', 'Missing', 'Suspended', 'Unknown'];

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** status.json when it parses, else what the labels and annotations still say (someone edited it by hand). */
export function parseAppStatus(cm: KubeObject): AppStatus | undefined {
  const meta = stringMap(cm.metadata);
  const labels = stringMap(meta.labels);
  const annotations = stringMap(meta.annotations);
  const app = str(labels[LABEL.app]);
  try {
    const parsed: unknown = JSON.parse(str(stringMap(cm.data)[STATUS_KEY]));
    if (isObj(parsed) && typeof parsed.app === 'string' && Array.isArray(parsed.objects)) {
      return parsed as unknown as AppStatus;
    }
  } catch {
    // fall through to the labels
  }
  if (!app) return undefined;
  const sync = str(labels[LABEL.syncStatus]);
  const health = str(labels[LABEL.health]);
  return {
    app,
    syncStatus: (SYNC_STATUSES.includes(sync) ? sync : 'OutOfSync') as AppSyncStatus,
    health: (HEALTH_STATUSES.includes(health) ? health : 'Unknown') as HealthStatus,
    revision: str(annotations[ANNOTATION.revision]),
    historyRevision: Number(str(annotations[ANNOTATION.historyRevision])) || 0,
    message: str(annotations[ANNOTATION.message]),
    syncedAt: str(annotations[ANNOTATION.syncedAt]),
    objects: [] as ObjectStatus[],
  };
}

export function createAppStatusStore(cluster: SyncCluster, opts: { namespace: string }): AppStatusStore {
  const { namespace } = opts;
  /** What we last wrote (or found equal) per app, as the exact ConfigMap body; avoids a GET per no-op write. */
  const written = new Map<string, string>();
  let namespaceReady: Promise<void> | undefined;

  return {
    async write(status) {
      const desired = buildAppStatusConfigMap(status, namespace);
      const body = JSON.stringify(desired);
      if (written.get(status.app) === body) return;
      // A failed namespace check is retried on the next write instead of being remembered.
      namespaceReady ??= ensureStateNamespace(cluster, namespace).catch((e: unknown) => {
        namespaceReady = undefined;
        throw e;
      });
      await namespaceReady;
      if (!written.has(status.app)) {
        const live = await cluster.get('v1', 'ConfigMap', namespace, appStatusName(status.app));
        if (live && holdsAll(live, desired)) {
          written.set(status.app, body);
          return;
        }
      }
      written.delete(status.app);
      await cluster.apply(desired, { fieldManager: FIELD_MANAGER, force: true });
      written.set(status.app, body);
    },

    async read(app) {
      const cm = await cluster.get('v1', 'ConfigMap', namespace, appStatusName(app));
      return cm ? parseAppStatus(cm) : undefined;
    },

    async list() {
      const { items } = await cluster.list('v1', 'ConfigMap', {
        namespace,
        labelSelector: `${LABEL.kind}=${APP_STATUS_KIND}`,
      });
      return items
        .map(parseAppStatus)
        .filter((s): s is AppStatus => s !== undefined)
        .sort((a, b) => (a.app < b.app ? -1 : a.app > b.app ? 1 : 0));
    },
  };
}
