/**
 * The persistent-volume side of the control plane: a provisioner that creates pvc-<uid> volumes
 * for claims, the binder that marks both Bound, reclaim (Delete or Release) when a claim goes,
 * and the pvc-protection / pv-protection controllers that let protected objects go once unused.
 */
import type { ChangeEvent } from '../api/types.js';
import { clone, metaOf, nameOf, namespaceOf, str, type Obj } from '../model.js';
import { annotationsOf, objAt, objsAt, strAt, uidOf } from './fields.js';
import { isDeleting, withoutFinalizer } from './ownership.js';
import { isPodTerminal, podUsesClaim } from './pods.js';
import { CONTROLLER_MANAGER, keyOf, splitKey, type Controller, type Runtime } from './runtime.js';

const PROVISIONER = 'sandbox.sextant.dev/hostpath';
const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
const PV_PROTECTION = 'kubernetes.io/pv-protection';
const SOURCE = { component: 'persistentvolume-controller' };

export function createVolumeController(rt: Runtime): Controller {
  const pvcType = () => rt.type('v1', 'PersistentVolumeClaim');
  const pvType = () => rt.type('v1', 'PersistentVolume');
  const podType = () => rt.type('v1', 'Pod');
  const scType = () => rt.maybeType('storage.k8s.io/v1', 'StorageClass');

  function inUse(pvc: Obj): boolean {
    return rt.cluster.list(podType(), namespaceOf(pvc)).some((p) => podUsesClaim(p, nameOf(pvc)) && !isPodTerminal(p));
  }

  function syncClaim(namespace: string, name: string): void {
    const pvc = rt.cluster.get(pvcType(), namespace, name);
    if (!pvc) return;
    if (isDeleting(pvc)) {
      const next = withoutFinalizer(pvc, PVC_PROTECTION);
      if (next && !inUse(pvc)) rt.cluster.update(pvcType(), next, { manager: CONTROLLER_MANAGER });
      return;
    }
    const requested = strAt(pvc, 'spec.resources.requests.storage') ?? '1Gi';
    const accessModes = clone(objAt(pvc, 'spec').accessModes ?? ['ReadWriteOnce']);
    let volumeName = strAt(pvc, 'spec.volumeName');
    const className = strAt(pvc, 'spec.storageClassName');
    if (!volumeName) {
      if (className === '') {
        rt.recorder.normal(
          pvc,
          SOURCE,
          'FailedBinding',
          'no persistent volumes available for this claim and no storage class is set',
        );
        rt.writeStatus(pvcType(), pvc, { ...objAt(pvc, 'status'), phase: 'Pending' });
        return;
      }
      const sc = className && scType() ? rt.cluster.get(scType()!, '', className) : undefined;
      if (sc && sc.volumeBindingMode === 'WaitForFirstConsumer' && !inUse(pvc)) {
        rt.recorder.normal(
          pvc,
          SOURCE,
          'WaitForFirstConsumer',
          'waiting for first consumer to be created before binding',
        );
        rt.writeStatus(pvcType(), pvc, { ...objAt(pvc, 'status'), phase: 'Pending' });
        return;
      }
      volumeName = `pvc-${uidOf(pvc)}`;
      if (!rt.cluster.get(pvType(), '', volumeName)) {
        rt.cluster.create(
          pvType(),
          {
            apiVersion: 'v1',
            kind: 'PersistentVolume',
            metadata: { name: volumeName, annotations: { 'pv.kubernetes.io/provisioned-by': PROVISIONER } },
            spec: {
              accessModes,
              capacity: { storage: requested },
              claimRef: {
                apiVersion: 'v1',
                kind: 'PersistentVolumeClaim',
                name,
                namespace,
                uid: uidOf(pvc),
                resourceVersion: str(metaOf(pvc).resourceVersion) ?? '',
              },
              hostPath: { path: `/var/lib/sandbox/volumes/${volumeName}`, type: 'DirectoryOrCreate' },
              persistentVolumeReclaimPolicy: str(sc?.reclaimPolicy) ?? 'Delete',
              storageClassName: className ?? 'standard',
              volumeMode: strAt(pvc, 'spec.volumeMode') ?? 'Filesystem',
            },
          },
          { manager: CONTROLLER_MANAGER },
        );
        rt.recorder.normal(
          pvc,
          { component: `${PROVISIONER}` },
          'ProvisioningSucceeded',
          `Successfully provisioned volume ${volumeName}`,
        );
      }
      const bound = clone(pvc);
      (bound.spec as Obj).volumeName = volumeName;
      metaOf(bound).annotations = {
        ...annotationsOf(pvc),
        'pv.kubernetes.io/bind-completed': 'yes',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'volume.beta.kubernetes.io/storage-provisioner': PROVISIONER,
        'volume.kubernetes.io/storage-provisioner': PROVISIONER,
      };
      const updated = rt.cluster.update(pvcType(), bound, { manager: CONTROLLER_MANAGER });
      writeClaimStatus(updated, volumeName);
      return;
    }
    writeClaimStatus(pvc, volumeName);
  }

  function writeClaimStatus(pvc: Obj, volumeName: string): void {
    const pv = rt.cluster.get(pvType(), '', volumeName);
    if (!pv) {
      rt.writeStatus(pvcType(), pvc, { ...objAt(pvc, 'status'), phase: 'Lost' });
      return;
    }
    rt.writeStatus(pvType(), pv, { ...objAt(pv, 'status'), phase: 'Bound' });
    rt.writeStatus(pvcType(), pvc, {
      ...objAt(pvc, 'status'),
      phase: 'Bound',
      accessModes: clone(objAt(pv, 'spec').accessModes ?? ['ReadWriteOnce']),
      capacity: clone(objAt(pv, 'spec.capacity')),
    });
  }

  function syncVolume(name: string): void {
    const pv = rt.cluster.get(pvType(), '', name);
    if (!pv) return;
    const phase = strAt(pv, 'status.phase');
    if (isDeleting(pv)) {
      const next = withoutFinalizer(pv, PV_PROTECTION);
      if (next && phase !== 'Bound') rt.cluster.update(pvType(), next, { manager: CONTROLLER_MANAGER });
      return;
    }
    const ref = objAt(pv, 'spec.claimRef');
    if (!str(ref.name)) {
      if (phase !== 'Available') rt.writeStatus(pvType(), pv, { ...objAt(pv, 'status'), phase: 'Available' });
      return;
    }
    const claim = rt.cluster.get(pvcType(), str(ref.namespace) ?? '', str(ref.name) ?? '');
    if (claim && uidOf(claim) === str(ref.uid)) return;
    // The claim is gone: release the volume, and delete it when its policy says so.
    rt.writeStatus(pvType(), pv, { ...objAt(pv, 'status'), phase: 'Released' });
    if (strAt(pv, 'spec.persistentVolumeReclaimPolicy') === 'Delete') {
      const after = rt.cluster.delete(pvType(), '', name);
      const next = after ? withoutFinalizer(after, PV_PROTECTION) : undefined;
      if (next) rt.cluster.update(pvType(), next, { manager: CONTROLLER_MANAGER });
    }
  }

  return {
    name: 'volumes',
    keysFor(ev: ChangeEvent): string[] {
      const r = ev.resource;
      if (r.group !== '') return [];
      if (r.kind === 'PersistentVolumeClaim') {
        const keys = [`pvc:${keyOf(ev.object)}`];
        const vol = strAt(ev.object, 'spec.volumeName');
        return ev.type === 'DELETED' && vol ? [...keys, `pv:${vol}`] : keys;
      }
      if (r.kind === 'PersistentVolume') return [`pv:${nameOf(ev.object)}`];
      if (r.kind === 'Pod' && (ev.type === 'DELETED' || isPodTerminal(ev.object) || ev.type === 'ADDED')) {
        return objsAt(ev.object, 'spec.volumes')
          .map((v) => strAt(v, 'persistentVolumeClaim.claimName'))
          .filter((c): c is string => c !== undefined)
          .map((c) => `pvc:${namespaceOf(ev.object)}/${c}`);
      }
      return [];
    },
    initialKeys: () => [
      ...rt.cluster.list(pvcType()).map((o) => `pvc:${keyOf(o)}`),
      ...rt.cluster.list(pvType()).map((o) => `pv:${nameOf(o)}`),
    ],
    sync(key: string): undefined {
      if (key.startsWith('pv:')) syncVolume(key.slice(3));
      else {
        const { namespace, name } = splitKey(key.slice(4));
        syncClaim(namespace, name);
      }
      return undefined;
    },
  };
}
