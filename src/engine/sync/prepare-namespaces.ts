/**
 * The namespaces an app's objects live in must exist before anything is applied. Those the app
 * declares are applied by the plan (Namespaces first); the others are created here when the app asks
 * (syncPolicy.createNamespace, labelled managed-by sextant, never pruned), or the sync is refused
 * before any write with a message saying how to fix it.
 */
import type { App } from '../../core/snapshot.js';
import { MANAGED_BY_LABEL } from './tracking.js';
import { FIELD_MANAGER } from './inspect-app.js';
import type { SyncCluster } from './sync-types.js';

export interface NamespaceReport {
  created: string[];
  /** One refusal per missing namespace; empty when the sync may go on. */
  problems: string[];
}

export async function prepareNamespaces(app: App, cluster: SyncCluster, dryRun: boolean): Promise<NamespaceReport> {
  const declared = new Set(
    app.resources.filter((r) => r.kind === 'Namespace' && r.apiVersion === 'v1').map((r) => r.name),
  );
  const used = [
    ...new Set(app.resources.map((r) => r.namespace).filter((ns) => ns !== '' && !declared.has(ns))),
  ].sort();
  const report: NamespaceReport = { created: [], problems: [] };
  for (const ns of used) {
    if (await cluster.get('v1', 'Namespace', undefined, ns)) continue;
    if (!app.spec.syncPolicy.createNamespace) {
      report.problems.push(
        `namespace "${ns}" does not exist: declare it in apps/${app.name}/ (kind: Namespace) or set ` +
          `spec.syncPolicy.createNamespace: true in its app.yaml`,
      );
      continue;
    }
    await cluster.apply(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { [MANAGED_BY_LABEL]: 'sextant' } } },
      { fieldManager: FIELD_MANAGER, force: false, dryRun },
    );
    report.created.push(ns);
  }
  return report;
}
