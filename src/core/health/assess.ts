/**
 * assessHealth: one live object in, one verdict out, with the message a user needs. Pure: the caller
 * passes the clock (only used to say how long something has been pending). Built-in kinds are recognised
 * by API group and kind, so a custom resource that happens to be called "Deployment" is judged generically.
 */
import type { Obj } from '../snapshot.js';
import { assessCronJob, assessJob } from './batch.js';
import { assessCustomResourceDefinition, assessHorizontalPodAutoscaler } from './extension-kinds.js';
import { assessGeneric } from './generic.js';
import { progressing, type Health } from './health.js';
import { assessPod } from './pod.js';
import { formatAge, str } from './read-fields.js';
import { assessIngress, assessNamespace, assessPersistentVolumeClaim, assessService } from './service-kinds.js';
import { assessDaemonSet, assessDeployment, assessReplicaSet, assessStatefulSet } from './workloads.js';
import { groupOf } from '../api-version.js';

export type { Health, HealthStatus } from './health.js';

type Assessor = (obj: Obj, now?: Date) => Health;

/** "group/Kind" → assessor; the core group is "". Legacy groups still served by old clusters are included. */
const ASSESSORS: ReadonlyMap<string, Assessor> = new Map<string, Assessor>([
  ['apps/Deployment', assessDeployment],
  ['extensions/Deployment', assessDeployment],
  ['apps/StatefulSet', assessStatefulSet],
  ['apps/DaemonSet', assessDaemonSet],
  ['extensions/DaemonSet', assessDaemonSet],
  ['apps/ReplicaSet', assessReplicaSet],
  ['extensions/ReplicaSet', assessReplicaSet],
  ['/Pod', assessPod],
  ['batch/Job', assessJob],
  ['batch/CronJob', assessCronJob],
  ['/PersistentVolumeClaim', assessPersistentVolumeClaim],
  ['/Service', assessService],
  ['networking.k8s.io/Ingress', assessIngress],
  ['extensions/Ingress', assessIngress],
  ['/Namespace', assessNamespace],
  ['apiextensions.k8s.io/CustomResourceDefinition', assessCustomResourceDefinition],
  ['autoscaling/HorizontalPodAutoscaler', assessHorizontalPodAutoscaler],
]);

export function assessHealth(obj: Obj | undefined, now?: Date): Health {
  if (obj === undefined) return { status: 'Missing', message: 'object does not exist in the cluster' };
  const kind = str(obj, 'kind') ?? '';
  const name = str(obj, 'metadata', 'name') ?? '';
  // A Namespace reports its own Terminating phase with the reasons it is stuck; other kinds say so here.
  const deletedAt = str(obj, 'metadata', 'deletionTimestamp');
  if (deletedAt !== undefined && kind !== 'Namespace') {
    const age = formatAge(deletedAt, now);
    return progressing(`${kind.toLowerCase() || 'object'} "${name}" is being deleted${age ? ` (for ${age})` : ''}`);
  }
  const assess = ASSESSORS.get(`${groupOf(str(obj, 'apiVersion') ?? '')}/${kind}`) ?? assessGeneric;
  return assess(obj, now);
}
