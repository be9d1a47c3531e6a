/**
 * Ingresses as an ingress controller (ingress-nginx) treats them: every Ingress, whatever its
 * ingressClassName, is picked up and, once the controller's ready delay has passed, gets the
 * address of the sandbox's one load balancer in status.loadBalancer.ingress. That address is
 * what `kubectl get ingress` shows and what health checks wait for.
 */
import type { ChangeEvent } from '../api/types.js';
import { metaOf, type Obj } from '../model.js';
import { objAt, uidOf } from './fields.js';
import { isDeleting } from './ownership.js';
import { keyOf, splitKey, type Controller, type Runtime } from './runtime.js';
import { LOAD_BALANCER_IP } from './services.js';

/** ingress-nginx's user agent, which the apiserver turns into the status writes' field manager. */
export const INGRESS_MANAGER = 'nginx-ingress-controller';
const SOURCE = { component: 'nginx-ingress-controller' };

interface Seen {
  uid: string;
  at: number;
  generation: unknown;
}

export function createIngressController(rt: Runtime): Controller {
  const ingType = () => rt.type('networking.k8s.io/v1', 'Ingress');
  // When the controller first saw each Ingress (by key): its address appears readyDelayMs later.
  const seen = new Map<string, Seen>();

  function note(ing: Obj, at: number): Seen {
    const key = keyOf(ing);
    const prior = seen.get(key);
    const generation = metaOf(ing).generation;
    if (prior && prior.uid === uidOf(ing)) {
      if (prior.generation !== generation) {
        // ingress-nginx announces every spec change it will reload for.
        rt.recorder.normal(ing, SOURCE, 'Sync', 'Scheduled for sync');
        prior.generation = generation;
      }
      return prior;
    }
    const next = { uid: uidOf(ing), at, generation };
    seen.set(key, next);
    return next;
  }

  return {
    name: 'ingress',
    keysFor(ev: ChangeEvent): string[] {
      const r = ev.resource;
      return r.group === 'networking.k8s.io' && r.kind === 'Ingress' ? [keyOf(ev.object)] : [];
    },
    initialKeys(): string[] {
      const all = rt.cluster.list(ingType());
      // Ingresses older than the controllers were synced long ago: no waiting, no event.
      for (const ing of all) note(ing, rt.now() - rt.opts.readyDelayMs);
      return all.map(keyOf);
    },
    sync(key: string): number | undefined {
      const { namespace, name } = splitKey(key);
      const ing = rt.cluster.get(ingType(), namespace, name);
      if (!ing) {
        seen.delete(key);
        return undefined;
      }
      if (isDeleting(ing)) return undefined;
      const fresh = seen.get(key)?.uid !== uidOf(ing);
      const first = note(ing, rt.now());
      if (fresh) rt.recorder.normal(ing, SOURCE, 'Sync', 'Scheduled for sync');
      const wait = first.at + rt.opts.readyDelayMs - rt.now();
      if (wait > 0) return wait;
      const status = objAt(ing, 'status');
      rt.writeStatus(
        ingType(),
        ing,
        { ...status, loadBalancer: { ingress: [{ ip: LOAD_BALANCER_IP }] } },
        INGRESS_MANAGER,
      );
      return undefined;
    },
  };
}
