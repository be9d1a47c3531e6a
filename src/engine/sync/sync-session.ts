/**
 * The adapters one syncing process wires together: an informer cache, the history store, the app-status
 * store and Events, all in one state namespace. `sextant sync`, the tests and the benchmarks sync through
 * it, so a sync is composed one way only (the daemon adds its queues and intent on top of the same parts).
 */
import type { KubeClient } from '../../adapters/kube/kube-client.js';
import { createLiveCache, type LiveCache } from '../../adapters/kube/live-cache.js';
import type { App } from '../../core/snapshot.js';
import type { Clock } from '../../ports/clock.js';
import { createHistoryStore, type HistoryStore } from '../history/history-store.js';
import { createAppStatusStore, type AppStatusStore } from '../status/app-status-store.js';
import { createStatusEvents } from '../status/status-events.js';
import { syncApp, type SyncAppInput, type SyncAppResult } from './sync-app.js';

export interface SyncSession {
  live: LiveCache;
  history: HistoryStore;
  status: AppStatusStore;
  /** Syncs one app, starting from its last recorded status. */
  sync(
    app: App,
    run: Pick<SyncAppInput, 'commit' | 'trigger'> &
      Partial<Pick<SyncAppInput, 'concurrency' | 'signal' | 'onProgress' | 'onWarning'>>,
  ): Promise<SyncAppResult>;
  /** Stops the informer's watches. */
  stop(): Promise<void>;
}

export function createSyncSession(
  cluster: KubeClient,
  opts: { namespace: string; clock: Clock; logger?: { warn(o: object, m: string): void } },
): SyncSession {
  const { namespace, clock, logger } = opts;
  const live = createLiveCache(cluster, { clock, ...(logger ? { logger } : {}) });
  const history = createHistoryStore(cluster, { namespace, clock });
  const status = createAppStatusStore(cluster, { namespace });
  const events = createStatusEvents(cluster, {
    namespace,
    clock,
    onError: (err: unknown) => logger?.warn({ err }, 'could not record an event'),
  });
  return {
    live,
    history,
    status,
    async sync(app, run) {
      const previous = await status.read(app.name);
      return syncApp({
        app,
        cluster,
        live,
        clock,
        history,
        status,
        events,
        ...(previous ? { previous } : {}),
        ...run,
      });
    },
    stop: () => live.stop(),
  };
}
