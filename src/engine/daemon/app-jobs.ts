/**
 * What the daemon does for one app, as queued jobs: a sync (honouring suspend, rollback pins, automated,
 * self-heal and unready dependencies), a rollback to a recorded revision (and the automatic one after a
 * failed upgrade), the take-over of syncs a dead daemon left Running, and apps that left Git.
 */
import type { App, Snapshot } from '../../core/snapshot.js';
import { isReady } from '../sync/app-status.js';
import { refreshStatus } from '../sync/refresh-status.js';
import { syncApp } from '../sync/sync-app.js';
import { commitOfSnapshot, type SyncTrigger } from '../sync/sync-types.js';
import type { DaemonEvent } from './daemon-api.js';
import type { ReconcilerOptions } from './reconciler.js';
import { appFromRecord, chooseRollbackTarget } from './rollback.js';

/** What the jobs need from the reconciler: plain functions, so they can be passed around unbound. */
export interface JobHooks {
  current: () => Snapshot | undefined;
  appNamed: (name: string) => App | undefined;
  enqueueSync: (app: App, trigger: SyncTrigger, newCommit: boolean) => void;
  enqueueRollback: (name: string, revision: number, trigger: SyncTrigger) => void;
  emit: (e: Omit<DaemonEvent, 'at'>) => void;
}

export interface AppJobs {
  syncJob(app: App, trigger: SyncTrigger, newCommit: boolean, signal: AbortSignal): Promise<void>;
  rollbackJob(name: string, revision: number, trigger: SyncTrigger, signal: AbortSignal): Promise<void>;
  markRemoved(name: string): Promise<void>;
  takeOver(snapshot: Snapshot): Promise<void>;
}

export function createAppJobs(o: ReconcilerOptions, h: JobHooks): AppJobs {
  const { appNamed, enqueueSync, enqueueRollback, emit } = h;
  /** Apps whose last sync was interrupted (a daemon died mid-sync): synced in full, not skipped as no-op. */
  const resumed = new Set<string>();

  /** An app whose directory left Git: its objects stay (a deleted folder is too easy a way to wipe an app). */
  async function markRemoved(name: string): Promise<void> {
    const previous = await o.status.read(name);
    if (!previous) return;
    const message =
      `app ${name} is no longer in Git; its objects were left in place. Restore apps/${name}/ or delete them ` +
      `with: kubectl delete all,cm,secret -A -l sextant.dev/app=${name}`;
    await o.status.write({ ...previous, syncStatus: 'OutOfSync', message });
    o.logger.warn({ app: name }, message);
  }

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

  async function syncJob(app: App, trigger: SyncTrigger, newCommit: boolean, signal: AbortSignal): Promise<void> {
    const current = h.current();
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
      commit: commitOfSnapshot(current),
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

  return { syncJob, rollbackJob, markRemoved, takeOver };
}

function pinMessage(app: string, revision: number): string {
  return `pinned to revision ${revision} by a rollback: auto-sync paused until a new commit changes app ${app} or \`sextant resume ${app}\``;
}
