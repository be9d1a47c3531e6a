/**
 * Secret values never leave Sextant in clear text: diffs, logs and history show a fixed mask whose
 * length says nothing about the value, while the keys stay visible.
 */

import { cloneJson, isObj, type Obj } from './json-value.js';
import { isSecret } from './normalize-object.js';

export const SECRET_MASK = '++++++++';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function maskValues(map: unknown): unknown {
  if (!isObj(map)) return map;
  return Object.fromEntries(Object.keys(map).map((k) => [k, SECRET_MASK]));
}

/** A copy of `obj` with a Secret's data/stringData values masked; other kinds come back unchanged. */
export function redactSecret(obj: Obj): Obj {
  if (!isSecret(obj)) return obj;
  const out = cloneJson(obj);
  if ('data' in out) out.data = maskValues(out.data);
  if ('stringData' in out) out.stringData = maskValues(out.stringData);
  // kubectl's client-side apply keeps the whole Secret, values included, in this annotation.
  const meta = out.metadata;
  if (isObj(meta) && isObj(meta.annotations) && LAST_APPLIED in meta.annotations) {
    meta.annotations[LAST_APPLIED] = SECRET_MASK;
  }
  return out;
}
