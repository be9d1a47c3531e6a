/**
 * The vocabulary of a sync shared by the engine, the status writer, the history store and the CLI:
 * what one sync of one app did, object by object. Plain data, so it can be recorded as JSON, shown
 * by `sextant sync` and `sextant status`, and compared in tests.
 */
import type { KubeClient } from '../../adapters/kube/kube-client.js';
import type { LiveCache } from '../../adapters/kube/live-cache.js';
import type { HealthStatus } from '../../core/health/health.js';
import type { Obj, Snapshot } from '../../core/snapshot.js';

/** The cluster calls a sync makes; the kube adapter's client satisfies it, tests may pass a fake. */
export type SyncCluster = Pick<KubeClient, 'get' | 'list' | 'apply' | 'create' | 'delete' | 'mergePatch'>;
/** The informer-style live state a sync reads and waits on. */
export type LiveState = Pick<LiveCache, 'track' | 'get' | 'list' | 'onChange'>;

export type SyncTrigger = 'poll' | 'webhook' | 'self-heal' | 'manual' | 'rollback' | 'auto-rollback';

/** How a sync ended. Running is only ever seen in a history record of a sync still under way (or interrupted). */
export type SyncOutcome = 'Running' | 'Succeeded' | 'Failed' | 'Cancelled' | 'Interrupted';

/**
 * The app-level sync status of DESIGN.md (label sextant.dev/sync-status), plus Pinned: a rollback
 * restored an older revision and auto-sync waits for a new commit or `sextant resume`.
 */
export type AppSyncStatus = 'Synced' | 'OutOfSync' | 'Syncing' | 'Failed' | 'Suspended' | 'Pinned';

export type ObjectAction = 'apply' | 'prune' | 'hook';

/**
 * What happened to one object: Applied (written), Unchanged (already equal, not written), Pruned,
 * HookSucceeded / HookFailed (a hook ran), Failed (a write or health wait failed), Skipped (a
 * dependency failed or the sync stopped before it), Cancelled (stopped while running).
 */
export type ObjectResult =
  'Applied' | 'Unchanged' | 'Pruned' | 'HookSucceeded' | 'HookFailed' | 'Failed' | 'Skipped' | 'Cancelled';

export interface ObjectOutcome {
  apiVersion: string;
  kind: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  action: ObjectAction;
  /** Hook phase when action is 'hook'. */
  hookPhase?: string;
  result: ObjectResult;
  health?: HealthStatus;
  message: string;
  startedAt?: string; // RFC 3339
  finishedAt?: string;
}

export interface CommitInfo {
  sha: string;
  subject: string;
  author: { name: string; email: string };
}

/** The commit a snapshot was read from, as history records it. */
export function commitOfSnapshot(snapshot: Snapshot): CommitInfo {
  const p = snapshot.provenance;
  return p
    ? { sha: p.commit, subject: p.subject, author: p.author }
    : { sha: 'unknown', subject: '', author: { name: '', email: '' } };
}

/** One sync of one app, as recorded in history and summarised in the app-status ConfigMap. */
export interface SyncRecord {
  app: string;
  /** History revision number N (sextant-rev-<app>-<N>). */
  revision: number;
  commit: CommitInfo;
  trigger: SyncTrigger;
  /** For trigger rollback / auto-rollback: the revision restored. */
  rollbackOf?: number;
  startedAt: string;
  finishedAt?: string;
  outcome: SyncOutcome;
  /** One line: why it failed, or a summary of what it did. */
  message: string;
  objects: ObjectOutcome[];
  /** The exact rendered manifests applied (tracking metadata included), so a rollback needs no Git access. */
  manifests: Obj[];
  /** The app spec in force (namespace, syncPolicy, ...), for rollback. */
  appSpec: Obj;
}

/** Per-object line of the app-status ConfigMap's status.json. */
export interface ObjectStatus {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  sync: 'Synced' | 'OutOfSync' | 'Missing' | 'Extraneous';
  health: HealthStatus;
  message: string;
}

/** What the app-status ConfigMap says about one app (DESIGN.md: State in the cluster). */
export interface AppStatus {
  app: string;
  syncStatus: AppSyncStatus;
  health: HealthStatus;
  /** Git sha last synced ('' before the first sync). */
  revision: string;
  /** History revision N of the last sync (0 before the first). */
  historyRevision: number;
  message: string;
  /** RFC 3339 time of the last sync that finished ('' before the first). */
  syncedAt: string;
  /**
   * Per object; for a large app only the ones that are not Synced and Healthy (up to a limit), so the
   * ConfigMap stays far below the API server's 1 MiB: `omittedObjects` counts the rest.
   */
  objects: ObjectStatus[];
  omittedObjects?: number;
  /** Every type the app's objects have (declared or left behind): where to look for objects to prune. */
  types?: { apiVersion: string; kind: string }[];
}
