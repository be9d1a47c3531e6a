/**
 * Pod facts every workload controller needs (active, ready, available) and the pod a controller
 * stamps out of its template, as controller.GetPodFromTemplate does.
 */
import { clone, isObj, labelsOf, metaOf, type Obj } from '../model.js';
import { annotationsOf, objAt, strAt } from './fields.js';
import { findCondition } from './conditions.js';
import { isDeleting, type OwnerRef } from './ownership.js';
import { generateName } from './naming.js';
import { parseTime } from './time.js';

export function phaseOf(pod: Obj): string {
  return strAt(pod, 'status.phase') ?? 'Pending';
}

export function isPodTerminal(pod: Obj): boolean {
  const p = phaseOf(pod);
  return p === 'Succeeded' || p === 'Failed';
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: Obj): boolean {
  return !isPodTerminal(pod) && !isDeleting(pod);
}

export function isPodReady(pod: Obj): boolean {
  return findCondition(objAt(pod, 'status'), 'Ready')?.status === 'True';
}

/** podutil.IsPodAvailable: Ready for at least minReadySeconds. */
export function isPodAvailable(pod: Obj, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = parseTime(findCondition(objAt(pod, 'status'), 'Ready')?.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

/** Milliseconds until a ready pod counts as available, if it does not yet. */
export function msUntilAvailable(pod: Obj, minReadySeconds: number, now: number): number | undefined {
  if (!isPodReady(pod) || minReadySeconds <= 0) return undefined;
  const since = parseTime(findCondition(objAt(pod, 'status'), 'Ready')?.lastTransitionTime);
  if (since === undefined) return undefined;
  const left = since + minReadySeconds * 1000 - now;
  return left > 0 ? left : undefined;
}

export interface PodStamp {
  namespace: string;
  /** Exact name (StatefulSet); otherwise generated from `generateName`. */
  name?: string;
  generateName?: string;
  owner: OwnerRef;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
}

export function podFromTemplate(template: unknown, stamp: PodStamp): Obj {
  const tpl = isObj(template) ? template : {};
  const tplMeta = objAt(tpl, 'metadata');
  const labels = { ...labelsOf({ metadata: clone(tplMeta) }), ...(stamp.labels ?? {}) };
  const annotations = { ...annotationsOf({ metadata: clone(tplMeta) }), ...(stamp.annotations ?? {}) };
  const metadata: Obj = {
    name: stamp.name ?? generateName(stamp.generateName ?? ''),
    namespace: stamp.namespace,
  };
  if (!stamp.name && stamp.generateName) metadata.generateName = stamp.generateName;
  if (Object.keys(labels).length > 0) metadata.labels = labels;
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  if (stamp.finalizers?.length) metadata.finalizers = [...stamp.finalizers];
  metadata.ownerReferences = [{ ...stamp.owner }];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: clone(objAt(tpl, 'spec')) };
}

/** Pods referencing this PVC by name: what keeps a claim's pvc-protection finalizer in place. */
export function podUsesClaim(pod: Obj, claim: string): boolean {
  const vols = objAt(pod, 'spec').volumes;
  if (!Array.isArray(vols)) return false;
  return vols.filter(isObj).some((v) => strAt(v, 'persistentVolumeClaim.claimName') === claim);
}

export function podName(pod: Obj): string {
  return strAt(metaOf(pod), 'name') ?? '';
}
