/**
 * The reconcile loop of `sextant run`: poll Git (or wake on a push), load the commit, and queue a sync
 * for every app whose rendered resources changed, in dependsOn order; repair or report drift seen by the
 * informer; honour suspend and rollback pins; perform rollbacks. Only called while this replica leads.
 */
import { appsChangedBetween } from '../../core/manifests/load.js';
import type { App, Snapshot } from '../../core/snapshot.js';
import type { Clock } from '../../ports/clock.js';
import type { CommitFiles, GitSource } from '../../ports/git-source.js';
import { TRACKING_ANNOTATION } from '../diff-app.js';
import type { HistoryStore } from '../history/history-store.js';
import type { AppStatusStore } from '../status/app-status-store.js';
import { readIntent, type IntentStore } from '../status/app-intent.js';
import { APP_STATUS_KIND, LABEL } from '../status/app-status-store.js';
import { refreshStatus } from '../sync/refresh-status.js';
import { syncApp, type EventRecorder, type SyncAppResult } from '../sync/sync-app.js';
import type { AppStatus, CommitInfo, LiveState, SyncCluster, SyncTrigger } from '../sync/sync-types.js';
import { AppQueue } from './app-queue.js';
import type { DaemonEvent, IntentAnswer } from './daemon-api.js';
import { appFromRecord, chooseRollbackTarget } from './rollback.js';

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

