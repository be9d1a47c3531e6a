/**
 * The Deployment controller: one ReplicaSet per pod template (<deploy>-<pod-template-hash>),
 * rolling or recreate rollouts that scale the new one up and the old ones down as pods become
 * available, revision bookkeeping, paused deployments, scaling, history cleanup, and the status
 * and conditions `kubectl rollout status` and `kubectl wait --for=condition=Available` read.
 */
import type { ChangeEvent } from '../api/types.js';
import { clone, metaOf, nameOf, namespaceOf, type Obj } from '../model.js';
import { deepEqual, objAt, uidOf } from './fields.js';
import {
  desiredReplicas,
  isRollingUpdate,
  isScalingEvent,
  newRSNewReplicas,
  planOldScaleDown,
  planScale,
  specReplicas,
} from './deployment-rollout.js';
import { replicaSetOps, SOURCE, type Sets } from './deployment-replicasets.js';
import { calculateStatus, isComplete, msUntilDeadline, pausedCondition, rolloutStatus } from './deployment-status.js';
import { isEmptySelector } from './label-selector.js';
import { controllerRefOf, isControlledBy, isDeleting } from './ownership.js';
import { isPodTerminal } from './pods.js';
import { keyOf, splitKey, type Controller, type Runtime } from './runtime.js';

