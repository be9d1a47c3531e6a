/**
 * JSON merge patch (RFC 7386), as application/merge-patch+json applies it: objects merge
 * recursively, null deletes a key, anything else (arrays included) replaces.
 */
import { badRequest } from '../errors.js';
import { clone, isObj, type Obj } from '../model.js';

/** RFC 7386 MergePatch(target, patch); never mutates its inputs. */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  const out: Obj = isObj(doc) ? clone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/** A merge patch on an API object: the apiserver answers 400 "Invalid JSON Patch" unless the patch is an object. */
export function mergePatchObject(doc: Obj, patch: unknown): Obj {
  if (!isObj(patch)) throw badRequest('Invalid JSON Patch');
  return applyMergePatch(doc, patch) as Obj;
}
