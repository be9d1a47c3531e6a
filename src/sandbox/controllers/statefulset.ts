/**
 * The StatefulSet controller: pods <set>-0..n-1 with stable names, created in order (each waits
 * for its predecessor to be Running and Ready unless podManagementPolicy is Parallel), claims
 * from volumeClaimTemplates, scale-down from the highest ordinal, rolling updates from the top
 * down to the partition, and the revision-aware status `kubectl rollout status` reads.
 */
import type { ChangeEvent } from '../api/types.js';
import { clone, labelsOf, nameOf, namespaceOf, str, type Obj } from '../model.js';
import { intAt, objAt, objsAt, omitZero, strAt, uidOf } from './fields.js';
import { REVISION_HASH_LABEL, ensureRevision, pruneRevisions, templateOf } from './controller-revision.js';
import { controllerRefOf, controllerRefTo, isControlledBy, isDeleting } from './ownership.js';
import { isPodAvailable, isPodReady, isPodTerminal, msUntilAvailable, phaseOf, podFromTemplate } from './pods.js';
import { CONTROLLER_MANAGER, keyOf, splitKey, type Controller, type Runtime } from './runtime.js';

const SOURCE = { component: 'statefulset-controller' };

function ordinalOf(set: string, pod: Obj): number | undefined {
  const m = new RegExp(`^${set.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(nameOf(pod));
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}

const healthy = (pod: Obj): boolean => phaseOf(pod) === 'Running' && isPodReady(pod) && !isDeleting(pod);

export function createStatefulSetController(rt: Runtime): Controller {
  const setType = () => rt.type('apps/v1', 'StatefulSet');
  const podType = () => rt.type('v1', 'Pod');
  const pvcType = () => rt.type('v1', 'PersistentVolumeClaim');

  function claimName(tpl: Obj, podName: string): string {
    return `${strAt(tpl, 'metadata.name') ?? ''}-${podName}`;
  }

  function ensureClaims(set: Obj, podName: string): void {
    const ns = namespaceOf(set);
    const deleteWithSet = strAt(set, 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted') === 'Delete';
    // whenDeleted: Delete hands the claims to the garbage collector through a non-controller reference.
    const { controller: _controller, ...ownerRef } = controllerRefTo(set, setType());
    for (const tpl of objsAt(set, 'spec.volumeClaimTemplates')) {
      const name = claimName(tpl, podName);
      if (rt.cluster.get(pvcType(), ns, name)) continue;
      const claim: Obj = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name,
          namespace: ns,
          labels: { ...objAt(tpl, 'metadata.labels'), ...objAt(set, 'spec.selector.matchLabels') },
          ...(deleteWithSet ? { ownerReferences: [ownerRef] } : {}),
        },
        spec: clone(objAt(tpl, 'spec')),
      };
      rt.cluster.create(pvcType(), claim, { manager: CONTROLLER_MANAGER });
      rt.recorder.normal(
        set,
        SOURCE,
        'SuccessfulCreate',
        `create Claim ${name} Pod ${podName} in StatefulSet ${nameOf(set)} success`,
      );
    }
  }

  function newPod(set: Obj, ordinal: number, template: Obj, revision: string): Obj {
    const name = `${nameOf(set)}-${ordinal}`;
    const pod = podFromTemplate(template, {
      namespace: namespaceOf(set),
      name,
      owner: controllerRefTo(set, setType()),
      labels: {
        [REVISION_HASH_LABEL]: revision,
        'statefulset.kubernetes.io/pod-name': name,
        'apps.kubernetes.io/pod-index': String(ordinal),
      },
    });
    const spec = pod.spec as Obj;
    spec.hostname = name;
    const service = strAt(set, 'spec.serviceName');
    if (service) spec.subdomain = service;
    const claims = objsAt(set, 'spec.volumeClaimTemplates');
    if (claims.length > 0) {
      const names = new Set(claims.map((c) => strAt(c, 'metadata.name')));
      spec.volumes = [
        ...objsAt(spec, 'volumes').filter((v) => !names.has(str(v.name))),
        ...claims.map((c) => ({
          name: strAt(c, 'metadata.name'),
          persistentVolumeClaim: { claimName: claimName(c, name) },
        })),
      ];
    }
    return pod;
  }

  return {
    name: 'statefulset',
    keysFor(ev: ChangeEvent): string[] {
      const r = ev.resource;
      if (r.group === 'apps' && r.kind === 'StatefulSet') return [keyOf(ev.object)];
      if (r.group === '' && r.kind === 'Pod') {
        const ref = controllerRefOf(ev.object);
        if (ref?.kind === 'StatefulSet') return [`${namespaceOf(ev.object)}/${ref.name}`];
      }
      return [];
    },
    initialKeys: () => rt.cluster.list(setType()).map(keyOf),
    sync(key: string): number | undefined {
      const { namespace, name } = splitKey(key);
      const set = rt.cluster.get(setType(), namespace, name);
      if (!set || isDeleting(set)) return undefined;
      const revs = ensureRevision(rt, set, setType());
      const updateRev = nameOf(revs.update);
      const currentName = strAt(set, 'status.currentRevision');
      const currentRev = revs.all.find((r) => nameOf(r) === currentName) ?? revs.update;
      const replicas = intAt(set, 'spec.replicas') ?? 1;
      const ordered = strAt(set, 'spec.podManagementPolicy') !== 'Parallel';
      const rolling = (strAt(set, 'spec.updateStrategy.type') ?? 'RollingUpdate') === 'RollingUpdate';
      const partition = intAt(set, 'spec.updateStrategy.rollingUpdate.partition') ?? 0;
      const pods = rt.cluster.list(podType(), namespace).filter((p) => isControlledBy(p, uidOf(set)));
      const byOrdinal = new Map<number, Obj>();
      for (const p of pods) {
        const o = ordinalOf(name, p);
        if (o !== undefined) byOrdinal.set(o, p);
      }
      const revisionOf = (p: Obj): string => labelsOf(p)[REVISION_HASH_LABEL] ?? '';
      let blocked = false;
      for (let o = 0; o < replicas && !blocked; o++) {
        const pod = byOrdinal.get(o);
        if (!pod) {
          const useCurrent = rolling && o < partition && nameOf(currentRev) !== updateRev;
          const rev = useCurrent ? currentRev : revs.update;
          const made = newPod(set, o, useCurrent ? templateOf(rev) : objAt(set, 'spec.template'), nameOf(rev));
          ensureClaims(set, nameOf(made));
          byOrdinal.set(o, rt.cluster.create(podType(), made, { manager: CONTROLLER_MANAGER }));
          rt.recorder.normal(
            set,
            SOURCE,
            'SuccessfulCreate',
            `create Pod ${nameOf(made)} in StatefulSet ${name} successful`,
          );
          blocked = ordered;
        } else if (isPodTerminal(pod)) {
          rt.remove(podType(), namespace, nameOf(pod));
          rt.recorder.normal(
            set,
            SOURCE,
            'SuccessfulDelete',
            `delete Pod ${nameOf(pod)} in StatefulSet ${name} successful`,
          );
          byOrdinal.delete(o);
          blocked = ordered;
        } else if (ordered && !healthy(pod)) blocked = true;
      }
      const condemned = [...byOrdinal.keys()].filter((o) => o >= replicas).sort((a, b) => b - a);
      const live = (): Obj[] => [...byOrdinal.values()].filter((p) => !isDeleting(p));
      const allHealthy = (): boolean =>
        [...byOrdinal.entries()].filter(([o]) => o < replicas).every(([, p]) => healthy(p));
      for (const o of condemned) {
        if (ordered && (blocked || !allHealthy())) break;
        const pod = byOrdinal.get(o);
        if (!pod) continue;
        rt.remove(podType(), namespace, nameOf(pod));
        rt.recorder.normal(
          set,
          SOURCE,
          'SuccessfulDelete',
          `delete Pod ${nameOf(pod)} in StatefulSet ${name} successful`,
        );
        byOrdinal.delete(o);
        if (ordered) break;
      }
      if (rolling && !blocked && condemned.length === 0 && byOrdinal.size === replicas && allHealthy()) {
        const stale = [...byOrdinal.entries()]
          .filter(([o, p]) => o >= partition && revisionOf(p) !== updateRev)
          .sort(([a], [b]) => b - a)[0];
        if (stale) {
          rt.remove(podType(), namespace, nameOf(stale[1]));
          rt.recorder.normal(
            set,
            SOURCE,
            'SuccessfulDelete',
            `delete Pod ${nameOf(stale[1])} in StatefulSet ${name} successful`,
          );
          byOrdinal.delete(stale[0]);
        }
      }
      const now = rt.now();
      const minReady = intAt(set, 'spec.minReadySeconds') ?? 0;
      const current = live();
      const status: Obj = {
        ...objAt(set, 'status'),
        observedGeneration: intAt(set, 'metadata.generation') ?? 1,
        replicas: current.length,
        readyReplicas: current.filter(isPodReady).length,
        currentReplicas: current.filter((p) => revisionOf(p) === nameOf(currentRev)).length,
        updatedReplicas: current.filter((p) => revisionOf(p) === updateRev).length,
        currentRevision: nameOf(currentRev),
        updateRevision: updateRev,
        collisionCount: intAt(set, 'status.collisionCount') ?? 0,
        availableReplicas: current.filter((p) => isPodAvailable(p, minReady, now)).length,
      };
      if (rolling && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
        status.currentReplicas = status.updatedReplicas;
        status.currentRevision = updateRev;
      }
      omitZero(status, ['readyReplicas', 'currentReplicas', 'updatedReplicas']);
      rt.writeStatus(setType(), set, status);
      pruneRevisions(
        rt,
        set,
        revs.all,
        new Set([String(status.currentRevision), updateRev, ...current.map(revisionOf)]),
      );
      const waits = current.map((p) => msUntilAvailable(p, minReady, now)).filter((x) => x !== undefined);
      return waits.length > 0 ? Math.min(...waits) + 1 : undefined;
    },
  };
}
