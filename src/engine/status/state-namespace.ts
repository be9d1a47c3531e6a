/**
 * The state namespace (default sextant-system) holds status, history, Events and the leader Lease.
 * The daemon makes sure it exists before anything else, so the first write of each never fails on it.
 */
import { FIELD_MANAGER, LABEL } from './app-status-store.js';
import type { SyncCluster } from '../sync/sync-types.js';

export async function ensureStateNamespace(cluster: SyncCluster, namespace: string): Promise<void> {
  if (await cluster.get('v1', 'Namespace', undefined, namespace)) return;
  await cluster.apply(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { [LABEL.managedBy]: 'sextant' } } },
    { fieldManager: FIELD_MANAGER, force: true },
  );
}
