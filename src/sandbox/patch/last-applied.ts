/**
 * The kubectl client-side apply annotation as the apiserver treats it when `kubectl apply
 * --server-side` (field manager "kubectl") takes over an object: conflicts on fields the
 * annotation shows kubectl applied are forgiven, and the annotation is kept in sync.
 */
import { clone, isObj, metaOf, type Obj } from '../model.js';
import type { FieldSet } from './fieldset.js';
import { goJson } from './go-format.js';
import { withoutManagedFields } from './managed-fields.js';
import { compareValues } from './typed-merge.js';
import { toFieldSet, type TypeView } from './typed-value.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Only kubectl's own server-side apply upgrades from, and keeps up, the client-side annotation. */
export const KUBECTL_SSA_MANAGER = 'kubectl';

function lastAppliedOf(obj: Obj | undefined): string | undefined {
  const annotations = obj && isObj(obj.metadata) ? obj.metadata.annotations : undefined;
  const v = isObj(annotations) ? annotations[LAST_APPLIED_ANNOTATION] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Fields the annotation says kubectl applied and that still hold the applied value:
 * a server-side apply by "kubectl" may take these over without a conflict.
 */
export function allowedConflictsFromLastApplied(
  t: TypeView,
  live: Obj | undefined,
  apiVersion: string,
): FieldSet | undefined {
  const text = lastAppliedOf(live);
  if (!live || text === undefined) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObj(lastApplied) || lastApplied.apiVersion !== apiVersion) return undefined;
  try {
    const set = toFieldSet(t, lastApplied);
    const cmp = compareValues(t, lastApplied, withoutManagedFields(live));
    return set.difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
  } catch {
    return undefined;
  }
}

/** The annotation's value for an applied config: Go's JSON of it (sorted keys, trailing newline), minus itself. */
export function buildLastApplied(config: Obj): string {
  const copy = clone(config);
  const annotations = isObj(copy.metadata) ? copy.metadata.annotations : undefined;
  if (isObj(annotations)) delete annotations[LAST_APPLIED_ANNOTATION];
  return `${goJson(copy)}\n`;
}

/** After a successful apply by "kubectl": rewrite the annotation if the object still carries one. */
export function syncLastApplied(result: Obj, config: Obj): void {
  if (lastAppliedOf(result) === undefined) return;
  const annotations = metaOf(result).annotations;
  if (isObj(annotations)) annotations[LAST_APPLIED_ANNOTATION] = buildLastApplied(config);
}
