/**
 * The arithmetic of a Deployment rollout, after pkg/controller/deployment (rolling.go, sync.go,
 * util): surge/unavailable fenceposts, how far the new ReplicaSet may grow, how far the old ones
 * may shrink, and proportional scaling of several active ReplicaSets. Pure functions on objects.
 */
import { getPath, metaOf, nameOf, str, type Obj } from '../model.js';
import { annotationsOf, intAt, strAt } from './fields.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const HASH_LABEL = 'pod-template-hash';

export const specReplicas = (o: Obj): number => intAt(o, 'spec.replicas') ?? 0;
export const statusReplicas = (o: Obj): number => intAt(o, 'status.replicas') ?? 0;
export const availableOf = (o: Obj): number => intAt(o, 'status.availableReplicas') ?? 0;
export const readyOf = (o: Obj): number => intAt(o, 'status.readyReplicas') ?? 0;
export const sum = (rss: Obj[], f: (o: Obj) => number): number => rss.reduce((n, o) => n + f(o), 0);

export function desiredReplicas(d: Obj): number {
  return intAt(d, 'spec.replicas') ?? 1;
}

export function isRollingUpdate(d: Obj): boolean {
  return (strAt(d, 'spec.strategy.type') ?? 'RollingUpdate') === 'RollingUpdate';
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && v.endsWith('%')) {
    const pct = Number(v.slice(0, -1));
    if (!Number.isFinite(pct)) return 0;
    const x = (pct * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return 0;
}

/** ResolveFenceposts: surge rounds up, unavailable down, and both zero means one unavailable. */
export function fenceposts(d: Obj): { surge: number; unavailable: number } {
  const n = desiredReplicas(d);
  const surge = scaledValue(getPath(d, 'spec.strategy.rollingUpdate.maxSurge') ?? '25%', n, true);
  const unavailable = scaledValue(getPath(d, 'spec.strategy.rollingUpdate.maxUnavailable') ?? '25%', n, false);
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

export function maxSurge(d: Obj): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

export function maxUnavailable(d: Obj): number {
  const n = desiredReplicas(d);
  if (!isRollingUpdate(d) || n === 0) return 0;
  return Math.min(fenceposts(d).unavailable, n);
}

/** NewRSNewReplicas: how big the new ReplicaSet may be now. */
export function newRSNewReplicas(d: Obj, all: Obj[], newRS: Obj | undefined): number {
  const want = desiredReplicas(d);
  if (!isRollingUpdate(d)) return want;
  const current = newRS ? specReplicas(newRS) : 0;
  const total = sum(all, specReplicas);
  const maxTotal = want + fenceposts(d).surge;
  if (total >= maxTotal) return current;
  return current + Math.min(maxTotal - total, Math.max(0, want - current));
}

export function byCreation(a: Obj, b: Obj): number {
  const ta = str(metaOf(a).creationTimestamp) ?? '';
  const tb = str(metaOf(b).creationTimestamp) ?? '';
  return ta < tb ? -1 : ta > tb ? 1 : nameOf(a).localeCompare(nameOf(b));
}

/**
 * reconcileOldReplicaSets: first drop old pods that are not available anyway, then scale old
 * ReplicaSets down as far as minimum availability allows. Returns the new size per old RS name.
 */
export function planOldScaleDown(d: Obj, all: Obj[], old: Obj[], newRS: Obj | undefined): Map<string, number> {
  const plan = new Map<string, number>();
  if (sum(old, specReplicas) === 0) return plan;
  const minAvailable = desiredReplicas(d) - maxUnavailable(d);
  const newUnavailable = newRS ? specReplicas(newRS) - availableOf(newRS) : 0;
  const maxScaledDown = sum(all, specReplicas) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return plan;
  const sorted = [...old].sort(byCreation);
  let cleaned = 0;
  for (const rs of sorted) {
    if (cleaned >= maxScaledDown) break;
    const size = specReplicas(rs);
    if (size === 0 || size === availableOf(rs)) continue;
    const n = Math.min(maxScaledDown - cleaned, size - availableOf(rs));
    plan.set(String(metaOf(rs).name), size - n);
    cleaned += n;
  }
  const sizeOf = (rs: Obj): number => plan.get(String(metaOf(rs).name)) ?? specReplicas(rs);
  const available = sum(all, availableOf);
  if (available <= minAvailable) return plan;
  const total = available - minAvailable;
  let done = 0;
  for (const rs of sorted) {
    if (done >= total) break;
    const size = sizeOf(rs);
    if (size === 0) continue;
    const n = Math.min(size, total - done);
    plan.set(String(metaOf(rs).name), size - n);
    done += n;
  }
  return plan;
}

/** isScalingEvent: the replicas a ReplicaSet was sized for differ from what the Deployment wants. */
export function isScalingEvent(d: Obj, active: Obj[]): boolean {
  const want = String(desiredReplicas(d));
  return active.some((rs) => {
    const a = annotationsOf(rs)[DESIRED_REPLICAS];
    return a !== undefined && a !== want;
  });
}

/**
 * scale(): with one active ReplicaSet it takes everything; with several (a scale during a
 * rollout) the change is shared in proportion to their sizes, the remainder to the largest.
 */
export function planScale(d: Obj, newRS: Obj | undefined, old: Obj[]): Map<string, number> {
  const plan = new Map<string, number>();
  const want = desiredReplicas(d);
  const all = newRS ? [newRS, ...old] : old;
  const active = all.filter((rs) => specReplicas(rs) > 0);
  const name = (rs: Obj): string => String(metaOf(rs).name);
  if (active.length <= 1) {
    const target = active[0] ?? newRS ?? [...old].sort(byCreation).at(-1);
    if (target && specReplicas(target) !== want) plan.set(name(target), want);
    return plan;
  }
  if (newRS && specReplicas(newRS) === want && newRS.status !== undefined && availableOf(newRS) >= want) {
    for (const rs of old) if (specReplicas(rs) > 0) plan.set(name(rs), 0);
    return plan;
  }
  if (!isRollingUpdate(d)) return plan;
  const current = sum(active, specReplicas);
  const allowed = want > 0 ? want + maxSurge(d) : 0;
  const toAdd = allowed - current;
  if (toAdd === 0) return plan;
  const ordered = [...active].sort((a, b) =>
    toAdd > 0 ? specReplicas(b) - specReplicas(a) : specReplicas(a) - specReplicas(b),
  );
  let added = 0;
  for (const rs of ordered) {
    const share =
      toAdd > 0 ? Math.floor((specReplicas(rs) * toAdd) / current) : Math.ceil((specReplicas(rs) * toAdd) / current);
    const bounded = Math.max(share, -specReplicas(rs));
    plan.set(name(rs), specReplicas(rs) + bounded);
    added += bounded;
  }
  const first = ordered[0];
  if (first && added !== toAdd) {
    const size = plan.get(name(first)) ?? specReplicas(first);
    plan.set(name(first), Math.max(0, size + toAdd - added));
  }
  return plan;
}
