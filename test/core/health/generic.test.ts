import { describe, expect, it } from 'vitest';
import { assessHealth, type Health } from '../../../src/core/health/assess.js';
import { live, NOW } from './objects.js';

const certificate = (generation: number, status: string): string => `
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: shop-tls, namespace: shop, generation: ${generation} }
spec: { secretName: shop-tls, dnsNames: [shop.example.com], issuerRef: { name: letsencrypt, kind: ClusterIssuer } }
status: ${status}
`;

const kustomization = (conditions: string): string => `
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: { name: infra, namespace: flux-system, generation: 2 }
spec: { interval: 10m, path: ./infra, prune: true, sourceRef: { kind: GitRepository, name: infra } }
status:
  observedGeneration: 2
  conditions: ${conditions}
`;

const cases: [string, string, Health][] = [
  [
    'ConfigMap (no status)',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\ndata: { LOG_LEVEL: info }',
    { status: 'Healthy', message: 'configmap "settings" exists' },
  ],
  [
    'ClusterRole (no status)',
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: reader }\nrules: []',
    { status: 'Healthy', message: 'clusterrole "reader" exists' },
  ],
  [
    'custom resource with a status but no conditions',
    certificate(1, '{ observedGeneration: 1 }'),
    { status: 'Healthy', message: 'certificate "shop-tls" exists' },
  ],
  [
    'custom resource whose new spec is not observed',
    certificate(3, `{ observedGeneration: 2, conditions: [{ type: Ready, status: "True" }] }`),
    { status: 'Progressing', message: 'Waiting for certificate "shop-tls" spec update to be observed...' },
  ],
  [
    'Ready True',
    certificate(
      1,
      `{ observedGeneration: 1, conditions: [{ type: Ready, status: "True", reason: Ready, message: Certificate is up to date and has not expired }] }`,
    ),
    { status: 'Healthy', message: 'certificate "shop-tls" is ready: Certificate is up to date and has not expired' },
  ],
  [
    'Ready False while issuing',
    certificate(
      1,
      `{ observedGeneration: 1, conditions: [{ type: Ready, status: "False", reason: Issuing, message: Issuing certificate as Secret does not exist }] }`,
    ),
    {
      status: 'Progressing',
      message: 'certificate "shop-tls" is not ready yet: Issuing: Issuing certificate as Secret does not exist',
    },
  ],
  [
    'Ready False with a failure reason',
    certificate(
      1,
      `{ observedGeneration: 1, conditions: [{ type: Ready, status: "False", reason: Failed, message: 'ACME order failed: 429 rate limited' }] }`,
    ),
    { status: 'Degraded', message: 'certificate "shop-tls" is not ready: Failed: ACME order failed: 429 rate limited' },
  ],
  [
    'Ready Unknown',
    certificate(1, `{ observedGeneration: 1, conditions: [{ type: Ready, status: "Unknown", reason: Checking }] }`),
    { status: 'Progressing', message: 'certificate "shop-tls" is not ready yet: Checking' },
  ],
  [
    'Flux Kustomization reconciling (kstatus Reconciling condition)',
    kustomization(`
  - { type: Reconciling, status: "True", reason: Progressing, message: 'Running health checks for revision main@sha1:4f2a' }
  - { type: Ready, status: "Unknown", reason: Progressing }`),
    {
      status: 'Progressing',
      message: 'kustomization "infra" is reconciling: Progressing: Running health checks for revision main@sha1:4f2a',
    },
  ],
  [
    'Flux Kustomization stalled (kstatus Stalled condition)',
    kustomization(`
  - { type: Stalled, status: "True", reason: BuildFailed, message: 'kustomize build failed: accumulating resources' }
  - { type: Ready, status: "False", reason: BuildFailed }`),
    {
      status: 'Degraded',
      message: 'kustomization "infra" is stalled: BuildFailed: kustomize build failed: accumulating resources',
    },
  ],
  [
    'Available False (APIService)',
    `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: { name: v1beta1.metrics.k8s.io }
spec: { group: metrics.k8s.io, version: v1beta1, service: { name: metrics-server, namespace: kube-system } }
status:
  conditions:
  - { type: Available, status: "False", reason: FailedDiscoveryCheck, message: 'failing or missing response from https://10.96.0.12:443' }`,
    {
      status: 'Degraded',
      message:
        'apiservice "v1beta1.metrics.k8s.io" is not available: FailedDiscoveryCheck: failing or missing response from https://10.96.0.12:443',
    },
  ],
  [
    'a custom kind named Deployment is judged generically, not as apps/v1',
    'apiVersion: example.com/v1\nkind: Deployment\nmetadata: { name: web }\nspec: { replicas: 3 }\nstatus: { conditions: [{ type: Ready, status: "True" }] }',
    { status: 'Healthy', message: 'deployment "web" is ready' },
  ],
  [
    'legacy extensions/v1beta1 Ingress is judged as an Ingress',
    'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: { name: old }\nstatus: { loadBalancer: {} }',
    { status: 'Progressing', message: 'ingress "old": waiting for the ingress controller to publish an address' },
  ],
];

describe('health of other objects, as kstatus judges them', () => {
  it.each(cases)('%s', (_title, text, expected) => {
    expect(assessHealth(live(text))).toEqual(expected);
  });

  it('reports an object absent from the cluster as Missing', () => {
    expect(assessHealth(undefined)).toEqual({ status: 'Missing', message: 'object does not exist in the cluster' });
  });

  it('reports any object being deleted as Progressing, with how long when a clock is given', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, deletionTimestamp: "2024-05-01T11:55:00Z", finalizers: [example.com/hold] }';
    expect(assessHealth(live(text), NOW)).toEqual({
      status: 'Progressing',
      message: 'configmap "settings" is being deleted (for 5m)',
    });
    expect(assessHealth(live(text)).message).toBe('configmap "settings" is being deleted');
  });

  it('does not throw on objects with mistyped fields', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: 7, generation: "2" }\nspec: { replicas: "3" }\nstatus: []';
    expect(assessHealth(live(text)).status).toBe('Progressing');
  });
});
