/**
 * What a write may change, per subresource, as the apiserver's strategies decide: the main
 * resource keeps the stored status, /status changes only status (and annotations for the apps
 * kinds), /finalize only a Namespace's spec.finalizers, /binding only a Pod's node.
 */
import { conflict } from '../errors.js';
import { clone, isObj, metaOf, nameOf, type Obj, type ResourceType } from '../model.js';

/** What of the incoming object a write may change, per subresource (as the apiserver's strategies do). */
export function mergeSubresource(
  t: ResourceType,
  live: Obj,
  incoming: Obj,
  subresource: string | undefined,
  owned = false,
): Obj {
  if (subresource === 'status') {
    const next = clone(live);
    if (incoming.status === undefined) delete next.status;
    else next.status = incoming.status;
    // The apps status strategies keep the sent annotations: that is how the deployment controller
    // records deployment.kubernetes.io/revision without bumping metadata.generation.
    if (t.builtin && t.group === 'apps') {
      const annotations = metaOf(incoming).annotations;
      if (annotations === undefined) delete metaOf(next).annotations;
      else metaOf(next).annotations = annotations;
    }
    return next;
  }
  if (subresource === 'binding') {
    // pods/binding: the scheduler's one-time assignment of a node.
    const next = clone(live);
    const spec = isObj(next.spec) ? next.spec : {};
    const target = isObj(incoming.spec) ? incoming.spec.nodeName : undefined;
    if (typeof spec.nodeName === 'string' && spec.nodeName !== '' && spec.nodeName !== target)
      throw conflict(t, nameOf(live), `pod ${nameOf(live)} is already assigned to node "${spec.nodeName}"`);
    next.spec = { ...spec, nodeName: target };
    return next;
  }
  if (subresource === 'finalize') {
    const next = clone(live);
    const spec = isObj(incoming.spec) ? incoming.spec : {};
    next.spec = { ...(isObj(next.spec) ? next.spec : {}), finalizers: spec.finalizers ?? [] };
    return next;
  }
  const next = owned ? incoming : clone(incoming);
  if (t.subresources.status) {
    if (live.status === undefined) delete next.status;
    else next.status = clone(live.status);
  }
  if (t.kind === 'Namespace' && t.group === '') {
    // spec.finalizers of a Namespace change only through the finalize subresource.
    const liveSpec = isObj(live.spec) ? live.spec : {};
    next.spec = { ...(isObj(next.spec) ? next.spec : {}), finalizers: liveSpec.finalizers ?? [] };
  }
  return next;
}
