/**
 * The state namespace (default sextant-system) holds status, history, Events and the leader Lease.
 * Everything that writes there makes sure it exists first, through this one function.
 */
import type { SyncCluster } from '../sync/sync-types.js';

export async function ensureStateNamespace(cluster: SyncCluster, namespace: string): Promise<void> {
  if (await cluster.get('v1', 'Namespace', undefined, namespace)) return;
  await cluster.apply(
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'sextant' } },
    },
    { fieldManager: 'sextant', force: true },
  );
}
