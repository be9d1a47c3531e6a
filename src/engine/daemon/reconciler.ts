/**
 * The reconcile loop of `sextant run`: poll Git (or wake on a push), load the commit, and queue a sync
 * for every app whose rendered resources changed, in dependsOn order; repair or report drift seen by the
 * informer; honour suspend and rollback pins; perform rollbacks. Only called while this replica leads.
 */
import { appsChangedBetween } from '../../core/manifests/load.js';
import type { App, Snapshot } from '../../core/snapshot.js';
import type { Clock } from '../../ports/clock.js';
import type { CommitFiles, GitSource } from '../../ports/git-source.js';
import { TRACKING_ANNOTATION } from '../sync/tracking.js';
import type { HistoryStore } from '../history/history-store.js';
import type { AppStatusStore } from '../status/app-status-store.js';
import { readIntent, type IntentStore } from '../status/app-intent.js';
import { APP_STATUS_KIND, LABEL } from '../status/app-status-store.js';
import type { EventRecorder, SyncAppResult } from '../sync/sync-app.js';
import type { LiveState, SyncCluster, SyncTrigger } from '../sync/sync-types.js';
import { createAppJobs } from './app-jobs.js';
import { AppQueue } from './app-queue.js';
import type { DaemonEvent, IntentAnswer } from './daemon-api.js';
import { chooseRollbackTarget } from './rollback.js';

export interface ReconcilerOptions {
  source: GitSource;
  load: (content: CommitFiles) => Snapshot;
  cluster: SyncCluster;
  live: LiveState;
  clock: Clock;
  history: HistoryStore;
  status: AppStatusStore;
  events: EventRecorder;
  intents: IntentStore;
  /** The state namespace: user intent arrives as annotations on the app-status ConfigMaps there. */
  stateNamespace: string;
  intervalMs: number;
  appConcurrency: number;
  selfHealDelayMs?: number;
  suspendAll?: boolean;
  logger: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
  emit?: (e: Omit<DaemonEvent, 'at'>) => void;
  onSync?: (result: SyncAppResult, trigger: SyncTrigger, ms: number) => void;
  onPoll?: (kind: 'unchanged' | 'updated' | 'failed' | 'invalid', ms: number) => void;
}

export interface Reconciler {
  run(signal: AbortSignal): Promise<void>;
  pollNow(trigger?: 'webhook' | 'poll'): void;
  snapshot(): Snapshot | undefined;
  requestSync(app: string): IntentAnswer;
  requestRollback(app: string, revision?: number): Promise<IntentAnswer>;
  /** After suspend/resume intent changed: re-evaluate the app. */
  reevaluate(app: string): void;
  /** True once a commit was read and loaded without errors. */
  loaded(): boolean;
  lastPollError(): string | undefined;
}

