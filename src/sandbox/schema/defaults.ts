/**
 * Defaulting of built-in objects as kube-apiserver 1.32 applies it between decoding and
 * validation: the scheme's defaulters plus the create/update strategy steps that visibly shape
 * the stored object (Job selector, Service IPs and ports, Namespace finalizer, DaemonSet annotation).
 */
import type { GroupVersionKind, Obj } from '../model.js';
import {
  defaultEndpoints,
  defaultHPA,
  defaultLimitRange,
  defaultNamespace,
  defaultNetworkPolicy,
  defaultNode,
  defaultPV,
  defaultPVC,
  defaultResourceQuota,
  defaultRoleBinding,
  defaultSecret,
  defaultStorageClass,
} from './defaults-core.js';
import { applyPodObjectDefaults, defaultPodTemplate } from './defaults-pod.js';
import { defaultService } from './defaults-service.js';
import {
  defaultCronJob,
  defaultDaemonSet,
  defaultDeployment,
  defaultJob,
  defaultReplicaSet,
  defaultStatefulSet,
} from './defaults-workloads.js';
import { ensureObj } from './semantic-json.js';

export interface DefaultContext {
  /** Hands out a free 10.96.x.y address. */
  allocateClusterIP(): string;
  /** Hands out a free port in 30000-32767; without it a random port in the range is used. */
  allocateNodePort?(): number;
  /** The stored object when this is an update: strategies keep allocated values and skip create-only steps. */
  old?: Obj;
}

function randomNodePort(): number {
  return 30000 + Math.floor(Math.random() * (32767 - 30000 + 1));
}

/** Mutates `obj` into what the apiserver would store for it. Unknown kinds are left alone. */
export function applyDefaults(gvk: GroupVersionKind, obj: Obj, ctx: DefaultContext): void {
  const old = ctx.old;
  switch (`${gvk.group}/${gvk.kind}`) {
    case 'apps/Deployment':
      return defaultDeployment(obj);
    case 'apps/ReplicaSet':
      return defaultReplicaSet(obj);
    case 'apps/StatefulSet':
      return defaultStatefulSet(obj);
    case 'apps/DaemonSet':
      return defaultDaemonSet(obj, old);
    case 'batch/Job':
      return defaultJob(obj, old);
    case 'batch/CronJob':
      return defaultCronJob(obj);
    case '/Pod':
      return applyPodObjectDefaults(obj);
    case '/PodTemplate':
      return defaultPodTemplate(ensureObj(obj, 'template'));
    case '/Service':
      return defaultService(
        obj,
        {
          allocateClusterIP: () => ctx.allocateClusterIP(),
          allocateNodePort: () => (ctx.allocateNodePort ? ctx.allocateNodePort() : randomNodePort()),
        },
        old,
      );
    case '/Secret':
      return defaultSecret(obj);
    case '/Namespace':
      return defaultNamespace(obj, old);
    case '/PersistentVolumeClaim':
      return defaultPVC(obj);
    case '/PersistentVolume':
      return defaultPV(obj);
    case '/Endpoints':
      return defaultEndpoints(obj);
    case '/LimitRange':
      return defaultLimitRange(obj);
    case '/ResourceQuota':
      return defaultResourceQuota(obj);
    case '/Node':
      return defaultNode(obj);
    case 'networking.k8s.io/NetworkPolicy':
      return defaultNetworkPolicy(obj);
    case 'autoscaling/HorizontalPodAutoscaler':
      if (gvk.version === 'v2') defaultHPA(obj);
      return;
    case 'rbac.authorization.k8s.io/RoleBinding':
    case 'rbac.authorization.k8s.io/ClusterRoleBinding':
      return defaultRoleBinding(obj);
    case 'storage.k8s.io/StorageClass':
      return defaultStorageClass(obj);
    default:
      return;
  }
}
