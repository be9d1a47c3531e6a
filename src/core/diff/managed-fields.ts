/**
 * Reading metadata.managedFields (FieldsV1): which fields a field manager owns, and who last set a
 * given field. FieldsV1 is a tree of 'f:<field>', 'k:{<merge keys>}' (an item of a keyed list),
 * 'v:<json>' (an item of a set) and '.' (the item itself); an empty node is a leaf the manager owns whole.
 */

import { deepEqual, isObj, type Obj } from './json-value.js';

/** One step from a parent value to a child, as the diff walks the live object. */
export type FieldStep = { field: string } | { item: unknown } | { index: number };

export interface ManagedFieldsEntry {
  manager: string;
  operation?: string;
  time?: string;
  subresource?: string;
  fields: Obj;
}

export function readManagedFields(live: Obj | undefined): ManagedFieldsEntry[] {
  const meta = live && isObj(live.metadata) ? live.metadata : undefined;
  const entries = meta && Array.isArray(meta.managedFields) ? meta.managedFields : [];
  return entries.flatMap((e): ManagedFieldsEntry[] => {
    if (!isObj(e) || typeof e.manager !== 'string' || !isObj(e.fieldsV1)) return [];
    return [
      {
        manager: e.manager,
        operation: typeof e.operation === 'string' ? e.operation : undefined,
        time: typeof e.time === 'string' ? e.time : undefined,
        subresource: typeof e.subresource === 'string' ? e.subresource : undefined,
        fields: e.fieldsV1,
      },
    ];
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** True when a 'k:{...}' key names this list item: every merge key field equals the item's. */
function keyMatches(key: unknown, item: unknown): boolean {
  return isObj(key) && isObj(item) && Object.entries(key).every(([k, v]) => deepEqual(item[k], v));
}

/** The FieldsV1 node for one step below `node`, or undefined when the manager owns nothing there. */
export function childNode(node: Obj, step: FieldStep): Obj | undefined {
  if ('field' in step) {
    const child = node[`f:${step.field}`];
    return isObj(child) ? child : undefined;
  }
  if ('index' in step) {
    const child = node[`i:${step.index}`];
    return isObj(child) ? child : undefined;
  }
  for (const [name, child] of Object.entries(node)) {
    if (!isObj(child)) continue;
    if (name.startsWith('k:') && keyMatches(parseJson(name.slice(2)), step.item)) return child;
    if (name.startsWith('v:') && deepEqual(parseJson(name.slice(2)), step.item)) return child;
  }
  return undefined;
}

/** Does this FieldsV1 tree own the value at `path` (exactly, or through an atomic ancestor)? */
export function ownsPath(fields: Obj, path: readonly FieldStep[]): boolean {
  let node: Obj = fields;
  for (const step of path) {
    if (node !== fields && Object.keys(node).length === 0) return true; // atomic leaf above the path
    const next = childNode(node, step);
    if (!next) return false;
    node = next;
  }
  return true;
}

/**
 * Who set the value at `path`: among managers owning it, the most recent one, preferring anyone other
 * than `self` (when Sextant and a drifter share a field, the drifter explains the drift).
 */
export function findManager(
  entries: readonly ManagedFieldsEntry[],
  path: readonly FieldStep[],
  self: string,
): ManagedFieldsEntry | undefined {
  const owners = entries.filter((e) => ownsPath(e.fields, path));
  const others = owners.filter((e) => e.manager !== self);
  const pool = others.length > 0 ? others : owners;
  return pool.reduce<ManagedFieldsEntry | undefined>(
    (best, e) => (!best || (e.time ?? '') > (best.time ?? '') ? e : best),
    undefined,
  );
}

/** The merged FieldsV1 tree of everything `manager` applied (Apply operations on the main resource). */
export function appliedFields(entries: readonly ManagedFieldsEntry[], manager: string): Obj | undefined {
  const mine = entries.filter((e) => e.manager === manager && e.operation !== 'Update' && !e.subresource);
  if (mine.length === 0) return undefined;
  if (mine.length === 1) return mine[0]?.fields;
  const merge = (a: Obj, b: Obj): Obj => {
    const out: Obj = { ...a };
    for (const [k, v] of Object.entries(b)) {
      const prev = out[k];
      out[k] = isObj(prev) && isObj(v) ? merge(prev, v) : v;
    }
    return out;
  };
  return mine.reduce<Obj>((acc, e) => merge(acc, e.fields), {});
}
