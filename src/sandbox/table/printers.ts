/**
 * Which built-in kind has which server-side printer, keyed by API group and kind. Built-in
 * kinds absent here (Role, ClusterRole, LimitRange, CustomResourceDefinition, ...) have no
 * printer in kube either and get the default NAME / CREATED AT table.
 */
import type { Printer } from './columns.js';
import {
  CONTROLLER_REVISION_PRINTER,
  DAEMONSET_PRINTER,
  DEPLOYMENT_PRINTER,
  REPLICASET_PRINTER,
  STATEFULSET_PRINTER,
} from './printers-apps.js';
import { CRONJOB_PRINTER, HPA_PRINTER, JOB_PRINTER, PDB_PRINTER } from './printers-batch.js';
import {
  CONFIGMAP_PRINTER,
  EVENT_PRINTER,
  LEASE_PRINTER,
  NAMESPACE_PRINTER,
  NODE_PRINTER,
  RESOURCE_QUOTA_PRINTER,
  SECRET_PRINTER,
  SERVICE_ACCOUNT_PRINTER,
} from './printers-core.js';
import {
  ENDPOINTS_PRINTER,
  INGRESS_CLASS_PRINTER,
  INGRESS_PRINTER,
  NETWORK_POLICY_PRINTER,
  SERVICE_PRINTER,
} from './printers-network.js';
import { POD_PRINTER } from './printers-pod.js';
import { CLUSTER_ROLE_BINDING_PRINTER, ROLE_BINDING_PRINTER } from './printers-rbac.js';
import {
  PERSISTENT_VOLUME_CLAIM_PRINTER,
  PERSISTENT_VOLUME_PRINTER,
  STORAGE_CLASS_PRINTER,
} from './printers-storage.js';

const PRINTERS = new Map<string, Printer>([
  ['/Pod', POD_PRINTER],
  ['/Namespace', NAMESPACE_PRINTER],
  ['/Node', NODE_PRINTER],
  ['/ConfigMap', CONFIGMAP_PRINTER],
  ['/Secret', SECRET_PRINTER],
  ['/Service', SERVICE_PRINTER],
  ['/Endpoints', ENDPOINTS_PRINTER],
  ['/ServiceAccount', SERVICE_ACCOUNT_PRINTER],
  ['/Event', EVENT_PRINTER],
  ['/PersistentVolumeClaim', PERSISTENT_VOLUME_CLAIM_PRINTER],
  ['/PersistentVolume', PERSISTENT_VOLUME_PRINTER],
  ['/ResourceQuota', RESOURCE_QUOTA_PRINTER],
  ['apps/Deployment', DEPLOYMENT_PRINTER],
  ['apps/ReplicaSet', REPLICASET_PRINTER],
  ['apps/StatefulSet', STATEFULSET_PRINTER],
  ['apps/DaemonSet', DAEMONSET_PRINTER],
  ['apps/ControllerRevision', CONTROLLER_REVISION_PRINTER],
  ['batch/Job', JOB_PRINTER],
  ['batch/CronJob', CRONJOB_PRINTER],
  ['autoscaling/HorizontalPodAutoscaler', HPA_PRINTER],
  ['networking.k8s.io/Ingress', INGRESS_PRINTER],
  ['networking.k8s.io/IngressClass', INGRESS_CLASS_PRINTER],
  ['networking.k8s.io/NetworkPolicy', NETWORK_POLICY_PRINTER],
  ['policy/PodDisruptionBudget', PDB_PRINTER],
  ['rbac.authorization.k8s.io/RoleBinding', ROLE_BINDING_PRINTER],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', CLUSTER_ROLE_BINDING_PRINTER],
  ['coordination.k8s.io/Lease', LEASE_PRINTER],
  ['storage.k8s.io/StorageClass', STORAGE_CLASS_PRINTER],
]);

/** The printer kube registers for a built-in group and kind, if any. */
export function findBuiltinPrinter(group: string, kind: string): Printer | undefined {
  return PRINTERS.get(`${group}/${kind}`);
}
