/**
 * User intent about an app, kept as annotations on its app-status ConfigMap (DESIGN.md): suspend, a
 * rollback request, and the pin a rollback leaves. The CLI and the API write them; the daemon reads
 * them and clears the ones it has acted on. Merge patches touch only these keys, so the daemon's status
 * writes (server-side apply, manager `sextant`) and intent writes never undo each other.
 */
import type { KubeObject } from '../../adapters/kube/kube-client.js';
import { isKubeError } from '../../adapters/kube/kube-error.js';
import { isObj } from '../../core/snapshot.js';
import type { SyncCluster } from '../sync/sync-types.js';
import { APP_STATUS_KIND, LABEL, appStatusName } from './app-status-store.js';

export const INTENT = {
  suspended: 'sextant.dev/suspended',
  rollbackTo: 'sextant.dev/rollback-to',
  rollbackRequestedAt: 'sextant.dev/rollback-requested-at',
  pinnedRevision: 'sextant.dev/pinned-revision',
} as const;

export const INTENT_FIELD_MANAGER = 'sextant-intent';

export interface AppIntent {
  suspended: boolean;
  /** Set after a rollback: auto-sync pauses until a new commit changes the app or the user resumes it. */
  pinnedRevision?: number;
  /** A rollback asked for by `sextant rollback`, not yet performed. */
  rollback?: { revision: number; requestedAt: string };
}

function revisionOf(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function readIntent(cm: KubeObject | undefined): AppIntent {
  const meta = cm && isObj(cm.metadata) ? cm.metadata : {};
  const a = isObj(meta.annotations) ? meta.annotations : {};
  const intent: AppIntent = { suspended: a[INTENT.suspended] === 'true' };
  const pinned = revisionOf(a[INTENT.pinnedRevision]);
  if (pinned !== undefined) intent.pinnedRevision = pinned;
  const to = revisionOf(a[INTENT.rollbackTo]);
  if (to !== undefined) {
    const at = a[INTENT.rollbackRequestedAt];
    intent.rollback = { revision: to, requestedAt: typeof at === 'string' ? at : '' };
  }
  return intent;
}

export interface IntentStore {
  read(app: string): Promise<AppIntent>;
  /** Sets (string) or removes (null) intent annotations, creating the ConfigMap when the app has none yet. */
  set(app: string, values: Partial<Record<keyof typeof INTENT, string | null>>): Promise<void>;
}

export function createIntentStore(cluster: SyncCluster, opts: { namespace: string }): IntentStore {
  const { namespace } = opts;
  return {
    async read(app) {
      return readIntent(await cluster.get('v1', 'ConfigMap', namespace, appStatusName(app)));
    },
    async set(app, values) {
      const annotations: Record<string, string | null> = {};
      for (const [key, value] of Object.entries(values)) {
        if (value !== undefined) annotations[INTENT[key as keyof typeof INTENT]] = value;
      }
      const name = appStatusName(app);
      try {
        await cluster.mergePatch(
          'v1',
          'ConfigMap',
          namespace,
          name,
          { metadata: { annotations } },
          INTENT_FIELD_MANAGER,
        );
      } catch (e) {
        if (!isKubeError(e, 'not-found')) throw e;
        const present = Object.fromEntries(Object.entries(annotations).filter(([, v]) => v !== null));
        await cluster.apply(
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: {
              name,
              namespace,
              labels: { [LABEL.kind]: APP_STATUS_KIND, [LABEL.app]: app, [LABEL.managedBy]: 'sextant' },
              annotations: present,
            },
          },
          { fieldManager: INTENT_FIELD_MANAGER, force: false },
        );
      }
    },
  };
}
