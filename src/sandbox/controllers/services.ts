/**
 * Services as the endpoints controller and a cloud's service controller treat them: Endpoints
 * listing the IPs of selected pods (ready ones as addresses, others as notReadyAddresses), and
 * a fake load-balancer ingress IP for type LoadBalancer.
 */
import type { ChangeEvent } from '../api/types.js';
import { labelsOf, nameOf, namespaceOf, str, type Obj } from '../model.js';
import { deepEqual, objAt, objsAt, strAt, uidOf } from './fields.js';
import { matchesMap } from './label-selector.js';
import { isDeleting } from './ownership.js';
import { isPodReady, isPodTerminal } from './pods.js';
import { CONTROLLER_MANAGER, keyOf, splitKey, type Controller, type Runtime } from './runtime.js';

export const LOAD_BALANCER_IP = '127.0.0.1';
const SOURCE = { component: 'service-controller' };

/** A service port's target on one pod: a number, or a named container port looked up in the pod. */
function targetPort(port: Obj, pod: Obj): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  const named = objsAt(pod, 'spec.containers')
    .flatMap((c) => objsAt(c, 'ports'))
    .find((p) => p.name === target);
  return typeof named?.containerPort === 'number' ? named.containerPort : undefined;
}

function subsetsFor(svc: Obj, pods: Obj[]): Obj[] {
  const ports = objsAt(svc, 'spec.ports');
  const publishNotReady = objAt(svc, 'spec').publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: Obj[]; ready: Obj[]; notReady: Obj[] }>();
  for (const pod of pods) {
    const ip = strAt(pod, 'status.podIP');
    if (!ip) continue;
    const resolved = ports
      .map((p): Obj | undefined => {
        const port = targetPort(p, pod);
        return port === undefined
          ? undefined
          : { ...(str(p.name) ? { name: p.name } : {}), port, protocol: p.protocol ?? 'TCP' };
      })
      .filter((p): p is Obj => p !== undefined);
    const key = JSON.stringify(resolved);
    const g = groups.get(key) ?? { ports: resolved, ready: [], notReady: [] };
    const address: Obj = {
      ip,
      targetRef: { kind: 'Pod', name: nameOf(pod), namespace: namespaceOf(pod), uid: uidOf(pod) },
    };
    const node = strAt(pod, 'spec.nodeName');
    if (node) address.nodeName = node;
    if (isPodReady(pod) || publishNotReady) g.ready.push(address);
    else g.notReady.push(address);
    groups.set(key, g);
  }
  const byIp = (a: Obj, b: Obj): number => String(a.ip).localeCompare(String(b.ip));
  return [...groups.values()].map((g) => ({
    ...(g.ready.length ? { addresses: g.ready.sort(byIp) } : {}),
    ...(g.notReady.length ? { notReadyAddresses: g.notReady.sort(byIp) } : {}),
    ...(g.ports.length ? { ports: g.ports } : {}),
  }));
}

export function createServiceController(rt: Runtime): Controller {
  const svcType = () => rt.type('v1', 'Service');
  const epType = () => rt.type('v1', 'Endpoints');
  const podType = () => rt.type('v1', 'Pod');

  function syncEndpoints(svc: Obj): void {
    const ns = namespaceOf(svc);
    const selector = objAt(svc, 'spec.selector');
    if (Object.keys(selector).length === 0) return; // no selector: Endpoints are the user's to manage
    const pods = rt.cluster
      .list(podType(), ns)
      .filter((p) => !isPodTerminal(p) && !isDeleting(p) && matchesMap(selector, labelsOf(p)));
    const subsets = subsetsFor(svc, pods);
    const labels: Record<string, string> = { ...labelsOf(svc) };
    if (strAt(svc, 'spec.clusterIP') === 'None') labels['service.kubernetes.io/headless'] = '';
    const existing = rt.cluster.get(epType(), ns, nameOf(svc));
    const same = existing && deepEqual(existing.subsets ?? [], subsets) && deepEqual(labelsOf(existing), labels);
    if (same) return;
    const metadata: Obj = {
      ...(existing ? objAt(existing, 'metadata') : { name: nameOf(svc), namespace: ns }),
      labels,
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rt.nowIso() },
    };
    if (Object.keys(labels).length === 0) delete metadata.labels;
    const ep: Obj = { apiVersion: 'v1', kind: 'Endpoints', metadata, ...(subsets.length ? { subsets } : {}) };
    if (existing) rt.cluster.update(epType(), ep, { manager: CONTROLLER_MANAGER });
    else rt.cluster.create(epType(), ep, { manager: CONTROLLER_MANAGER });
  }

  function syncLoadBalancer(svc: Obj): void {
    const status = objAt(svc, 'status');
    const lb = objAt(status, 'loadBalancer');
    const isLB = strAt(svc, 'spec.type') === 'LoadBalancer';
    const has = Array.isArray(lb.ingress) && lb.ingress.length > 0;
    if (isLB && !has) {
      rt.recorder.normal(svc, SOURCE, 'EnsuringLoadBalancer', 'Ensuring load balancer');
      rt.writeStatus(svcType(), svc, {
        ...status,
        loadBalancer: { ingress: [{ ip: LOAD_BALANCER_IP, ipMode: 'VIP' }] },
      });
      rt.recorder.normal(svc, SOURCE, 'EnsuredLoadBalancer', 'Ensured load balancer');
    } else if (!isLB && has) {
      rt.writeStatus(svcType(), svc, { ...status, loadBalancer: {} });
      rt.recorder.normal(svc, SOURCE, 'DeletedLoadBalancer', 'Deleted load balancer');
    }
  }

  return {
    name: 'service',
    keysFor(ev: ChangeEvent): string[] {
      const r = ev.resource;
      if (r.group !== '') return [];
      if (r.kind === 'Service') return [keyOf(ev.object)];
      if (r.kind !== 'Pod') return [];
      const ns = namespaceOf(ev.object);
      const before = ev.previous ? labelsOf(ev.previous) : undefined;
      return rt.cluster
        .list(svcType(), ns)
        .filter((s) => {
          const sel = objAt(s, 'spec.selector');
          if (Object.keys(sel).length === 0) return false;
          return matchesMap(sel, labelsOf(ev.object)) || (before !== undefined && matchesMap(sel, before));
        })
        .map(keyOf);
    },
    initialKeys: () => rt.cluster.list(svcType()).map(keyOf),
    sync(key: string): undefined {
      const { namespace, name } = splitKey(key);
      const svc = rt.cluster.get(svcType(), namespace, name);
      if (!svc) {
        if (rt.cluster.get(epType(), namespace, name)) rt.remove(epType(), namespace, name);
        return undefined;
      }
      if (isDeleting(svc)) return undefined;
      syncLoadBalancer(svc);
      syncEndpoints(svc);
      return undefined;
    },
  };
}
