/**
 * Kubernetes Events on the app-status ConfigMap, one per step of a sync's story (started, synced,
 * failed, pruned, rolled back, degraded), so `kubectl get events -n sextant-system` and
 * `kubectl describe cm sextant-app-<app>` tell it. Recording is best effort: a lost event never
 * fails the sync that produced it.
 */
import type { Clock } from '../../ports/clock.js';
import { isObj } from '../../core/snapshot.js';
import { isKubeError } from '../../adapters/kube/kube-error.js';
import type { SyncCluster } from '../sync/sync-types.js';
import { appStatusName, FIELD_MANAGER, toOneLine } from './app-status-store.js';

export type SyncEventReason =
  | 'SyncStarted'
  | 'Synced'
  | 'SyncFailed'
  | 'Pruned'
  | 'RollbackStarted'
  | 'RolledBack'
  | 'RollbackFailed'
  | 'HealthDegraded';

export type EventType = 'Normal' | 'Warning';

export interface StatusEvents {
  /** Never rejects: a failure goes to `onError` and the caller carries on. */
  record(app: string, reason: SyncEventReason, message: string, type?: EventType): Promise<void>;
}

export interface StatusEventsOptions {
  namespace: string;
  clock: Clock;
  /** source.component and reportingComponent; default 'sextant'. */
  component?: string;
  /** reportingInstance (for example the pod name); default the component. */
  instance?: string;
  onError?: (e: unknown) => void;
}

/** The apiserver rejects longer notes (NoteLengthLimit in core/validation/events.go). */
const MAX_MESSAGE = 1024;

const DEFAULT_TYPE: Record<SyncEventReason, EventType> = {
  SyncStarted: 'Normal',
  Synced: 'Normal',
  SyncFailed: 'Warning',
  Pruned: 'Normal',
  RollbackStarted: 'Normal',
  RolledBack: 'Normal',
  RollbackFailed: 'Warning',
  HealthDegraded: 'Warning',
};

/** An Event with eventTime set must name an action (what was done), beside the reason (why). */
const ACTION: Record<SyncEventReason, string> = {
  SyncStarted: 'Sync',
  Synced: 'Sync',
  SyncFailed: 'Sync',
  Pruned: 'Prune',
  RollbackStarted: 'Rollback',
  RolledBack: 'Rollback',
  RollbackFailed: 'Rollback',
  HealthDegraded: 'AssessHealth',
};

/** metav1.Time has whole seconds; MicroTime (eventTime) has exactly six fraction digits. */
function toSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}
function toMicro(d: Date): string {
  return `${d.toISOString().slice(0, 23)}000Z`;
}

export function createStatusEvents(cluster: SyncCluster, opts: StatusEventsOptions): StatusEvents {
  const component = opts.component ?? 'sextant';
  const instance = opts.instance ?? component;
  /** The ConfigMap's uid per app, looked up until found (a first sync's SyncStarted comes before its ConfigMap). */
  const uids = new Map<string, string>();
  let counter = 0;

  async function uidOf(app: string): Promise<string | undefined> {
    const known = uids.get(app);
    if (known) return known;
    const cm = await cluster.get('v1', 'ConfigMap', opts.namespace, appStatusName(app));
    const uid = isObj(cm?.metadata) && typeof cm.metadata.uid === 'string' ? cm.metadata.uid : undefined;
    if (uid) uids.set(app, uid);
    return uid;
  }

  /** `<object>.<hex>` as client-go names events; the counter keeps two events in one millisecond apart. */
  function eventName(app: string, now: Date): string {
    counter = (counter + 1) % 0x10000;
    return `${appStatusName(app)}.${now.getTime().toString(16)}${counter.toString(16).padStart(4, '0')}`;
  }

  async function create(app: string, reason: SyncEventReason, message: string, type: EventType): Promise<void> {
    const now = opts.clock.now();
    const uid = await uidOf(app);
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName(app, now), namespace: opts.namespace },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: appStatusName(app),
        namespace: opts.namespace,
        ...(uid ? { uid } : {}),
      },
      reason,
      message: toOneLine(message, MAX_MESSAGE),
      type,
      source: { component },
      // Both the legacy fields kubectl get events prints and the events.k8s.io ones newer tools read.
      firstTimestamp: toSeconds(now),
      lastTimestamp: toSeconds(now),
      count: 1,
      eventTime: toMicro(now),
      // The sync engine's recorder port takes any string; an unknown reason still needs an action.
      action: (ACTION as Partial<Record<string, string>>)[reason] ?? 'Sync',
      reportingComponent: component,
      reportingInstance: instance,
    };
    try {
      await cluster.create(event, { fieldManager: FIELD_MANAGER });
    } catch (e) {
      // Another replica picked the same name in the same millisecond: one more try under a new name.
      if (!isKubeError(e, 'already-exists')) throw e;
      await cluster.create(
        { ...event, metadata: { ...event.metadata, name: eventName(app, now) } },
        { fieldManager: FIELD_MANAGER },
      );
    }
  }

  return {
    async record(app, reason, message, type) {
      try {
        await create(
          app,
          reason,
          message,
          type ?? (DEFAULT_TYPE as Partial<Record<string, EventType>>)[reason] ?? 'Normal',
        );
      } catch (e) {
        opts.onError?.(e);
      }
    },
  };
}