export function createDeploymentController(rt: Runtime): Controller {
  const dType = () => rt.type('apps/v1', 'Deployment');
  const rsType = () => rt.type('apps/v1', 'ReplicaSet');
  const podType = () => rt.type('v1', 'Pod');
  const { scaleRS, writeStatus, syncRevision, cleanup } = replicaSetOps(rt);

  function applyPlan(d: Obj, sets: Sets, plan: Map<string, number>): { sets: Sets; changed: boolean } {
    let changed = false;
    const apply = (rs: Obj): Obj => {
      const size = plan.get(nameOf(rs));
      if (size === undefined) return rs;
      if (size !== specReplicas(rs)) changed = true;
      return scaleRS(d, rs, size);
    };
    const newRS = sets.newRS ? apply(sets.newRS) : undefined;
    const old = sets.old.map(apply);
    return { sets: { newRS, old }, changed };
  }

  function finish(d: Obj, sets: Sets): number | undefined {
    const all = sets.newRS ? [...sets.old, sets.newRS] : sets.old;
    const status = rolloutStatus(d, all, sets.newRS, rt.now(), rt.nowIso());
    const written = writeStatus(d, status);
    return msUntilDeadline(written, objAt(written, 'status'), rt.now());
  }

  function oldPodsRunning(namespace: string, old: Obj[]): boolean {
    const uids = new Set(old.map(uidOf));
    return rt.cluster
      .list(podType(), namespace)
      .some((p) => uids.has(controllerRefOf(p)?.uid ?? '') && !isPodTerminal(p));
  }

  function rolling(d: Obj, rsList: Obj[]): number | undefined {
    const r = syncRevision(d, rsList, true);
    d = r.d;
    let sets = r.sets;
    const newRS = sets.newRS;
    if (!newRS) return 0;
    const want = desiredReplicas(d);
    if (specReplicas(newRS) !== want) {
      const all = [...sets.old, newRS];
      const target = specReplicas(newRS) > want ? want : newRSNewReplicas(d, all, newRS);
      if (target !== specReplicas(newRS)) {
        sets = { ...sets, newRS: scaleRS(d, newRS, target) };
        return finish(d, sets);
      }
    }
    const active = sets.old.filter((rs) => specReplicas(rs) > 0);
    const plan = planOldScaleDown(d, [...sets.old, newRS], active, newRS);
    const applied = applyPlan(d, sets, plan);
    if (applied.changed) return finish(d, applied.sets);
    if (isComplete(d, objAt(d, 'status'))) cleanup(d, sets.old);
    return finish(d, sets);
  }

  function recreate(d: Obj, rsList: Obj[]): number | undefined {
    let r = syncRevision(d, rsList, false);
    d = r.d;
    const active = r.sets.old.filter((rs) => specReplicas(rs) > 0);
    if (active.length > 0) {
      const applied = applyPlan(d, r.sets, new Map(active.map((rs) => [nameOf(rs), 0])));
      return finish(d, applied.sets);
    }
    if (oldPodsRunning(namespaceOf(d), r.sets.old)) return finish(d, r.sets);
    if (!r.sets.newRS) {
      r = syncRevision(d, rsList, true);
      d = r.d;
    }
    let sets = r.sets;
    if (sets.newRS && specReplicas(sets.newRS) !== desiredReplicas(d)) {
      sets = { ...sets, newRS: scaleRS(d, sets.newRS, desiredReplicas(d)) };
    }
    if (isComplete(d, objAt(d, 'status'))) cleanup(d, sets.old);
    return finish(d, sets);
  }

  /** sync(): the paused / scaling-event path that only resizes, then reports counts. */
  function scaleOnly(d: Obj, rsList: Obj[]): { d: Obj; changed: boolean } {
    const r = syncRevision(d, rsList, false);
    d = r.d;
    const plan = planScale(d, r.sets.newRS, r.sets.old);
    // Active ReplicaSets are re-stamped with the size they now serve, which ends the scaling event.
    for (const rs of [...(r.sets.newRS ? [r.sets.newRS] : []), ...r.sets.old]) {
      if (specReplicas(rs) > 0 && !plan.has(nameOf(rs))) plan.set(nameOf(rs), specReplicas(rs));
    }
    const before = [...(r.sets.newRS ? [r.sets.newRS] : []), ...r.sets.old].map((rs) => metaOf(rs).resourceVersion);
    const applied = applyPlan(d, r.sets, plan);
    const after = [...(applied.sets.newRS ? [applied.sets.newRS] : []), ...applied.sets.old].map(
      (rs) => metaOf(rs).resourceVersion,
    );
    cleanup(d, applied.sets.old);
    const all = applied.sets.newRS ? [...applied.sets.old, applied.sets.newRS] : applied.sets.old;
    d = writeStatus(d, calculateStatus(d, all, applied.sets.newRS, rt.nowIso()));
    return { d, changed: !deepEqual(before, after) };
  }

  return {
    name: 'deployment',
    keysFor(ev: ChangeEvent): string[] {
      const r = ev.resource;
      if (r.group === 'apps' && r.kind === 'Deployment') return [keyOf(ev.object)];
      const ns = namespaceOf(ev.object);
      if (r.group === 'apps' && r.kind === 'ReplicaSet') {
        const ref = controllerRefOf(ev.object);
        return ref?.kind === 'Deployment' ? [`${ns}/${ref.name}`] : [];
      }
      // A Recreate rollout waits for old pods to be gone, which no ReplicaSet status shows.
      if (r.group === '' && r.kind === 'Pod' && ev.type === 'DELETED') {
        const ref = controllerRefOf(ev.object);
        if (ref?.kind !== 'ReplicaSet') return [];
        const rs = rt.cluster.get(rsType(), ns, ref.name);
        const owner = rs ? controllerRefOf(rs) : undefined;
        return owner?.kind === 'Deployment' ? [`${ns}/${owner.name}`] : [];
      }
      return [];
    },
    initialKeys: () => rt.cluster.list(dType()).map(keyOf),
    sync(key: string): number | undefined {
      const { namespace, name } = splitKey(key);
      let d = rt.cluster.get(dType(), namespace, name);
      if (!d || isDeleting(d)) return undefined;
      if (isEmptySelector(objAt(d, 'spec.selector'))) {
        rt.recorder.warning(
          d,
          SOURCE,
          'SelectingAll',
          'This deployment is selecting all pods. A non-empty selector is required.',
        );
        return undefined;
      }
      const uid = uidOf(d);
      const rsList = rt.cluster.list(rsType(), namespace).filter((rs) => isControlledBy(rs, uid) && !isDeleting(rs));
      const status = clone(objAt(d, 'status'));
      if (pausedCondition(d, status, rt.nowIso())) d = writeStatus(d, status);
      if (objAt(d, 'spec').paused === true) {
        scaleOnly(d, rsList);
        return undefined;
      }
      if (
        isScalingEvent(
          d,
          rsList.filter((rs) => specReplicas(rs) > 0),
        )
      ) {
        const scaled = scaleOnly(d, rsList);
        if (scaled.changed) return undefined;
        d = scaled.d;
      }
      return isRollingUpdate(d) ? rolling(d, rsList) : recreate(d, rsList);
    },
  };
}
