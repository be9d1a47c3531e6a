/**
 * Element order after a strategic merge of a list, as apimachinery's strategicpatch settles it:
 * patch items keep the patch's (or $setElementOrder's) order, server-only items keep the live
 * order, and the two are interleaved by where the items sat in the live list.
 */
import { isObj } from '../model.js';
import { goValue } from './go-format.js';
import { deepEqual } from './typed-merge.js';

/** A failure of strategicpatch that the apiserver passes through as a 500. */
export class SmpError extends Error {
  constructor(
    message: string,
    readonly code: 400 | 422 | 500 = 500,
  ) {
    super(message);
  }
}

export function noMergeKey(m: unknown, key: string): SmpError {
  return new SmpError(`map: ${goValue(m)} does not contain declared merge key: ${key}`);
}

function sameItem(a: unknown, b: unknown, mergeKey: string, isMap: boolean): boolean {
  if (!isMap) return deepEqual(a, b);
  return isObj(a) && isObj(b) && mergeKey in a && deepEqual(a[mergeKey], b[mergeKey]);
}

function indexIn(list: unknown[], item: unknown, mergeKey: string, isMap: boolean): number {
  return list.findIndex((x) => sameItem(x, item, mergeKey, isMap));
}

/** Items of `list` whose key (or value) appears in `partitionBy`, and the rest. */
export function partitionByPresence(
  list: unknown[],
  partitionBy: unknown[],
  mergeKey: string,
  isMap: boolean,
): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const absent: unknown[] = [];
  for (const v of list) {
    if (isMap && !(isObj(v) && mergeKey in v)) throw noMergeKey(v, mergeKey);
    (indexIn(partitionBy, v, mergeKey, isMap) >= 0 ? present : absent).push(v);
  }
  return [present, absent];
}

function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, isMap: boolean): unknown[] {
  let toDelete: unknown[] = [];
  if (isMap) {
    for (const v of [...toSort, ...order]) if (!(isObj(v) && mergeKey in v)) throw noMergeKey(v, mergeKey);
    toDelete = order.filter((v) => isObj(v) && v.$patch === 'delete');
  }
  // Go's sort.SliceStable is an insertion sort at these sizes; items missing from `order` count as smaller.
  const less = (a: unknown, b: unknown): boolean => {
    const ia = indexIn(order, a, mergeKey, isMap);
    const ib = indexIn(order, b, mergeKey, isMap);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  const sorted = [...toSort];
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0 && less(sorted[j], sorted[j - 1]); j--) {
      [sorted[j], sorted[j - 1]] = [sorted[j - 1], sorted[j]];
    }
  }
  return sorted.filter((v) => !toDelete.some((d) => sameItem(v, d, mergeKey, isMap)));
}

/** Merges patch items into server-only items, each keeping its own relative order. */
export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  isMap: boolean,
): unknown[] {
  const right = normalizeSliceOrder(patch, patchOrder, mergeKey, isMap);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, isMap);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, isMap);
      const ri = indexIn(serverOrder, right[j], mergeKey, isMap);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
