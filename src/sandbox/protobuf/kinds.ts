/**
 * Which top-level kinds the decoder can read, and the message each one's `raw` bytes hold: the
 * kinds kubectl 1.32's generator commands (`kubectl create ...`, `kubectl autoscale`) send as
 * protobuf, plus Pod (kubectl run and expose send JSON, other clients may not).
 */

const ROOTS: Readonly<Record<string, string>> = {
  'v1/Namespace': 'core.Namespace',
  'v1/ConfigMap': 'core.ConfigMap',
  'v1/Secret': 'core.Secret',
  'v1/ServiceAccount': 'core.ServiceAccount',
  'v1/Service': 'core.Service',
  'v1/Pod': 'core.Pod',
  'v1/ResourceQuota': 'core.ResourceQuota',
  'apps/v1/Deployment': 'apps.Deployment',
  'batch/v1/Job': 'batch.Job',
  'batch/v1/CronJob': 'batch.CronJob',
  'rbac.authorization.k8s.io/v1/Role': 'rbac.Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'rbac.RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'rbac.ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'rbac.ClusterRoleBinding',
  'networking.k8s.io/v1/Ingress': 'networking.Ingress',
  'policy/v1/PodDisruptionBudget': 'policy.PodDisruptionBudget',
  'autoscaling/v1/HorizontalPodAutoscaler': 'autoscaling.HorizontalPodAutoscaler',
};

/** The message name for a kind, or undefined when the sandbox cannot decode it. */
export function findRootMessage(apiVersion: string, kind: string): string | undefined {
  return Object.hasOwn(ROOTS, `${apiVersion}/${kind}`) ? ROOTS[`${apiVersion}/${kind}`] : undefined;
}