export function createReconciler(o: ReconcilerOptions): Reconciler {
  let current: Snapshot | undefined;
  let wake: (() => void) | undefined;
  let wakeTrigger: 'webhook' | 'poll' = 'poll';
  let wakePending = false;
  let queue: AppQueue | undefined;
  let pollError: string | undefined;
  const healTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const emit = (e: Omit<DaemonEvent, 'at'>): void => o.emit?.(e);

  const appNamed = (name: string): App | undefined => current?.apps.find((a) => a.name === name);

  const jobs = createAppJobs(o, {
    current: () => current,
    appNamed,
    enqueueSync: (app, trigger, newCommit) => enqueueSync(app, trigger, newCommit),
    enqueueRollback: (name, revision, trigger) => enqueueRollback(name, revision, trigger),
    emit,
  });

  function enqueueSync(app: App, trigger: SyncTrigger, newCommit: boolean): void {
    queue?.enqueue({
      app: app.name,
      dependsOn: app.spec.dependsOn,
      supersedes: newCommit,
      describe: `${trigger} of ${app.name}`,
      run: (signal) => jobs.syncJob(appNamed(app.name) ?? app, trigger, newCommit, signal),
    });
  }

  function enqueueRollback(name: string, revision: number, trigger: SyncTrigger): void {
    queue?.enqueue({
      app: name,
      dependsOn: [],
      supersedes: true,
      describe: `rollback of ${name} to revision ${revision}`,
      run: (signal) => jobs.rollbackJob(name, revision, trigger, signal),
    });
  }

  const seenIntent = new Map<string, string>();

  /** `sextant suspend|resume|rollback` write annotations on the app-status ConfigMap; act on changes only. */
  function onIntentChange(obj: Record<string, unknown>): void {
    const meta = obj.metadata as { namespace?: string; labels?: Record<string, unknown> } | undefined;
    if (meta?.namespace !== o.stateNamespace || meta.labels?.[LABEL.kind] !== APP_STATUS_KIND) return;
    const name = meta.labels[LABEL.app];
    if (typeof name !== 'string') return;
    const intent = readIntent(obj);
    const key = JSON.stringify([intent.suspended, intent.rollback ?? null]);
    const before = seenIntent.get(name);
    seenIntent.set(name, key);
    if (before === undefined || before === key) return;
    if (intent.rollback) {
      o.logger.info({ app: name, revision: intent.rollback.revision }, 'rollback requested');
      enqueueRollback(name, intent.rollback.revision, 'rollback');
    } else {
      const app = appNamed(name);
      if (app) enqueueSync(app, 'poll', false);
    }
  }

  function onLiveChange(obj: Record<string, unknown>): void {
    onIntentChange(obj);
    const meta = obj.metadata as { annotations?: Record<string, unknown> } | undefined;
    const id = meta?.annotations?.[TRACKING_ANNOTATION];
    if (typeof id !== 'string') return;
    const app = appNamed(id.slice(0, id.indexOf(':')));
    if (!app || queue?.isBusy(app.name)) return;
    clearTimeout(healTimers.get(app.name));
    // Debounced: a rollout sends many events; one look after they settle is enough.
    healTimers.set(
      app.name,
      setTimeout(() => enqueueSync(app, 'self-heal', false), o.selfHealDelayMs ?? 1000),
    );
  }

  async function pollOnce(trigger: 'webhook' | 'poll', signal: AbortSignal): Promise<void> {
    const started = o.clock.now().getTime();
    const r = await o.source.poll(signal);
    const ms = o.clock.now().getTime() - started;
    if (r.kind === 'failed') {
      pollError = r.error.message;
      o.onPoll?.('failed', ms);
      o.logger.warn({ code: r.error.code }, `git poll failed: ${r.error.message}`);
      return;
    }
    if (r.kind === 'unchanged') {
      o.onPoll?.('unchanged', ms);
      pollError = undefined;
      return;
    }
    const next = o.load(r.content);
    if (next.errors.length > 0) {
      pollError = `commit ${r.commit.slice(0, 7)} has ${next.errors.length} manifest errors; nothing applied (first: ${next.errors[0]?.file}:${next.errors[0]?.line}: ${next.errors[0]?.message})`;
      o.onPoll?.('invalid', ms);
      o.logger.error({ commit: r.commit }, pollError);
      emit({ type: 'poll', message: pollError });
      return;
    }
    pollError = undefined;
    o.onPoll?.('updated', ms);
    const before = current;
    current = next;
    const changed = new Set(before ? appsChangedBetween(before, next) : next.apps.map((a) => a.name));
    emit({ type: 'poll', message: `commit ${r.commit.slice(0, 7)}: ${changed.size} app(s) changed` });
    if (!before) await jobs.takeOver(next);
    for (const gone of before?.apps ?? [])
      if (!next.apps.some((a) => a.name === gone.name)) await jobs.markRemoved(gone.name);
    for (const app of next.apps) if (changed.has(app.name)) enqueueSync(app, trigger, true);
  }

  return {
    async run(signal) {
      queue = new AppQueue(o.appConcurrency, signal, (app, err) =>
        o.logger.error({ err, app }, `job for app ${app} failed`),
      );
      const unsubscribe = o.live.onChange((ev) => onLiveChange(ev.object));
      await o.live.track('v1', 'ConfigMap');
      for (const cm of o.live.list('v1', 'ConfigMap')) onIntentChange(cm);
      // Leading again after a pause: another replica may have synced meanwhile, so look at every app afresh.
      if (current) {
        await jobs.takeOver(current);
        for (const app of current.apps) enqueueSync(app, 'poll', false);
      }
      try {
        while (!signal.aborted) {
          const trigger = wakeTrigger;
          wakeTrigger = 'poll';
          await pollOnce(trigger, signal).catch((err: unknown) => o.logger.error({ err }, 'reconcile failed'));
          if (wakePending) {
            // A push arrived while polling: the poll may have read the ref just before it moved.
            wakePending = false;
            continue;
          }
          await new Promise<void>((resolve) => {
            // One listener per wait, removed however the wait ends, so a long-running daemon holds none.
            const done = (): void => {
              clearTimeout(timer);
              signal.removeEventListener('abort', done);
              wake = undefined;
              resolve();
            };
            const timer = setTimeout(done, o.intervalMs);
            wake = done;
            signal.addEventListener('abort', done, { once: true });
          });
        }
      } finally {
        unsubscribe();
        for (const t of healTimers.values()) clearTimeout(t);
        await queue.drain();
      }
    },
    pollNow(trigger = 'webhook') {
      wakeTrigger = trigger;
      if (wake) wake();
      else wakePending = true;
    },
    snapshot: () => current,
    loaded: () => current !== undefined,
    lastPollError: () => pollError,
    requestSync(name) {
      const app = appNamed(name);
      if (!app) return { code: 404, message: `no app "${name}" in the followed commit` };
      enqueueSync(app, 'manual', false);
      return { code: 202, message: `sync of ${name} queued` };
    },
    async requestRollback(name, revision) {
      const revisions = await o.history.list(name);
      if (revisions.length === 0) return { code: 404, message: `app ${name} has no recorded revisions` };
      if ((await o.intents.read(name)).suspended)
        return { code: 409, message: `app ${name} is suspended: resume it before rolling it back` };
      const status = await o.status.read(name);
      const target = revision ?? chooseRollbackTarget(revisions, status?.historyRevision ?? 0);
      if (target === undefined)
        return { code: 409, message: `app ${name} has no successful revision before the current one` };
      const found = revisions.find((r) => r.revision === target);
      if (!found)
        return {
          code: 404,
          message: `app ${name} has no revision ${target} (kept: ${revisions.map((r) => r.revision).join(', ')})`,
        };
      enqueueRollback(name, target, 'rollback');
      return { code: 202, message: `rollback of ${name} to revision ${target} queued`, revision: target };
    },
    reevaluate(name) {
      const app = appNamed(name);
      if (app) enqueueSync(app, 'poll', false);
    },
  };
}
