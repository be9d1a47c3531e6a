/**
 * The scale subresource: an autoscaling/v1 Scale view of a workload, and writing replicas back
 * to it (what `kubectl scale` and HorizontalPodAutoscalers use).
 */
import { badRequest } from '../errors.js';
import { clone, getPath, isObj, metaOf, setPath, type Obj, type ResourceType } from '../model.js';

/** `app=web,tier in (a,b)` from a metav1.LabelSelector, as the scale status reports it. */
export function selectorString(sel: unknown): string {
  if (!isObj(sel)) return '';
  const parts: string[] = [];
  if (isObj(sel.matchLabels)) for (const [k, v] of Object.entries(sel.matchLabels)) parts.push(`${k}=${String(v)}`);
  if (Array.isArray(sel.matchExpressions))
    for (const e of sel.matchExpressions.filter(isObj)) {
      const values = Array.isArray(e.values) ? e.values.map(String).join(',') : '';
      const key = String(e.key);
      if (e.operator === 'In') parts.push(`${key} in (${values})`);
      else if (e.operator === 'NotIn') parts.push(`${key} notin (${values})`);
      else if (e.operator === 'Exists') parts.push(key);
      else if (e.operator === 'DoesNotExist') parts.push(`!${key}`);
    }
  return parts.sort().join(',');
}

export function toScale(t: ResourceType, obj: Obj): Obj {
  const scale = t.subresources.scale;
  if (!scale) throw badRequest(`${t.plural} has no scale subresource`);
  const m = metaOf(obj);
  const selector = t.builtin
    ? selectorString(getPath(obj, '.spec.selector'))
    : scale.labelSelectorPath
      ? getPath(obj, scale.labelSelectorPath)
      : undefined;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      ...(m.namespace ? { namespace: m.namespace } : {}),
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: Number(getPath(obj, scale.specReplicasPath) ?? 0) },
    status: {
      replicas: Number(getPath(obj, scale.statusReplicasPath) ?? 0),
      ...(typeof selector === 'string' && selector ? { selector } : {}),
    },
  };
}

/** The parent object with the Scale's spec.replicas written into it. */
export function fromScale(t: ResourceType, parent: Obj, scale: Obj): Obj {
  const path = t.subresources.scale?.specReplicasPath;
  if (!path) throw badRequest(`${t.plural} has no scale subresource`);
  const replicas = isObj(scale.spec) ? scale.spec.replicas : undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
    throw badRequest('Scale spec.replicas must be a non-negative integer');
  const next = clone(parent);
  setPath(next, path, replicas);
  const rv = metaOf(scale).resourceVersion;
  metaOf(next).resourceVersion = typeof rv === 'string' && rv ? rv : metaOf(parent).resourceVersion;
  return next;
}
