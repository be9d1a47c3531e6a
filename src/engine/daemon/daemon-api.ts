/**
 * What the daemon offers its HTTP API (and the web UI later): read status, diff and history, and
 * accept user intent (sync, rollback, suspend, resume) and push notifications. The HTTP adapter
 * depends on this interface only, so it is tested with a fake and the daemon with no HTTP at all.
 */
import type { AppDiff } from '../diff-app.js';
import type { RevisionSummary } from '../history/history-store.js';
import type { AppStatus } from '../sync/sync-types.js';

/** A push as the webhook parsers report it, whatever the Git host. */
export interface PushNotice {
  provider: 'github' | 'gitlab' | 'gitea';
  /** Full ref, e.g. refs/heads/main. */
  ref: string;
  /** The new tip, when the event carries it. */
  after?: string;
  /** Repository URLs the event names (clone URLs, html URL), to match against the followed repo. */
  repositoryUrls: string[];
}

export interface IntentAnswer {
  /** HTTP-ish: 202 accepted, 404 unknown app or revision, 409 refused (e.g. rollback target failed). */
  code: 202 | 404 | 409;
  message: string;
  /** For rollback: the revision that will be restored. */
  revision?: number;
}

/** Something that happened, streamed to /api/v1/events as server-sent events. */
export interface DaemonEvent {
  type: 'sync-started' | 'sync-finished' | 'status' | 'poll' | 'rollback' | 'leader';
  app?: string;
  at: string; // RFC 3339
  message: string;
  data?: unknown;
}

export interface DaemonApi {
  /** Liveness: the process is responsive. */
  healthy(): boolean;
  /** Readiness: leader or standby with a working cluster connection and a first Git read. */
  ready(): { ready: boolean; reason: string };
  /** Prometheus text exposition format, version 0.0.4. */
  metrics(): string;
  listApps(): Promise<AppStatus[]>;
  getApp(app: string): Promise<AppStatus | undefined>;
  diffApp(app: string): Promise<AppDiff | undefined>;
  history(app: string): Promise<RevisionSummary[] | undefined>;
  sync(app: string): Promise<IntentAnswer>;
  /** revision undefined: the newest successful revision before the current one. */
  rollback(app: string, revision?: number): Promise<IntentAnswer>;
  suspend(app: string): Promise<IntentAnswer>;
  resume(app: string): Promise<IntentAnswer>;
  /** A verified push for the followed branch: poll now. Returns whether it matched the followed repo/branch. */
  notifyPush(notice: PushNotice): boolean;
  subscribe(listener: (e: DaemonEvent) => void): () => void;
}
