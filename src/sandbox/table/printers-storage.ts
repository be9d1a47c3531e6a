/**
 * Printers for PersistentVolume, PersistentVolumeClaim and StorageClass (NAME "standard
 * (default)", RECLAIMPOLICY, VOLUMEBINDINGMODE, ...), as pkg/printers/internalversion/printers.go
 * (1.32) prints them, with the values the apiserver defaults on write filled in.
 */
import type { Obj } from '../model.js';
import { AGE_COLUMN, NAME_COLUMN, defineColumn, type Printer } from './columns.js';
import {
  formatAccessModes,
  formatAge,
  formatQuantity,
  isDeleting,
  readBool,
  readList,
  readMap,
  readName,
  readPath,
  readString,
} from './format.js';

const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** helper.GetPersistentVolumeClass / GetPersistentVolumeClaimClass: the beta annotation wins. */
function readStorageClass(obj: Obj): string {
  const annotations = readMap(obj, 'metadata', 'annotations');
  const beta = annotations[BETA_STORAGE_CLASS_ANNOTATION];
  if (typeof beta === 'string') return beta;
  return readString(obj, 'spec', 'storageClassName');
}

function readPhase(obj: Obj, fallback: string): string {
  if (isDeleting(obj)) return 'Terminating';
  return readString(obj, 'status', 'phase') || fallback;
}

function readVolumeMode(obj: Obj): string {
  // Defaulted to Filesystem on write for both PVs and PVCs.
  return readString(obj, 'spec', 'volumeMode') || 'Filesystem';
}

function readVolumeAttributesClass(obj: Obj): string {
  const v = readPath(obj, 'spec', 'volumeAttributesClassName');
  return typeof v === 'string' ? v : '<unset>';
}

export const PERSISTENT_VOLUME_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn(
      'Capacity',
      'string',
      "capacity is the description of the persistent volume's resources and capacity.",
    ),
    defineColumn('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    defineColumn(
      'Reclaim Policy',
      'string',
      'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.',
    ),
    defineColumn(
      'Status',
      'string',
      'phase indicates if a volume is available, bound to a claim, or released by a claim.',
    ),
    defineColumn(
      'Claim',
      'string',
      'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.',
    ),
    defineColumn('StorageClass', 'string', 'StorageClass of the pv'),
    defineColumn('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    defineColumn(
      'Reason',
      'string',
      'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.',
    ),
    AGE_COLUMN,
    defineColumn(
      'VolumeMode',
      'string',
      'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.',
      { priority: 1 },
    ),
  ],
  cells(pv, now) {
    const claimRef = readPath(pv, 'spec', 'claimRef');
    const claim =
      claimRef === undefined || claimRef === null
        ? ''
        : `${readString(claimRef, 'namespace')}/${readString(claimRef, 'name')}`;
    return [
      readName(pv),
      formatQuantity(readPath(pv, 'spec', 'capacity', 'storage')),
      formatAccessModes(readList(pv, 'spec', 'accessModes')),
      readString(pv, 'spec', 'persistentVolumeReclaimPolicy') || 'Retain',
      readPhase(pv, 'Pending'),
      claim,
      readStorageClass(pv),
      readVolumeAttributesClass(pv),
      readString(pv, 'status', 'reason'),
      formatAge(pv, now),
      readVolumeMode(pv),
    ];
  },
};

export const PERSISTENT_VOLUME_CLAIM_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    defineColumn('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    defineColumn('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    defineColumn(
      'Access Modes',
      'string',
      'accessModes contains the actual access modes the volume backing the PVC has.',
    ),
    defineColumn('StorageClass', 'string', 'StorageClass of the pvc'),
    defineColumn('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    defineColumn('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', {
      priority: 1,
    }),
  ],
  cells(pvc, now) {
    const volumeName = readString(pvc, 'spec', 'volumeName');
    // Capacity and access modes come from the bound volume, so they stay empty until binding.
    const bound = volumeName !== '';
    return [
      readName(pvc),
      readPhase(pvc, 'Pending'),
      volumeName,
      bound ? formatQuantity(readPath(pvc, 'status', 'capacity', 'storage')) : '',
      bound ? formatAccessModes(readList(pvc, 'status', 'accessModes')) : '',
      readStorageClass(pvc),
      readVolumeAttributesClass(pvc),
      formatAge(pvc, now),
      readVolumeMode(pvc),
    ];
  },
};

function isDefaultStorageClass(sc: Obj): boolean {
  const a = readMap(sc, 'metadata', 'annotations');
  return (
    a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  );
}

export const STORAGE_CLASS_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
    defineColumn(
      'ReclaimPolicy',
      'string',
      'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.',
    ),
    defineColumn(
      'VolumeBindingMode',
      'string',
      'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.',
    ),
    defineColumn(
      'AllowVolumeExpansion',
      'string',
      'allowVolumeExpansion shows whether the storage class allow volume expand.',
    ),
    AGE_COLUMN,
  ],
  cells: (sc, now) => [
    readName(sc) + (isDefaultStorageClass(sc) ? ' (default)' : ''),
    readString(sc, 'provisioner'),
    readString(sc, 'reclaimPolicy') || 'Delete',
    readString(sc, 'volumeBindingMode') || 'Immediate',
    readBool(sc, 'allowVolumeExpansion') ?? false,
    formatAge(sc, now),
  ],
};
