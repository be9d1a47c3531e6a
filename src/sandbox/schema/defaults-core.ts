/**
 * Defaulting of the smaller built-in kinds: Secret (type, stringData folded into data as the
 * v1 conversion does), Namespace (name label, finalizer, phase), storage, quota and limit
 * objects, NetworkPolicy, HPA, RBAC bindings and StorageClass.
 */
import type { Obj } from '../model.js';
import { defaultPVCSpec } from './defaults-pod.js';
import { canonicalizeResourceList } from './defaults-quantity.js';
import { ensureObj, objAt, objsAt, setDefault, setDefaultString, strAt } from './semantic-json.js';

export function defaultSecret(obj: Obj): void {
  setDefaultString(obj, 'type', 'Opaque');
  const stringData = objAt(obj, 'stringData');
  if (stringData) {
    // stringData is write-only: the v1 conversion merges it into data, overwriting.
    const entries = Object.entries(stringData);
    if (entries.length) {
      const data = ensureObj(obj, 'data');
      for (const [k, v] of entries) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    }
    delete obj.stringData;
  }
}

export function defaultNamespace(obj: Obj, old: Obj | undefined): void {
  const meta = ensureObj(obj, 'metadata');
  const name = strAt(meta, 'name');
  if (name) ensureObj(meta, 'labels')['kubernetes.io/metadata.name'] = name;
  const spec = ensureObj(obj, 'spec');
  // spec.finalizers is set once, at create; the API layer keeps it on updates and changes it only through /finalize.
  if (!old) {
    const finalizers = Array.isArray(spec.finalizers) ? spec.finalizers : [];
    if (!finalizers.includes('kubernetes')) spec.finalizers = [...(finalizers as unknown[]), 'kubernetes'];
    obj.status = { phase: 'Active' };
  }
  setDefaultString(ensureObj(obj, 'status'), 'phase', 'Active');
}

export function defaultPVC(obj: Obj): void {
  defaultPVCSpec(ensureObj(obj, 'spec'));
  const status = ensureObj(obj, 'status');
  setDefaultString(status, 'phase', 'Pending');
  canonicalizeResourceList(status.capacity);
}

export function defaultPV(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  setDefaultString(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(spec, 'volumeMode', 'Filesystem');
  canonicalizeResourceList(spec.capacity);
  setDefaultString(ensureObj(obj, 'status'), 'phase', 'Pending');
}

export function defaultEndpoints(obj: Obj): void {
  for (const subset of objsAt(obj, 'subsets'))
    for (const p of objsAt(subset, 'ports')) setDefaultString(p, 'protocol', 'TCP');
}

export function defaultLimitRange(obj: Obj): void {
  for (const item of objsAt(objAt(obj, 'spec'), 'limits')) {
    for (const k of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'])
      canonicalizeResourceList(item[k]);
    if (item.type !== 'Container') continue;
    // Default limit falls back to max; default request to the default limit, then to min.
    const def = ensureObj(item, 'default');
    const defReq = ensureObj(item, 'defaultRequest');
    for (const [k, v] of Object.entries(objAt(item, 'max') ?? {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(objAt(item, 'min') ?? {})) if (!(k in defReq)) defReq[k] = v;
  }
}

export function defaultResourceQuota(obj: Obj): void {
  canonicalizeResourceList(objAt(obj, 'spec')?.hard);
}

export function defaultNode(obj: Obj): void {
  const status = objAt(obj, 'status');
  if (!status) return;
  canonicalizeResourceList(status.capacity);
  canonicalizeResourceList(status.allocatable);
  if (status.allocatable === undefined && objAt(status, 'capacity'))
    status.allocatable = { ...objAt(status, 'capacity') };
}

export function defaultNetworkPolicy(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    const egress = Array.isArray(spec.egress) && spec.egress.length > 0;
    spec.policyTypes = egress ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  for (const rule of [...objsAt(spec, 'ingress'), ...objsAt(spec, 'egress')])
    for (const p of objsAt(rule, 'ports')) setDefault(p, 'protocol', 'TCP');
}

export function defaultHPA(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0)
    spec.metrics = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    ];
}

export function defaultRoleBinding(obj: Obj): void {
  setDefaultString(ensureObj(obj, 'roleRef'), 'apiGroup', 'rbac.authorization.k8s.io');
  for (const s of objsAt(obj, 'subjects')) {
    // ServiceAccount subjects default to the empty group, which the API omits.
    if (!s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = 'rbac.authorization.k8s.io';
  }
}

export function defaultStorageClass(obj: Obj): void {
  setDefaultString(obj, 'reclaimPolicy', 'Delete');
  setDefaultString(obj, 'volumeBindingMode', 'Immediate');
}
