/**
 * Status the apiserver's create strategies give new objects before any controller sees them
 * (a Pod starts Pending with its QoS class), since clients may not set status on create.
 */
import { isObj, type Obj, type ResourceType } from '../model.js';

function resourcesOf(c: Obj): { requests: Obj; limits: Obj } {
  const r = isObj(c.resources) ? c.resources : {};
  return { requests: isObj(r.requests) ? r.requests : {}, limits: isObj(r.limits) ? r.limits : {} };
}

/** qos.GetPodQOS, simplified to equality of the declared quantities. */
export function podQosClass(pod: Obj): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const spec = isObj(pod.spec) ? pod.spec : {};
  const containers = [spec.containers, spec.initContainers].flatMap((l) => (Array.isArray(l) ? l.filter(isObj) : []));
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const { requests, limits } = resourcesOf(c);
    for (const name of ['cpu', 'memory']) {
      if (requests[name] !== undefined || limits[name] !== undefined) any = true;
      const limit = limits[name];
      const request = requests[name] ?? limit;
      if (limit === undefined || JSON.stringify(request) !== JSON.stringify(limit)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function setInitialStatus(t: ResourceType, obj: Obj): void {
  if (t.builtin && t.group === '' && t.kind === 'Pod') obj.status = { phase: 'Pending', qosClass: podQosClass(obj) };
}