function commitOf(s: Snapshot): CommitInfo {
  const p = s.provenance;
  return p
    ? { sha: p.commit, subject: p.subject, author: p.author }
    : { sha: '', subject: '', author: { name: '', email: '' } };
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

  async function syncJob(app: App, trigger: SyncTrigger, newCommit: boolean, signal: AbortSignal): Promise<void> {
    if (!current) return;
    const intent = await o.intents.read(app.name);
    const previous = await o.status.read(app.name);
    const base = {
      app,
      cluster: o.cluster,
      live: o.live,
      clock: o.clock,
      status: o.status,
      ...(previous ? { previous } : {}),
    };
    if (o.suspendAll || app.spec.suspended || intent.suspended) {
      const why = app.spec.suspended
        ? 'spec.suspended is true in Git'
        : intent.suspended
          ? 'suspended by a user'
          : 'the daemon runs with --suspend';
      await refreshStatus({
        ...base,
        override: { syncStatus: 'Suspended', message: `suspended (${why}): diffed, never written` },
      });
      return;
    }
    if (intent.pinnedRevision !== undefined) {
      if (!newCommit && trigger !== 'manual') {
        await refreshStatus({
          ...base,
          override: { syncStatus: 'Pinned', message: pinMessage(app.name, intent.pinnedRevision) },
        });
        return;
      }
      await o.intents.set(app.name, { pinnedRevision: null });
      o.logger.info(
        { app: app.name, trigger },
        'rollback pin released: a new commit changed the app, or a manual sync',
      );
    }
    const automatic = trigger === 'poll' || trigger === 'webhook' || trigger === 'self-heal';
    if ((automatic && !app.spec.syncPolicy.automated) || (trigger === 'self-heal' && !app.spec.syncPolicy.selfHeal)) {
      await refreshStatus(base);
      return;
    }
    const waitingOn = await unreadyDependencies(app);
    if (waitingOn.length > 0) {
      blocked.set(app.name, { trigger, newCommit });
      await refreshStatus({
        ...base,
        note: `not synced yet: waiting for ${waitingOn.join(', ')} to be synced and healthy`,
      });
      return;
    }
    blocked.delete(app.name);
    const started = o.clock.now().getTime();
    const result = await syncApp({
      ...base,
      commit: commitOf(current),
      trigger,
      history: o.history,
      events: o.events,
      signal,
      force: resumed.has(app.name),
      onWarning: (m, err) => o.logger.warn({ err }, m),
    });
    if (result.outcome !== 'Cancelled') resumed.delete(app.name);
    o.onSync?.(result, trigger, o.clock.now().getTime() - started);
    emit({ type: 'sync-finished', app: app.name, message: result.message, data: { outcome: result.outcome } });
    if (result.outcome === 'Failed' && app.spec.syncPolicy.autoRollback && result.record?.objects.length) {
      await autoRollback(app);
    }
    if (isReady(result.status)) releaseDependents(app.name);
  }

  /** Dependencies that are not Healthy, or whose last sync failed: "api (Failed, Degraded)". */
  async function unreadyDependencies(app: App): Promise<string[]> {
    const waiting: string[] = [];
    for (const dep of app.spec.dependsOn) {
      const s = await o.status.read(dep);
      if (!s) waiting.push(`${dep} (never synced)`);
      else if (!isReady(s)) waiting.push(`${dep} (${s.syncStatus}, ${s.health})`);
    }
    return waiting;
  }

  /** Apps held back by this one get their turn now that it is synced and healthy. */
  function releaseDependents(name: string): void {
    for (const [dependent, held] of blocked) {
      const app = appNamed(dependent);
      if (app?.spec.dependsOn.includes(name)) enqueueSync(app, held.trigger, held.newCommit);
    }
  }

  async function autoRollback(app: App): Promise<void> {
    const status = await o.status.read(app.name);
    const target = chooseRollbackTarget(await o.history.list(app.name), status?.historyRevision ?? 0);
    if (target === undefined) {
      o.logger.warn({ app: app.name }, 'auto-rollback: no earlier successful revision to restore');
      return;
    }
    enqueueRollback(app.name, target, 'auto-rollback');
  }

  async function rollbackJob(name: string, revision: number, trigger: SyncTrigger, signal: AbortSignal): Promise<void> {
    const record = await o.history.get(name, revision);
    if (!record) throw new Error(`app ${name} has no revision ${revision}`);
    const app = appFromRecord(record);
    const previous = await o.status.read(name);
    if (o.suspendAll || app.spec.suspended || (await o.intents.read(name)).suspended) {
      await o.intents.set(name, { rollbackTo: null, rollbackRequestedAt: null });
      await o.events.record(
        name,
        'RollbackFailed',
        `rollback to revision ${revision} refused: app ${name} is suspended (resume it first)`,
        'Warning',
      );
      return;
    }
    await o.events.record(
      name,
      'RollbackStarted',
      `rolling back to revision ${revision} (${record.commit.sha.slice(0, 7)})`,
      'Normal',
    );
    const result = await syncApp({
      app,
      commit: record.commit,
      trigger,
      rollbackOf: revision,
      cluster: o.cluster,
      live: o.live,
      clock: o.clock,
      history: o.history,
      status: o.status,
      events: o.events,
      signal,
      ...(previous ? { previous } : {}),
      onWarning: (m, err) => o.logger.warn({ err }, m),
    });
    o.onSync?.(result, trigger, 0);
    const ok = result.outcome === 'Succeeded' || result.outcome === 'NoOp';
    // Only a rollback that restored the revision pins the app; a failed one leaves it following Git.
    await o.intents.set(name, {
      rollbackTo: null,
      rollbackRequestedAt: null,
      ...(ok ? { pinnedRevision: String(revision) } : {}),
    });
    await o.events.record(
      name,
      ok ? 'RolledBack' : 'RollbackFailed',
      `${result.message} (restored revision ${revision})`,
      ok ? 'Normal' : 'Warning',
    );
    await refreshStatus({
      app,
      cluster: o.cluster,
      live: o.live,
      clock: o.clock,
      status: o.status,
      previous: result.status,
      override: { syncStatus: ok ? 'Pinned' : 'Failed', message: ok ? pinMessage(name, revision) : result.message },
    });
    emit({ type: 'rollback', app: name, message: result.message, data: { revision, outcome: result.outcome } });
  }

  function enqueueSync(app: App, trigger: SyncTrigger, newCommit: boolean): void {
    queue?.enqueue({
      app: app.name,
      dependsOn: app.spec.dependsOn,
      supersedes: newCommit,
      describe: `${trigger} of ${app.name}`,
      run: (signal) => syncJob(appNamed(app.name) ?? app, trigger, newCommit, signal),
    });
  }

  function enqueueRollback(name: string, revision: number, trigger: SyncTrigger): void {
    queue?.enqueue({
      app: name,
      dependsOn: [],
      supersedes: true,
      describe: `rollback of ${name} to revision ${revision}`,
      run: (signal) => rollbackJob(name, revision, trigger, signal),
    });
  }

  const seenIntent = new Map<string, string>();
  /** Apps whose last sync was interrupted (a daemon died mid-sync): synced in full, not skipped as no-op. */
  const resumed = new Set<string>();

  async function takeOver(snapshot: Snapshot): Promise<void> {
    for (const app of snapshot.apps) {
      const interrupted = await o.history.markInterrupted(app.name);
      if (interrupted.length === 0) continue;
      resumed.add(app.name);
      o.logger.warn(
        { app: app.name, revisions: interrupted.map((r) => r.revision) },
        'found a sync interrupted by a daemon that stopped mid-sync: recorded it as Interrupted, syncing again',
      );
    }
  }
  const blocked = new Map<string, { trigger: SyncTrigger; newCommit: boolean }>();

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
    if (!before) await takeOver(next);
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
        await takeOver(current);
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

function isReady(s: AppStatus): boolean {
  return s.health === 'Healthy' && s.syncStatus !== 'Failed' && s.syncStatus !== 'Syncing';
}

function pinMessage(app: string, revision: number): string {
  return `pinned to revision ${revision} by a rollback: auto-sync paused until a new commit changes app ${app} or \`sextant resume ${app}\``;
}
