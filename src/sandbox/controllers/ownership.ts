/**
 * ownerReferences and finalizers: how controllers mark what they made, find what they own,
 * and tell an object on its way out from a live one.
 */
import { apiVersionOf, isObj, metaOf, nameOf, str, type Obj, type ResourceType } from '../model.js';
import { uidOf } from './fields.js';

export interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export function ownerRefsOf(obj: Obj): OwnerRef[] {
  const refs = metaOf(obj).ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.filter(isObj).map((r) => ({
    apiVersion: str(r.apiVersion) ?? '',
    kind: str(r.kind) ?? '',
    name: str(r.name) ?? '',
    uid: str(r.uid) ?? '',
    ...(r.controller === true ? { controller: true } : {}),
    ...(r.blockOwnerDeletion === true ? { blockOwnerDeletion: true } : {}),
  }));
}

/** The reference a controller puts on what it creates (metav1.NewControllerRef). */
export function controllerRefTo(owner: Obj, t: { group: string; version: string; kind: string }): OwnerRef {
  return {
    apiVersion: apiVersionOf(t),
    kind: t.kind,
    name: nameOf(owner),
    uid: uidOf(owner),
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controllerRefOf(obj: Obj): OwnerRef | undefined {
  return ownerRefsOf(obj).find((r) => r.controller === true);
}

/** True when `obj` is controlled by the object with this uid. */
export function isControlledBy(obj: Obj, ownerUid: string): boolean {
  return controllerRefOf(obj)?.uid === ownerUid;
}

export function isControlledByKind(obj: Obj, kind: string): boolean {
  return controllerRefOf(obj)?.kind === kind;
}

export function isDeleting(obj: Obj): boolean {
  return metaOf(obj).deletionTimestamp !== undefined && metaOf(obj).deletionTimestamp !== null;
}

export function finalizersOf(obj: Obj): string[] {
  const f = metaOf(obj).finalizers;
  return Array.isArray(f) ? f.filter((x): x is string => typeof x === 'string') : [];
}

/** A copy of `obj` without the finalizer, or undefined when it had none to remove. */
export function withoutFinalizer(obj: Obj, finalizer: string): Obj | undefined {
  const current = finalizersOf(obj);
  if (!current.includes(finalizer)) return undefined;
  const copy = structuredClone(obj);
  const rest = current.filter((f) => f !== finalizer);
  if (rest.length > 0) metaOf(copy).finalizers = rest;
  else delete metaOf(copy).finalizers;
  return copy;
}

export function isType(t: ResourceType, group: string, kind: string): boolean {
  return t.group === group && t.kind === kind;
}
