/**
 * A KubeClient for a test sandbox, plus a request log of what reached the server.
 */
import { createKubeClient, type KubeClient } from '../../../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../../../src/adapters/kube/kube-config.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

export interface Logged {
  method: string;
  url: string;
  status: number;
}

export async function startKube(
  opts: Parameters<typeof startTestSandbox>[0] = {},
): Promise<{ sb: TestSandbox; kube: KubeClient; requests: Logged[] }> {
  const requests: Logged[] = [];
  const logger = {
    debug: (o: object) => requests.push(o as Logged),
    warn: () => undefined,
    error: () => undefined,
  };
  const sb = await startTestSandbox({ logger, ...opts });
  const kube = createKubeClient(loadKubeConfig({ kubeconfigPath: sb.kubeconfigPath, env: {} }), { timeoutMs: 5000 });
  return { sb, kube, requests };
}

export function configMap(name: string, data: Record<string, string>, labels: Record<string, string> = {}) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels }, data };
}

/** A namespaced CRD whose objects keep any field (x-kubernetes-preserve-unknown-fields). */
export const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};
