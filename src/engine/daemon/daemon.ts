/**
 * The daemon: a leader-elected reconciler plus everything the HTTP API reads and asks for. Standbys
 * serve the API (status, history, diff) and stay ready; only the leader polls Git and writes.
 */
import type { KubeClient } from '../../adapters/kube/kube-client.js';
import type { Clock } from '../../ports/clock.js';
import { diffApp } from '../diff-app.js';
import { typesToSearch } from '../sync/app-status.js';
import type { HistoryStore } from '../history/history-store.js';
import { createLeaderElector } from '../leader/lease-elector.js';
import { MetricsRegistry } from '../metrics/metrics.js';
import type { AppStatusStore } from '../status/app-status-store.js';
import type { IntentStore } from '../status/app-intent.js';
import type { AppStatus } from '../sync/sync-types.js';
import type { DaemonApi, DaemonEvent, IntentAnswer } from './daemon-api.js';
import { createReconciler, type ReconcilerOptions } from './reconciler.js';

export interface DaemonOptions extends Omit<
  ReconcilerOptions,
  'emit' | 'onSync' | 'onPoll' | 'cluster' | 'stateNamespace'
> {
  cluster: KubeClient;
  history: HistoryStore;
  status: AppStatusStore;
  intents: IntentStore;
  clock: Clock;
  namespace: string;
  leaderElection: boolean;
  identity: string;
  /** How long a dead leader's Lease blocks a standby (client-go's 15 s); renew deadline and retry scale with it. */
  leaseDurationMs?: number;
  /** Only pushes for this ref wake the poller (e.g. refs/heads/main); undefined accepts any. */
  followedRef?: string;
}

export interface Daemon {
  api: DaemonApi;
  run(signal: AbortSignal): Promise<void>;
}

const SYNC_STATUSES = ['Synced', 'OutOfSync', 'Syncing', 'Failed', 'Suspended', 'Pinned'] as const;

export function createDaemon(o: DaemonOptions): Daemon {
  const metrics = new MetricsRegistry();
  const syncs = metrics.counter('sextant_syncs_total', 'Syncs by app, trigger and outcome.', [
    'app',
    'trigger',
    'outcome',
  ]);
  const syncSeconds = metrics.histogram(
    'sextant_sync_duration_seconds',
    'Wall time of a sync, health waits included.',
    ['app'],
  );
  const polls = metrics.counter('sextant_git_polls_total', 'Git polls by result.', ['result']);
  const pollSeconds = metrics.histogram('sextant_git_poll_duration_seconds', 'Wall time of a Git poll.');
  const appStatus = metrics.gauge('sextant_app_sync_status', '1 for the sync status an app is in.', ['app', 'status']);
  const appHealthy = metrics.gauge('sextant_app_healthy', '1 when the app is Healthy.', ['app']);
  const leaderGauge = metrics.gauge('sextant_leader', '1 while this replica leads.');
  let statuses: AppStatus[] = [];
  const listeners = new Set<(e: DaemonEvent) => void>();
  const emit = (e: Omit<DaemonEvent, 'at'>): void => {
    const full = { ...e, at: o.clock.now().toISOString() };
    for (const l of listeners) l(full);
  };
  let leading = !o.leaderElection;
  let started = false;

  const reconciler = createReconciler({
    ...o,
    stateNamespace: o.namespace,
    emit,
    onSync: (r, trigger, ms) => {
      syncs.inc({ app: r.app, trigger, outcome: r.outcome });
      syncSeconds.observe({ app: r.app }, ms / 1000);
      statuses = [...statuses.filter((s) => s.app !== r.app), r.status];
    },
    onPoll: (kind, ms) => {
      polls.inc({ result: kind });
      pollSeconds.observe({}, ms / 1000);
    },
  });
  metrics.onCollect(() => {
    leaderGauge.set({}, leading ? 1 : 0);
    for (const s of statuses) {
      for (const st of SYNC_STATUSES) appStatus.set({ app: s.app, status: st }, s.syncStatus === st ? 1 : 0);
      appHealthy.set({ app: s.app }, s.health === 'Healthy' ? 1 : 0);
    }
  });

  const knownApp = (app: string): boolean => reconciler.snapshot()?.apps.some((a) => a.name === app) ?? false;
  const notLeader = (): IntentAnswer => ({ code: 409, message: 'this replica is a standby; send it to the leader' });

  const api: DaemonApi = {
    healthy: () => true,
    ready() {
      if (!started) return { ready: false, reason: 'starting' };
      if (!leading) return { ready: true, reason: 'standby' };
      if (!reconciler.loaded()) return { ready: false, reason: reconciler.lastPollError() ?? 'first Git read pending' };
      return { ready: true, reason: 'leading' };
    },
    metrics: () => metrics.render(),
    async listApps() {
      statuses = await o.status.list();
      return statuses;
    },
    getApp: (app) => o.status.read(app),
    async diffApp(name) {
      const app = reconciler.snapshot()?.apps.find((a) => a.name === name);
      return app ? diffApp(app, o.live, typesToSearch(await o.status.read(name))) : undefined;
    },
    async history(app) {
      const list = await o.history.list(app);
      return list.length > 0 || knownApp(app) ? list : undefined;
    },
    sync: (app) => Promise.resolve(leading ? reconciler.requestSync(app) : notLeader()),
    rollback: async (app, revision) => (leading ? reconciler.requestRollback(app, revision) : notLeader()),
    async suspend(app) {
      await o.intents.set(app, { suspended: 'true' });
      reconciler.reevaluate(app);
      return { code: 202, message: `app ${app} suspended: it is diffed but never written until resumed` };
    },
    async resume(app) {
      await o.intents.set(app, { suspended: null, pinnedRevision: null });
      reconciler.reevaluate(app);
      return { code: 202, message: `app ${app} resumed: it follows Git again` };
    },
    notifyPush(notice) {
      if (o.followedRef && notice.ref !== o.followedRef) return false;
      reconciler.pollNow('webhook');
      return true;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };

  return {
    api,
    async run(signal) {
      started = true;
      if (!o.leaderElection) {
        await reconciler.run(signal);
        return;
      }
      const elector = createLeaderElector({
        cluster: o.cluster,
        namespace: o.namespace,
        identity: o.identity,
        ...(o.leaseDurationMs
          ? {
              leaseDurationMs: o.leaseDurationMs,
              renewDeadlineMs: Math.round((o.leaseDurationMs * 2) / 3),
              retryPeriodMs: Math.round(o.leaseDurationMs / 7.5),
            }
          : {}),
        clock: o.clock,
        logger: o.logger,
        onStartedLeading: async (leaderSignal) => {
          leading = true;
          emit({ type: 'leader', message: `${o.identity} leads` });
          await reconciler.run(leaderSignal);
        },
        onStoppedLeading: () => {
          leading = false;
          emit({ type: 'leader', message: `${o.identity} stopped leading` });
        },
      });
      await elector.run(signal);
    },
  };
}
