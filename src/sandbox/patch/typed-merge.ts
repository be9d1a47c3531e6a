/**
 * Merge and comparison of typed values, as structured-merge-diff does them for server-side
 * apply: maps merge key by key, map-lists by key and set-lists by value (in the order SMD
 * produces), atomic values are replaced whole; comparison yields added/modified/removed sets.
 */
import { isObj } from '../model.js';
import { fieldElement, FieldSet, serializeElement, type FieldPath, type PathElement } from './fieldset.js';
import { indexItems, isGranularList, type TypeView } from './typed-value.js';

function isEmptyish(v: unknown): boolean {
  return (
    v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0)
  );
}

/** Whether a pair of values is compared and merged as one leaf rather than field by field. */
function isLeafPair(t: TypeView, l: unknown, r: unknown, spath: string[]): boolean {
  const lists = (Array.isArray(l) || isEmptyish(l)) && (Array.isArray(r) || isEmptyish(r));
  const maps = (isObj(l) || isEmptyish(l)) && (isObj(r) || isEmptyish(r));
  if (isEmptyish(l) && isEmptyish(r)) return true;
  if (lists && (Array.isArray(l) || Array.isArray(r))) return !isGranularList(t, spath);
  if (maps && (isObj(l) || isObj(r))) return t.mapAtomic(spath);
  return true;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * SMD's list order when merging: items shared by both sides follow the right-hand order,
 * items only on the left keep their place, items only on the right come where the right has them.
 */
function zipListItems(
  lOrder: PathElement[],
  lIds: Set<string>,
  rOrder: PathElement[],
  rIds: Set<string>,
): PathElement[] {
  const id = serializeElement;
  const shared = rOrder.filter((pe) => lIds.has(id(pe)));
  let nextShared = shared.shift();
  const out: PathElement[] = [];
  let li = 0;
  let ri = 0;
  while (li < lOrder.length || ri < rOrder.length) {
    const lpe = lOrder[li];
    const rpe = rOrder[ri];
    if (lpe && rpe) {
      if (id(lpe) === id(rpe)) {
        out.push(rpe);
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (rIds.has(id(lpe)) && nextShared !== undefined && id(nextShared) !== id(lpe)) {
        li++;
        continue;
      }
    }
    if (lpe && !rIds.has(id(lpe))) {
      out.push(lpe);
      li++;
      continue;
    }
    if (rpe) {
      out.push(rpe);
      ri++;
      if (nextShared !== undefined && id(nextShared) === id(rpe)) nextShared = shared.shift();
    } else {
      li++; // a left item also on the right, already taken from the right
    }
  }
  return out;
}

/** live.Merge(config): the object a server-side apply produces before pruning. */
export function mergeValues(t: TypeView, lhs: unknown, rhs: unknown): unknown {
  const walk = (l: unknown, r: unknown, spath: string[], fpath: FieldPath): unknown => {
    if (r === undefined) return l;
    if (l === undefined) return r;
    if (isLeafPair(t, l, r, spath)) return r;
    if (r === null) return l; // SMD keeps a granular value when the config sets it to null
    if (Array.isArray(l) && Array.isArray(r)) {
      const strategy = t.list(spath);
      const li = indexItems(strategy, l, fpath, false);
      const ri = indexItems(strategy, r, fpath, false);
      const order = zipListItems(li.order, new Set(li.byId.keys()), ri.order, new Set(ri.byId.keys()));
      return order.map((pe) => {
        const key = serializeElement(pe);
        return walk(li.byId.get(key), ri.byId.get(key), spath, [...fpath, pe]);
      });
    }
    if (isObj(l) && isObj(r)) {
      const out: Record<string, unknown> = {};
      for (const [k, lv] of Object.entries(l)) {
        out[k] = k in r ? walk(lv, r[k], [...spath, k], [...fpath, fieldElement(k)]) : lv;
      }
      for (const [k, rv] of Object.entries(r)) if (!(k in l)) out[k] = rv;
      return out;
    }
    return r;
  };
  return walk(lhs, rhs, [], []);
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** What changed from lhs to rhs, leaf by leaf, plus maps and list items that appeared or vanished. */
export function compareValues(t: TypeView, lhs: unknown, rhs: unknown): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const walk = (l: unknown, r: unknown, spath: string[], fpath: FieldPath): void => {
    if (isLeafPair(t, l, r, spath)) {
      if (l === undefined) c.added.insert(fpath);
      else if (r === undefined) c.removed.insert(fpath);
      else if (!deepEqual(l, r)) c.modified.insert(fpath);
      return;
    }
    if (Array.isArray(l) || Array.isArray(r)) {
      const strategy = t.list(spath);
      const li = indexItems(strategy, Array.isArray(l) ? l : [], fpath, false);
      const ri = indexItems(strategy, Array.isArray(r) ? r : [], fpath, false);
      const seen = new Set<string>();
      for (const pe of [...li.order, ...ri.order]) {
        const key = serializeElement(pe);
        if (seen.has(key)) continue;
        seen.add(key);
        walk(li.byId.get(key), ri.byId.get(key), spath, [...fpath, pe]);
      }
    } else {
      const lm = isObj(l) ? l : {};
      const rm = isObj(r) ? r : {};
      for (const k of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
        walk(lm[k], rm[k], [...spath, k], [...fpath, fieldElement(k)]);
      }
    }
    if (l === undefined) c.added.insert(fpath);
    else if (r === undefined) c.removed.insert(fpath);
  };
  walk(lhs, rhs, [], []);
  return c;
}
