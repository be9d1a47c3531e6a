/**
 * A Deployment's status as the deployment controller computes it (calculateStatus and
 * syncRolloutStatus): counts summed over its ReplicaSets, the Available condition, and the
 * Progressing condition that `kubectl rollout status` reads, including ProgressDeadlineExceeded.
 */
import { clone, nameOf, str, type Obj } from '../model.js';
import { intAt, objAt, omitZero } from './fields.js';
import { conditionsOf, findCondition, setCondition } from './conditions.js';
import {
  availableOf,
  desiredReplicas,
  maxUnavailable,
  readyOf,
  specReplicas,
  statusReplicas,
  sum,
} from './deployment-rollout.js';
import { parseTime } from './time.js';

export const NO_DEADLINE = 2147483647;

export function progressDeadlineSeconds(d: Obj): number | undefined {
  const pds = intAt(d, 'spec.progressDeadlineSeconds') ?? 600;
  return pds === NO_DEADLINE ? undefined : pds;
}

export function calculateStatus(d: Obj, all: Obj[], newRS: Obj | undefined, now: string): Obj {
  const previous = objAt(d, 'status');
  const available = sum(all, availableOf);
  const status: Obj = {
    observedGeneration: intAt(d, 'metadata.generation') ?? 1,
    replicas: sum(all, statusReplicas),
    updatedReplicas: newRS ? statusReplicas(newRS) : 0,
    readyReplicas: sum(all, readyOf),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sum(all, specReplicas) - available),
  };
  omitZero(status, ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']);
  if (previous.collisionCount !== undefined) status.collisionCount = previous.collisionCount;
  const conditions = conditionsOf(previous);
  if (conditions.length > 0) status.conditions = clone(conditions);
  const ok = available >= desiredReplicas(d) - maxUnavailable(d);
  setCondition(
    status,
    ok
      ? {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        }
      : {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
        },
    now,
    'deployment',
  );
  return status;
}

/** DeploymentComplete: everything updated, nothing old left, all available, generation observed. */
export function isComplete(d: Obj, s: Obj): boolean {
  const n = desiredReplicas(d);
  return (
    (intAt(s, 'updatedReplicas') ?? 0) === n &&
    (intAt(s, 'replicas') ?? 0) === n &&
    (intAt(s, 'availableReplicas') ?? 0) === n &&
    (intAt(s, 'observedGeneration') ?? 0) >= (intAt(d, 'metadata.generation') ?? 1)
  );
}

/** DeploymentProgressing: something moved since the status last written. */
function isProgressing(old: Obj, next: Obj): boolean {
  const n = (s: Obj, k: string): number => intAt(s, k) ?? 0;
  const oldOld = n(old, 'replicas') - n(old, 'updatedReplicas');
  const newOld = n(next, 'replicas') - n(next, 'updatedReplicas');
  return (
    n(next, 'updatedReplicas') > n(old, 'updatedReplicas') ||
    newOld < oldOld ||
    n(next, 'readyReplicas') > n(old, 'readyReplicas') ||
    n(next, 'availableReplicas') > n(old, 'availableReplicas')
  );
}

function isTimedOut(d: Obj, s: Obj, now: number): boolean {
  const pds = progressDeadlineSeconds(d);
  const c = findCondition(s, 'Progressing');
  if (pds === undefined || !c || c.reason === 'NewReplicaSetAvailable') return false;
  if (c.reason === 'ProgressDeadlineExceeded') return true;
  const from = parseTime(c.lastUpdateTime);
  return from !== undefined && from + pds * 1000 < now;
}

/** syncRolloutStatus: the Progressing condition on top of calculateStatus. */
export function rolloutStatus(d: Obj, all: Obj[], newRS: Obj | undefined, now: number, nowIso: string): Obj {
  const status = calculateStatus(d, all, newRS, nowIso);
  if (progressDeadlineSeconds(d) === undefined) {
    status.conditions = conditionsOf(status).filter((c) => c.type !== 'Progressing');
    return status;
  }
  const current = findCondition(status, 'Progressing');
  const rsName = newRS ? nameOf(newRS) : undefined;
  const settled = status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
  if (settled) return status;
  if (isComplete(d, status)) {
    const message = rsName
      ? `ReplicaSet "${rsName}" has successfully progressed.`
      : `Deployment "${nameOf(d)}" has successfully progressed.`;
    setCondition(
      status,
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message },
      nowIso,
      'deployment',
    );
  } else if (isProgressing(objAt(d, 'status'), status)) {
    const message = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${nameOf(d)}" is progressing.`;
    const transition = current?.status === 'True' ? (str(current.lastTransitionTime) ?? nowIso) : nowIso;
    status.conditions = [
      ...conditionsOf(status).filter((c) => c.type !== 'Progressing'),
      {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: nowIso,
        lastTransitionTime: transition,
        reason: 'ReplicaSetUpdated',
        message,
      },
    ];
  } else if (isTimedOut(d, status, now)) {
    const message = rsName
      ? `ReplicaSet "${rsName}" has timed out progressing.`
      : `Deployment "${nameOf(d)}" has timed out progressing.`;
    setCondition(
      status,
      { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message },
      nowIso,
      'deployment',
    );
  }
  return status;
}

/** requeueStuckDeployment: ms until the deadline passes, for a rollout still waiting on it. */
export function msUntilDeadline(d: Obj, status: Obj, now: number): number | undefined {
  const pds = progressDeadlineSeconds(d);
  const c = findCondition(status, 'Progressing');
  if (pds === undefined || !c || isComplete(d, status) || c.reason === 'ProgressDeadlineExceeded') return undefined;
  if (c.reason === 'NewReplicaSetAvailable') return undefined;
  const from = parseTime(c.lastUpdateTime);
  if (from === undefined) return undefined;
  return Math.max(1, from + pds * 1000 - now + 1);
}

/** checkPausedConditions: Unknown DeploymentPaused / DeploymentResumed unless already timed out. */
export function pausedCondition(d: Obj, status: Obj, nowIso: string): boolean {
  if (progressDeadlineSeconds(d) === undefined) return false;
  const c = findCondition(status, 'Progressing');
  if (c?.reason === 'ProgressDeadlineExceeded') return false;
  const pausedCond = c?.reason === 'DeploymentPaused';
  const paused = objAt(d, 'spec').paused === true;
  if (paused && !pausedCond)
    return setCondition(
      status,
      { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' },
      nowIso,
      'deployment',
    );
  if (!paused && pausedCond)
    return setCondition(
      status,
      { type: 'Progressing', status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' },
      nowIso,
      'deployment',
    );
  return false;
}
