/**
 * The zero value of each built-in kind as the apiserver serializes it: non-pointer structs and
 * non-omitempty slices are present, so on create they count as existing rather than added
 * (which is why a Deployment's managedFields show f:spec without a "." entry).
 */
import type { GroupVersionKind, Obj } from '../model.js';

const TEMPLATE_ZERO = (): Obj => ({ metadata: { creationTimestamp: null }, spec: { containers: null } });
const ZERO_SPECS: Record<string, () => Obj> = {
  Deployment: () => ({ spec: { selector: null, template: TEMPLATE_ZERO(), strategy: {} }, status: {} }),
  ReplicaSet: () => ({ spec: { selector: null, template: TEMPLATE_ZERO() }, status: { replicas: 0 } }),
  StatefulSet: () => ({
    spec: { selector: null, template: TEMPLATE_ZERO(), updateStrategy: {} },
    status: { replicas: 0, availableReplicas: 0 },
  }),
  DaemonSet: () => ({
    spec: { selector: null, template: TEMPLATE_ZERO(), updateStrategy: {} },
    status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
  }),
  Job: () => ({ spec: { template: TEMPLATE_ZERO() }, status: {} }),
  CronJob: () => ({
    spec: { schedule: '', jobTemplate: { metadata: { creationTimestamp: null }, spec: { template: TEMPLATE_ZERO() } } },
    status: {},
  }),
  Pod: () => ({ spec: { containers: null }, status: {} }),
  Service: () => ({ spec: {}, status: { loadBalancer: {} } }),
  Namespace: () => ({ spec: {}, status: {} }),
  Node: () => ({ spec: {}, status: { daemonEndpoints: { kubeletEndpoint: { Port: 0 } }, nodeInfo: {} } }),
  PersistentVolumeClaim: () => ({ spec: { resources: {} }, status: {} }),
  PersistentVolume: () => ({ spec: {}, status: {} }),
  ResourceQuota: () => ({ spec: {}, status: {} }),
  LimitRange: () => ({ spec: { limits: null } }),
  HorizontalPodAutoscaler: () => ({ spec: { scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 }, status: {} }),
  Ingress: () => ({ spec: {}, status: { loadBalancer: {} } }),
  NetworkPolicy: () => ({ spec: { podSelector: {} } }),
  PodDisruptionBudget: () => ({
    spec: {},
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  }),
  Role: () => ({ rules: null }),
  ClusterRole: () => ({ rules: null }),
  RoleBinding: () => ({ roleRef: { apiGroup: '', kind: '', name: '' } }),
  ClusterRoleBinding: () => ({ roleRef: { apiGroup: '', kind: '', name: '' } }),
  CustomResourceDefinition: () => ({
    spec: { group: '', names: { plural: '', kind: '' }, scope: '', versions: null },
    status: { conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: null },
  }),
  Lease: () => ({ spec: {} }),
  IngressClass: () => ({ spec: {} }),
};

/** What an empty object of a built-in kind looks like to the field manager. */
export function emptyBuiltinObject(gvk: GroupVersionKind): Obj {
  return { metadata: { creationTimestamp: null }, ...(ZERO_SPECS[gvk.kind]?.() ?? {}) };
}
