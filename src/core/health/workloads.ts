/**
 * Health of the rolling workloads, with the checks and wording of `kubectl rollout status`
 * (kubectl/pkg/polymorphichelpers/rollout_status.go) so a user sees the same sentence Sextant waits on.
 * Where kubectl refuses (OnDelete strategies) or is silent (paused, ReplicaSet), Argo CD's and kstatus'
 * judgement fills the gap.
 */
import type { Obj } from '../snapshot.js';
import { degraded, healthy, progressing, suspended, type Health } from './health.js';
import { field, findCondition, isGenerationPending, nameOf, num, str } from './read-fields.js';

/** spec.replicas, which the API server defaults to 1. */
function desiredReplicas(obj: Obj): number {
  return num(obj, 'spec', 'replicas') ?? 1;
}

/** A ReplicaFailure condition (quota, admission webhook) explains why pods do not appear; worth showing. */
function withReplicaFailure(obj: Obj, message: string): string {
  const rf = findCondition(obj, 'ReplicaFailure');
  return rf?.status === 'True' && rf.message ? `${message} (${rf.message})` : message;
}

export function assessDeployment(obj: Obj): Health {
  const name = nameOf(obj);
  if (field(obj, 'spec', 'paused') === true) return suspended(`deployment "${name}" is paused`);
  if (isGenerationPending(obj)) return progressing(`Waiting for deployment "${name}" spec update to be observed...`);
  const progress = findCondition(obj, 'Progressing');
  if (progress?.reason === 'ProgressDeadlineExceeded') {
    const detail = progress.message ? `: ${progress.message}` : '';
    return degraded(`deployment "${name}" exceeded its progress deadline${detail}`);
  }
  const replicas = desiredReplicas(obj);
  const current = num(obj, 'status', 'replicas') ?? 0;
  const updated = num(obj, 'status', 'updatedReplicas') ?? 0;
  const available = num(obj, 'status', 'availableReplicas') ?? 0;
  const waiting = `Waiting for deployment "${name}" rollout to finish:`;
  if (updated < replicas) {
    return progressing(
      withReplicaFailure(obj, `${waiting} ${updated} out of ${replicas} new replicas have been updated...`),
    );
  }
  if (current > updated) {
    return progressing(`${waiting} ${current - updated} old replicas are pending termination...`);
  }
  if (available < updated) {
    return progressing(`${waiting} ${available} of ${updated} updated replicas are available...`);
  }
  return healthy(`deployment "${name}" successfully rolled out`);
}

export function assessStatefulSet(obj: Obj): Health {
  const name = nameOf(obj);
  // kubectl also waits while observedGeneration is 0: the controller has never reported on this object.
  const observed = num(obj, 'status', 'observedGeneration') ?? 0;
  if (isGenerationPending(obj) || (observed === 0 && num(obj, 'metadata', 'generation') !== undefined)) {
    return progressing(`Waiting for statefulset "${name}" spec update to be observed...`);
  }
  const replicas = desiredReplicas(obj);
  const ready = num(obj, 'status', 'readyReplicas') ?? 0;
  if (ready < replicas)
    return progressing(`Waiting for ${replicas - ready} pods of statefulset "${name}" to be ready...`);
  // kubectl refuses OnDelete; Argo CD calls it healthy once pods are ready, since updates wait for manual deletes.
  if (str(obj, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    return healthy(`statefulset "${name}" has ${ready} ready pods (OnDelete: pods update only when deleted)`);
  }
  const updated = num(obj, 'status', 'updatedReplicas') ?? 0;
  const partition = num(obj, 'spec', 'updateStrategy', 'rollingUpdate', 'partition') ?? 0;
  if (partition > 0) {
    const target = Math.max(replicas - partition, 0);
    if (updated < target) {
      return progressing(
        `Waiting for partitioned roll out to finish: ${updated} out of ${target} new pods have been updated...`,
      );
    }
    return healthy(`partitioned roll out complete: ${updated} new pods have been updated...`);
  }
  const currentRevision = str(obj, 'status', 'currentRevision');
  const updateRevision = str(obj, 'status', 'updateRevision');
  if (updateRevision !== undefined && updateRevision !== currentRevision) {
    return progressing(
      `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...`,
    );
  }
  const currentReplicas = num(obj, 'status', 'currentReplicas') ?? ready;
  const revision = currentRevision ? ` at revision ${currentRevision}` : '';
  return healthy(`statefulset rolling update complete ${currentReplicas} pods${revision}...`);
}

export function assessDaemonSet(obj: Obj): Health {
  const name = nameOf(obj);
  if (isGenerationPending(obj)) return progressing(`Waiting for daemon set "${name}" spec update to be observed...`);
  const desired = num(obj, 'status', 'desiredNumberScheduled') ?? 0;
  const updated = num(obj, 'status', 'updatedNumberScheduled') ?? 0;
  const available = num(obj, 'status', 'numberAvailable') ?? 0;
  const waiting = `Waiting for daemon set "${name}" rollout to finish:`;
  // kubectl refuses OnDelete; Argo CD reports it healthy, since pods only change when someone deletes them.
  if (str(obj, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    return healthy(
      `daemon set "${name}": ${updated} out of ${desired} pods updated (OnDelete: pods update only when deleted)`,
    );
  }
  if (updated < desired) return progressing(`${waiting} ${updated} out of ${desired} new pods have been updated...`);
  if (available < desired) return progressing(`${waiting} ${available} of ${desired} updated pods are available...`);
  return healthy(`daemon set "${name}" successfully rolled out`);
}

/** kubectl has no rollout status for ReplicaSets; this follows kstatus (replicas, ready, available). */
export function assessReplicaSet(obj: Obj): Health {
  const name = nameOf(obj);
  if (isGenerationPending(obj)) return progressing(`Waiting for replica set "${name}" spec update to be observed...`);
  const replicas = desiredReplicas(obj);
  const current = num(obj, 'status', 'replicas') ?? 0;
  const ready = num(obj, 'status', 'readyReplicas') ?? 0;
  const available = num(obj, 'status', 'availableReplicas') ?? 0;
  const waiting = `Waiting for replica set "${name}":`;
  if (current < replicas)
    return progressing(withReplicaFailure(obj, `${waiting} ${current} of ${replicas} replicas created...`));
  if (current > replicas)
    return progressing(`${waiting} ${current - replicas} extra replicas are pending termination...`);
  if (ready < replicas) return progressing(`${waiting} ${ready} of ${replicas} replicas are ready...`);
  if (available < replicas) return progressing(`${waiting} ${available} of ${replicas} replicas are available...`);
  return healthy(`replica set "${name}" has ${available} available replicas`);
}
