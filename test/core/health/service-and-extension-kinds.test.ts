import { describe, expect, it } from 'vitest';
import { assessHealth, type Health } from '../../../src/core/health/assess.js';
import { live } from './objects.js';

const pvc = (phase: string): string => `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data-db-0, namespace: shop }
spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 10Gi } }, volumeName: pvc-3f1c }
status: { phase: ${phase} }
`;

const service = (type: string, status: string): string => `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { type: ${type}, selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
status: ${status}
`;

const ingress = (status: string): string => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  ingressClassName: nginx
  rules: [{ host: shop.example.com, http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] } }]
status: ${status}
`;

const namespace = (status: string): string => `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
status: ${status}
`;

const crd = (conditions: string): string => `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com, generation: 1 }
spec: { group: example.com, names: { kind: Widget, plural: widgets }, scope: Namespaced }
status:
  conditions: ${conditions}
`;

const hpa = (status: string, apiVersion = 'autoscaling/v2', annotations = '{}'): string => `
apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata: { name: web, namespace: shop, annotations: ${annotations} }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }, minReplicas: 2, maxReplicas: 10 }
status: ${status}
`;

const cases: [string, string, Health][] = [
  [
    'PVC bound',
    pvc('Bound'),
    { status: 'Healthy', message: 'persistentvolumeclaim "data-db-0" is bound to volume pvc-3f1c' },
  ],
  [
    'PVC pending',
    pvc('Pending'),
    {
      status: 'Progressing',
      message: 'persistentvolumeclaim "data-db-0" is pending: waiting for a volume to be provisioned or bound',
    },
  ],
  [
    'PVC lost',
    pvc('Lost'),
    { status: 'Degraded', message: 'persistentvolumeclaim "data-db-0" lost its volume pvc-3f1c' },
  ],

  [
    'ClusterIP Service',
    service('ClusterIP', '{ loadBalancer: {} }'),
    { status: 'Healthy', message: 'service "web" (ClusterIP)' },
  ],
  [
    'LoadBalancer Service without an address',
    service('LoadBalancer', '{ loadBalancer: {} }'),
    { status: 'Progressing', message: 'service "web": waiting for the load balancer to get an address' },
  ],
  [
    'LoadBalancer Service with an address',
    service('LoadBalancer', '{ loadBalancer: { ingress: [{ ip: 203.0.113.7 }, { hostname: lb.example.com }] } }'),
    { status: 'Healthy', message: 'service "web" is exposed at 203.0.113.7, lb.example.com' },
  ],

  [
    'Ingress without an address (no controller has picked it up)',
    ingress('{ loadBalancer: {} }'),
    { status: 'Progressing', message: 'ingress "web": waiting for the ingress controller to publish an address' },
  ],
  [
    'Ingress with an address',
    ingress('{ loadBalancer: { ingress: [{ ip: 198.51.100.4 }] } }'),
    { status: 'Healthy', message: 'ingress "web" is served at 198.51.100.4' },
  ],

  ['Namespace active', namespace('{ phase: Active }'), { status: 'Healthy', message: 'namespace "shop" is active' }],
  [
    'Namespace stuck terminating',
    namespace(`
  phase: Terminating
  conditions:
  - { type: NamespaceDeletionDiscoveryFailure, status: "False", reason: ResourcesDiscovered, message: All resources successfully discovered }
  - { type: NamespaceContentRemaining, status: "True", reason: SomeResourcesRemain, message: "Some resources are remaining: widgets.example.com has 1 resource instances" }`),
    {
      status: 'Progressing',
      message:
        'namespace "shop" is terminating: Some resources are remaining: widgets.example.com has 1 resource instances',
    },
  ],

  [
    'CRD established',
    crd(`
  - { type: NamesAccepted, status: "True", reason: NoConflicts }
  - { type: Established, status: "True", reason: InitialNamesAccepted }`),
    { status: 'Healthy', message: 'customresourcedefinition "widgets.example.com" is established' },
  ],
  [
    'CRD not yet established',
    crd(`
  - { type: NamesAccepted, status: "True", reason: NoConflicts }
  - { type: Established, status: "False", reason: Installing }`),
    {
      status: 'Progressing',
      message: 'customresourcedefinition "widgets.example.com": waiting for the API server to establish it',
    },
  ],
  [
    'CRD whose names clash',
    crd(`
  - { type: NamesAccepted, status: "False", reason: PluralConflict, message: '"widgets" is already in use' }
  - { type: Established, status: "False", reason: NotAccepted }`),
    {
      status: 'Degraded',
      message:
        'customresourcedefinition "widgets.example.com": names not accepted: PluralConflict: "widgets" is already in use',
    },
  ],
  [
    'CRD with a non-structural schema',
    crd(`
  - { type: NonStructuralSchema, status: "True", reason: Violations, message: 'spec.versions[0].schema.openAPIV3Schema.type: Required value' }
  - { type: Established, status: "True" }`),
    {
      status: 'Degraded',
      message:
        'customresourcedefinition "widgets.example.com": schema is not structural: Violations: spec.versions[0].schema.openAPIV3Schema.type: Required value',
    },
  ],

  [
    'HPA scaling normally',
    hpa(`
  currentReplicas: 3
  desiredReplicas: 3
  conditions:
  - { type: AbleToScale, status: "True", reason: ReadyForNewScale }
  - { type: ScalingActive, status: "True", reason: ValidMetricFound }
  - { type: ScalingLimited, status: "False", reason: DesiredWithinRange }`),
    { status: 'Healthy', message: 'hpa "web": 3 current, 3 desired replicas' },
  ],
  [
    'HPA at its maximum',
    hpa(`
  currentReplicas: 10
  desiredReplicas: 10
  conditions:
  - { type: AbleToScale, status: "True" }
  - { type: ScalingActive, status: "True" }
  - { type: ScalingLimited, status: "True", reason: TooManyReplicas, message: the desired replica count is more than the maximum replica count }`),
    {
      status: 'Healthy',
      message:
        'hpa "web": 10 current, 10 desired replicas (the desired replica count is more than the maximum replica count)',
    },
  ],
  [
    'HPA without metrics',
    hpa(`
  currentReplicas: 2
  conditions:
  - { type: AbleToScale, status: "True" }
  - { type: ScalingActive, status: "False", reason: FailedGetResourceMetric, message: 'the HPA was unable to compute the replica count: no metrics returned from resource metrics API' }`),
    {
      status: 'Degraded',
      message:
        'hpa "web" is not scaling: FailedGetResourceMetric: the HPA was unable to compute the replica count: no metrics returned from resource metrics API',
    },
  ],
  [
    'HPA whose target is missing',
    hpa(`
  conditions:
  - { type: AbleToScale, status: "False", reason: FailedGetScale, message: 'deployments/scale.apps "web" not found' }`),
    { status: 'Degraded', message: 'hpa "web" cannot scale: FailedGetScale: deployments/scale.apps "web" not found' },
  ],
  [
    'HPA whose target was scaled to zero',
    hpa(`
  conditions:
  - { type: AbleToScale, status: "True" }
  - { type: ScalingActive, status: "False", reason: ScalingDisabled, message: scaling is disabled since the replica count of the target is zero }`),
    {
      status: 'Suspended',
      message: 'hpa "web": scaling is disabled: scaling is disabled since the replica count of the target is zero',
    },
  ],
  [
    'HPA not yet observed',
    hpa('{ currentReplicas: 0, desiredReplicas: 0 }'),
    { status: 'Progressing', message: 'hpa "web": waiting for the autoscaler to observe it' },
  ],
  [
    'autoscaling/v1 HPA with conditions in its annotation',
    hpa(
      '{ currentReplicas: 2, desiredReplicas: 2 }',
      'autoscaling/v1',
      `{ autoscaling.alpha.kubernetes.io/conditions: '[{"type":"AbleToScale","status":"True"},{"type":"ScalingActive","status":"False","reason":"FailedGetResourceMetric","message":"missing request for cpu"}]' }`,
    ),
    { status: 'Degraded', message: 'hpa "web" is not scaling: FailedGetResourceMetric: missing request for cpu' },
  ],
  [
    'autoscaling/v1 HPA with a malformed annotation',
    hpa(
      '{ currentReplicas: 2, desiredReplicas: 2 }',
      'autoscaling/v1',
      `{ autoscaling.alpha.kubernetes.io/conditions: '[{' }`,
    ),
    { status: 'Progressing', message: 'hpa "web": waiting for the autoscaler to observe it' },
  ],
];

describe('health of storage, networking, namespaces, CRDs and autoscalers', () => {
  it.each(cases)('%s', (_title, text, expected) => {
    expect(assessHealth(live(text))).toEqual(expected);
  });
});
