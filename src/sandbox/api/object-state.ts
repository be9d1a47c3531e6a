/**
 * Small facts about stored objects the write path needs: equality that ignores the
 * resourceVersion, whether finalizers still hold an object, and freezing for tests.
 */
import { isDeepStrictEqual } from 'node:util';
import { isObj, metaOf, type Obj, type ResourceType } from '../model.js';

/** Deep equality of two objects as stored, except for metadata.resourceVersion. */
export function equalIgnoringVersion(a: Obj, b: Obj): boolean {
  const am = metaOf(a);
  const rv = am.resourceVersion;
  am.resourceVersion = metaOf(b).resourceVersion;
  try {
    return isDeepStrictEqual(a, b);
  } finally {
    if (rv === undefined) delete am.resourceVersion;
    else am.resourceVersion = rv;
  }
}

export function hasFinalizers(t: ResourceType, o: Obj): boolean {
  const f = metaOf(o).finalizers;
  if (Array.isArray(f) && f.length > 0) return true;
  if (t.kind === 'Namespace' && t.group === '') {
    const spec = isObj(o.spec) ? o.spec : {};
    return Array.isArray(spec.finalizers) && spec.finalizers.length > 0;
  }
  return false;
}

export function deepFreeze(o: unknown): void {
  if (typeof o !== 'object' || o === null || Object.isFrozen(o)) return;
  Object.freeze(o);
  for (const v of Object.values(o)) deepFreeze(v);
}
