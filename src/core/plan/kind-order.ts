/**
 * Kind order, in two strengths. The full list (Argo CD's) only sorts nodes inside a level. The coarse
 * groups add 'kind-order' edges, because a workload started before its ConfigMap or ServiceAccount
 * exists fails in ways that retrying hides: foundations, then configuration, then Services, then
 * workloads, then what routes or scales them. Kinds outside the groups get no kind-order edges.
 */

const ARGO_KIND_ORDER = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

const RANK = new Map(ARGO_KIND_ORDER.map((kind, i) => [kind, i]));

/** Position in Argo CD's kind order; unknown kinds after all known ones. */
export function rankKind(kind: string): number {
  return RANK.get(kind) ?? ARGO_KIND_ORDER.length;
}

const GROUPS: readonly (readonly string[])[] = [
  ['Namespace', 'CustomResourceDefinition'],
  [
    'NetworkPolicy',
    'ResourceQuota',
    'LimitRange',
    'PodSecurityPolicy',
    'PodDisruptionBudget',
    'ServiceAccount',
    'Secret',
    'SecretList',
    'ConfigMap',
    'StorageClass',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'ClusterRole',
    'ClusterRoleList',
    'ClusterRoleBinding',
    'ClusterRoleBindingList',
    'Role',
    'RoleList',
    'RoleBinding',
    'RoleBindingList',
    'IngressClass',
  ],
  ['Service'],
  ['DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'StatefulSet', 'Job', 'CronJob'],
  ['HorizontalPodAutoscaler', 'Ingress', 'APIService'],
];

const GROUP_OF = new Map(GROUPS.flatMap((kinds, g) => kinds.map((k) => [k, g] as const)));

/** Coarse group 0..4 for kind-order edges, undefined for kinds that get none. */
export function kindGroup(kind: string): number | undefined {
  return GROUP_OF.get(kind);
}

export const KIND_GROUP_COUNT = GROUPS.length;
