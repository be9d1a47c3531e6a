/**
 * Refresh an app's status without syncing it: what differs and how healthy it is, for apps that are
 * suspended, pinned, not automated, or drifted without self-heal. Writes only when the status changed.
 */
import type { App } from '../../core/snapshot.js';
import type { Clock } from '../../ports/clock.js';
import { buildAppStatus, typesToSearch } from './app-status.js';
import { writeHealthAnnotations } from './health-annotations.js';
import { inspectApp } from './inspect-app.js';
import type { StatusWriter } from './sync-app.js';
import type { AppStatus, AppSyncStatus, LiveState, SyncCluster } from './sync-types.js';

export interface RefreshInput {
  app: App;
  cluster: SyncCluster;
  live: LiveState;
  clock: Clock;
  status: StatusWriter;
  previous?: AppStatus;
  /** Suspended or Pinned override the computed Synced/OutOfSync; the message then explains why. */
  override?: { syncStatus: AppSyncStatus; message: string };
  /** Said before the computed message, the status left as computed (e.g. waiting for a dependency). */
  note?: string;
}

export async function refreshStatus(input: RefreshInput): Promise<AppStatus> {
  const { app, previous } = input;
  const inspection = await inspectApp(app, input.live, typesToSearch(previous));
  await writeHealthAnnotations(input.cluster, inspection, input.clock.now(), () => undefined);
  const computed = buildAppStatus({
    app: app.name,
    inspection,
    now: input.clock.now(),
    prune: app.spec.syncPolicy.prune,
    revision: previous?.revision ?? '',
    historyRevision: previous?.historyRevision ?? 0,
    syncedAt: previous?.syncedAt ?? '',
  });
  const status: AppStatus = input.override
    ? {
        ...computed,
        syncStatus: input.override.syncStatus,
        message: `${input.override.message} (${computed.syncStatus}: ${computed.message})`,
      }
    : input.note
      ? { ...computed, message: `${input.note}; ${computed.message}` }
      : computed;
  await input.status.write(status);
  return status;
}
