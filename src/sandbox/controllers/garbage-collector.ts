/**
 * The garbage collector: a graph of ownerReferences built from the change feed. Dependents whose
 * owners are all gone are deleted (background); an owner deleted in the foreground has its
 * dependents deleted and keeps its foregroundDeletion finalizer until no blocking dependent is
 * left; an owner deleted with orphan has its reference removed from every dependent first.
 */
import type { ChangeEvent, DeleteOptions } from '../api/types.js';
import { ApiError } from '../errors.js';
import { clone, metaOf, namespaceOf, nameOf, type Obj, type ResourceType } from '../model.js';
import { deepEqual, uidOf } from './fields.js';
import { finalizersOf, isDeleting, ownerRefsOf, withoutFinalizer, type OwnerRef } from './ownership.js';
import { CONTROLLER_MANAGER, type Controller, type Runtime } from './runtime.js';

interface Node {
  t: ResourceType;
  namespace: string;
  name: string;
  owners: OwnerRef[];
}

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

const ignored = (t: ResourceType): boolean => t.group === '' && t.kind === 'Event';

export function createGarbageCollector(rt: Runtime): Controller {
  const nodes = new Map<string, Node>();
  const dependents = new Map<string, Set<string>>();

  function link(uid: string, node: Node): void {
    unlink(uid);
    nodes.set(uid, node);
    for (const o of node.owners) {
      const set = dependents.get(o.uid) ?? new Set<string>();
      set.add(uid);
      dependents.set(o.uid, set);
    }
  }

  function unlink(uid: string): void {
    const old = nodes.get(uid);
    if (!old) return;
    nodes.delete(uid);
    for (const o of old.owners) {
      const set = dependents.get(o.uid);
      set?.delete(uid);
      if (set?.size === 0) dependents.delete(o.uid);
    }
  }

  function live(uid: string): Obj | undefined {
    const n = nodes.get(uid);
    if (!n) return undefined;
    const o = rt.cluster.get(n.t, n.namespace, n.name);
    return o && uidOf(o) === uid ? o : undefined;
  }

  /** The owner as it is now: 'absent' (gone or replaced), 'unknown' (type not served), or the object. */
  function ownerOf(ref: OwnerRef, namespace: string): Obj | 'absent' | 'unknown' {
    const t = rt.maybeType(ref.apiVersion, ref.kind);
    if (!t) return 'unknown';
    const o = rt.cluster.get(t, t.namespaced ? namespace : '', ref.name);
    return o && uidOf(o) === ref.uid ? o : 'absent';
  }

  function deleteObject(obj: Obj, t: ResourceType, policy: DeleteOptions['propagationPolicy']): void {
    try {
      rt.cluster.delete(t, namespaceOf(obj), nameOf(obj), {
        propagationPolicy: policy,
        preconditions: { uid: uidOf(obj) },
      });
    } catch (err) {
      // Gone already, or replaced by a namesake: either way nothing of ours to delete.
      if (!(err instanceof ApiError && (err.code === 404 || err.code === 409))) throw err;
    }
  }

  function dropFinalizer(obj: Obj, t: ResourceType, finalizer: string): void {
    const next = withoutFinalizer(obj, finalizer);
    if (next) rt.cluster.update(t, next, { manager: CONTROLLER_MANAGER });
  }

  function orphanDependents(owner: Obj, t: ResourceType): void {
    for (const dep of [...(dependents.get(uidOf(owner)) ?? [])]) {
      const o = live(dep);
      const n = nodes.get(dep);
      if (!o || !n) continue;
      const next = clone(o);
      const refs = ownerRefsOf(o).filter((r) => r.uid !== uidOf(owner));
      if (refs.length > 0) metaOf(next).ownerReferences = refs;
      else delete metaOf(next).ownerReferences;
      rt.cluster.update(n.t, next, { manager: CONTROLLER_MANAGER });
    }
    dropFinalizer(owner, t, ORPHAN);
  }

  function deleteDependentsFirst(owner: Obj, t: ResourceType): void {
    const uid = uidOf(owner);
    let blocking = 0;
    for (const dep of [...(dependents.get(uid) ?? [])]) {
      const o = live(dep);
      const n = nodes.get(dep);
      if (!o || !n) continue;
      if (!isDeleting(o)) deleteObject(o, n.t, dependents.has(dep) ? 'Foreground' : 'Background');
      const still = live(dep);
      if (still && ownerRefsOf(still).some((r) => r.uid === uid && r.blockOwnerDeletion)) blocking++;
    }
    if (blocking === 0) dropFinalizer(owner, t, FOREGROUND);
  }

  function collect(obj: Obj, t: ResourceType): void {
    const refs = ownerRefsOf(obj);
    if (refs.length === 0) return;
    const solid: OwnerRef[] = [];
    const dangling: OwnerRef[] = [];
    let waiting = 0;
    for (const ref of refs) {
      const owner = ownerOf(ref, namespaceOf(obj));
      if (owner === 'absent') dangling.push(ref);
      else if (owner !== 'unknown' && isDeleting(owner) && finalizersOf(owner).includes(FOREGROUND)) waiting++;
      else solid.push(ref);
    }
    if (solid.length === 0) {
      deleteObject(obj, t, waiting > 0 && dependents.has(uidOf(obj)) ? 'Foreground' : 'Background');
    } else if (dangling.length > 0) {
      const next = clone(obj);
      metaOf(next).ownerReferences = refs.filter((r) => !dangling.includes(r));
      rt.cluster.update(t, next, { manager: CONTROLLER_MANAGER });
    }
  }

  return {
    name: 'garbage-collector',
    keysFor(ev: ChangeEvent): string[] {
      if (ignored(ev.resource)) return [];
      const uid = uidOf(ev.object);
      const owners = ownerRefsOf(ev.object);
      if (ev.type === 'DELETED') {
        unlink(uid);
        // Its dependents may now be orphans; a foreground owner may now be unblocked.
        return [...(dependents.get(uid) ?? []), ...owners.map((o) => o.uid).filter((o) => nodes.has(o))];
      }
      const before = nodes.get(uid)?.owners;
      link(uid, { t: ev.resource, namespace: namespaceOf(ev.object), name: nameOf(ev.object), owners });
      const keys: string[] = [];
      if (owners.length > 0 && !deepEqual(before, owners)) keys.push(uid);
      const fins = finalizersOf(ev.object);
      if (isDeleting(ev.object) && (fins.includes(FOREGROUND) || fins.includes(ORPHAN))) keys.push(uid);
      return keys;
    },
    initialKeys(): string[] {
      const keys: string[] = [];
      for (const t of rt.cluster.types()) {
        if (ignored(t) || !t.verbs.includes('list')) continue;
        for (const o of rt.cluster.list(t)) {
          const owners = ownerRefsOf(o);
          link(uidOf(o), { t, namespace: namespaceOf(o), name: nameOf(o), owners });
          if (owners.length > 0 || isDeleting(o)) keys.push(uidOf(o));
        }
      }
      return keys;
    },
    sync(uid: string): undefined {
      const obj = live(uid);
      const n = nodes.get(uid);
      if (!obj || !n) return undefined;
      if (isDeleting(obj)) {
        const fins = finalizersOf(obj);
        if (fins.includes(ORPHAN)) orphanDependents(obj, n.t);
        else if (fins.includes(FOREGROUND)) deleteDependentsFirst(obj, n.t);
        return undefined;
      }
      collect(obj, n.t);
      return undefined;
    },
  };
}
