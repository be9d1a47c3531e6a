/**
 * The serviceaccounts controller: every active namespace has a `default` ServiceAccount, recreated
 * if someone deletes it, as on a real cluster (`kubectl get sa` in a new namespace shows it).
 */
import type { ChangeEvent } from '../api/types.js';
import { nameOf, namespaceOf } from '../model.js';
import { isDeleting } from './ownership.js';
import { CONTROLLER_MANAGER, type Controller, type Runtime } from './runtime.js';

const DEFAULT_SA = 'default';

export function createServiceAccountController(rt: Runtime): Controller {
  const nsType = () => rt.type('v1', 'Namespace');
  const saType = () => rt.type('v1', 'ServiceAccount');
  return {
    name: 'serviceaccount',
    keysFor(ev: ChangeEvent): string[] {
      const t = ev.resource;
      if (t.group === '' && t.kind === 'Namespace' && ev.type !== 'DELETED') return [nameOf(ev.object)];
      if (t.group === '' && t.kind === 'ServiceAccount' && ev.type === 'DELETED' && nameOf(ev.object) === DEFAULT_SA)
        return [namespaceOf(ev.object)];
      return [];
    },
    initialKeys: () => rt.cluster.list(nsType()).map(nameOf),
    sync(ns: string): number | undefined {
      const namespace = rt.cluster.get(nsType(), '', ns);
      if (!namespace || isDeleting(namespace)) return undefined;
      if (rt.cluster.get(saType(), ns, DEFAULT_SA)) return undefined;
      rt.cluster.create(
        saType(),
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SA, namespace: ns } },
        { manager: CONTROLLER_MANAGER },
      );
      return undefined;
    },
  };
}
