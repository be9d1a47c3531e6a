/**
 * What a new cluster has before anyone writes to it: the system namespaces and the
 * `kubernetes` Service, created through the API like everything else.
 */
import type { SandboxApi } from './api/sandbox-api.js';

const NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const MANAGER = 'kube-apiserver';

export function bootstrapCluster(api: SandboxApi): void {
  const nsType = api.typeFor('v1', 'Namespace');
  const svcType = api.typeFor('v1', 'Service');
  if (!nsType || !svcType) throw new Error('core types missing');
  for (const name of NAMESPACES) {
    if (api.get(nsType, '', name)) continue;
    api.create(
      nsType,
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } },
      { manager: MANAGER },
      '',
    );
  }
  if (!api.get(svcType, 'default', 'kubernetes')) {
    api.create(
      svcType,
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: 'kubernetes',
          namespace: 'default',
          labels: { component: 'apiserver', provider: 'kubernetes' },
        },
        spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
      },
      { manager: MANAGER },
      'default',
    );
  }
}
