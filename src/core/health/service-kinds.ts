/**
 * Health of the kinds whose readiness is one status field: PersistentVolumeClaim (phase), Service of type
 * LoadBalancer and Ingress (an address from the load balancer), Namespace (phase). Following Argo CD, an
 * Ingress is Progressing until its controller publishes an address: without one no traffic reaches it, and
 * a cluster without an ingress controller should show that rather than look healthy.
 */
import type { Obj } from '../snapshot.js';
import { degraded, healthy, progressing, unknown, type Health } from './health.js';
import { list, nameOf, readConditions, str } from './read-fields.js';

export function assessPersistentVolumeClaim(obj: Obj): Health {
  const name = nameOf(obj);
  const phase = str(obj, 'status', 'phase');
  switch (phase) {
    case 'Bound':
      return healthy(`persistentvolumeclaim "${name}" is bound to volume ${str(obj, 'spec', 'volumeName') ?? '?'}`);
    case undefined:
    case 'Pending':
      return progressing(`persistentvolumeclaim "${name}" is pending: waiting for a volume to be provisioned or bound`);
    case 'Lost':
      return degraded(
        `persistentvolumeclaim "${name}" lost its volume ${str(obj, 'spec', 'volumeName') ?? ''}`.trimEnd(),
      );
    default:
      return unknown(`persistentvolumeclaim "${name}" is in phase ${phase}`);
  }
}

/** "10.0.0.7, lb.example.com": the addresses a load balancer published, or '' when none yet. */
function loadBalancerAddresses(obj: Obj): string {
  return list(obj, 'status', 'loadBalancer', 'ingress')
    .map((i) => str(i, 'ip') ?? str(i, 'hostname') ?? '')
    .filter((a) => a !== '')
    .join(', ');
}

function hasLoadBalancerIngress(obj: Obj): boolean {
  return list(obj, 'status', 'loadBalancer', 'ingress').length > 0;
}

export function assessService(obj: Obj): Health {
  const name = nameOf(obj);
  const type = str(obj, 'spec', 'type') ?? 'ClusterIP';
  if (type !== 'LoadBalancer') return healthy(`service "${name}" (${type})`);
  if (!hasLoadBalancerIngress(obj))
    return progressing(`service "${name}": waiting for the load balancer to get an address`);
  return healthy(`service "${name}" is exposed at ${loadBalancerAddresses(obj) || 'its load balancer'}`);
}

export function assessIngress(obj: Obj): Health {
  const name = nameOf(obj);
  if (!hasLoadBalancerIngress(obj)) {
    return progressing(`ingress "${name}": waiting for the ingress controller to publish an address`);
  }
  return healthy(`ingress "${name}" is served at ${loadBalancerAddresses(obj) || 'its load balancer'}`);
}

export function assessNamespace(obj: Obj): Health {
  const name = nameOf(obj);
  if (str(obj, 'status', 'phase') !== 'Terminating') return healthy(`namespace "${name}" is active`);
  // The namespace controller explains a stuck deletion (finalizers, leftover content) in True conditions.
  const blockers = readConditions(list(obj, 'status', 'conditions'))
    .filter((c) => c.status === 'True' && c.message)
    .map((c) => c.message);
  return progressing(`namespace "${name}" is terminating${blockers.length ? `: ${blockers.join('; ')}` : ''}`);
}
