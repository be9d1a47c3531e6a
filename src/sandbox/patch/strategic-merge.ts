/**
 * Strategic merge patch for built-in kinds, as apimachinery's strategicpatch applies it on the
 * server: lists merge by patchMergeKey, $patch: replace|delete, $retainKeys,
 * $deleteFromPrimitiveList/<field>, $setElementOrder/<field>, null deletes, other lists replace.
 */
import { ApiError, badRequest } from '../errors.js';
import { clone, isObj, type Obj } from '../model.js';
import { goValue } from './go-format.js';
import type { ListStrategy, ListTypeResolver } from './list-types.js';
import { noMergeKey, normalizeElementOrder, partitionByPresence, SmpError } from './smp-order.js';
import { deepEqual } from './typed-merge.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

const BAD_PRIMITIVE_LIST = (): SmpError => new SmpError('invalid patch format of primitive list', 400);
const BAD_RETAIN_KEYS = (): SmpError => new SmpError('invalid patch format of retainKeys', 400);
const BAD_SET_ORDER = (): SmpError => new SmpError('invalid patch format of setElementOrder list', 400);

/** Go's reflect type name of a decoded JSON value, for "expected a ..., but received a ..." messages. */
function goType(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isObj(v)) return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  return '%!s(<nil>)';
}

function badArgType(expected: string, actual: unknown): SmpError {
  return new SmpError(`expected a ${expected}, but received a ${goType(actual)}`);
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'list' : isObj(v) ? 'map' : typeof v;
}

function discardNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(discardNulls);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, child] of Object.entries(v)) if (child !== null) out[k] = discardNulls(child);
  return out;
}

function extractKey(key: string, prefix: string, err: () => SmpError): string {
  const i = key.indexOf('/');
  if (i < 0 || key.slice(0, i) !== prefix) throw err();
  return key.slice(i + 1);
}

class Patcher {
  constructor(private readonly lists: ListTypeResolver) {}

  private strategy(spath: string[]): ListStrategy | undefined {
    return this.lists(spath);
  }

  private merges(s: ListStrategy | undefined): boolean {
    return s?.smpKey !== undefined || s?.smpMerge === true;
  }

  mergeMap(original: Obj, patch: Obj, spath: string[]): Obj {
    if (DIRECTIVE in patch) {
      const directive = patch[DIRECTIVE];
      if (directive === 'replace') {
        delete patch[DIRECTIVE];
        return discardNulls(patch) as Obj;
      }
      if (directive === 'delete') return {};
      throw new SmpError(`unknown patch type: ${goValue(directive)} in map: ${goValue(patch)}`);
    }
    this.applyRetainKeys(original, patch);
    this.applySetElementOrder(original, patch, spath);
    for (const [rawKey, patchV] of Object.entries(patch)) {
      let key = rawKey;
      let isDeleteList = false;
      if (rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        key = extractKey(rawKey, DELETE_FROM_PRIMITIVE_LIST, BAD_PRIMITIVE_LIST);
        isDeleteList = true;
      }
      if (patchV === null) {
        delete original[key];
        continue;
      }
      const cspath = [...spath, key];
      const origV = original[key];
      if (origV === undefined || kindOf(origV) !== kindOf(patchV)) {
        if (isDeleteList) continue;
        // New values still go through the merge so their own directives are honoured.
        if (isObj(patchV)) original[key] = this.mergeMap({}, patchV, cspath);
        else if (Array.isArray(patchV) && this.merges(this.strategy(cspath))) {
          original[key] = this.mergeSlice([], patchV, cspath, false);
        } else original[key] = discardNulls(patchV);
        continue;
      }
      if (isObj(origV) && isObj(patchV)) {
        original[key] = this.lists.smpReplacesMap?.(cspath)
          ? discardNulls(patchV)
          : this.mergeMap(origV, patchV, cspath);
      } else if (Array.isArray(origV) && Array.isArray(patchV)) {
        original[key] =
          this.merges(this.strategy(cspath)) || isDeleteList
            ? this.mergeSlice(origV, patchV, cspath, isDeleteList)
            : discardNulls(patchV);
      } else original[key] = patchV;
    }
    return original;
  }

  private applyRetainKeys(original: Obj, patch: Obj): void {
    if (!(RETAIN_KEYS in patch)) return;
    const retain = patch[RETAIN_KEYS];
    delete patch[RETAIN_KEYS];
    if (!Array.isArray(retain)) throw BAD_RETAIN_KEYS();
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
      if (!retain.includes(k)) throw BAD_RETAIN_KEYS();
    }
    for (const k of Object.keys(original)) if (!retain.includes(k)) delete original[k];
  }

  private applySetElementOrder(original: Obj, patch: Obj, spath: string[]): void {
    for (const [dkey, order] of Object.entries(patch)) {
      if (!dkey.startsWith(SET_ELEMENT_ORDER)) continue;
      delete patch[dkey];
      if (!Array.isArray(order)) throw badArgType('[]interface {}', order);
      const key = extractKey(dkey, SET_ELEMENT_ORDER, BAD_SET_ORDER);
      const origRaw = original[key];
      const patchRaw = patch[key];
      if (origRaw !== undefined && !Array.isArray(origRaw)) throw badArgType('[]interface {}', origRaw);
      if (patchRaw !== undefined && !Array.isArray(patchRaw)) throw badArgType('[]interface {}', patchRaw);
      const origList = origRaw as unknown[] | undefined;
      const patchList = patchRaw as unknown[] | undefined;
      const cspath = [...spath, key];
      const strategy = this.strategy(cspath);
      const mergeKey = strategy?.smpKey ?? '';
      validateAgainstOrder(patchList ?? [], order, mergeKey);
      let merged: unknown[];
      if (origList && patchList) {
        merged = this.merges(strategy)
          ? this.mergeSlice(origList, patchList, cspath, false)
          : (discardNulls(patchList) as unknown[]);
      } else if (origList) merged = origList;
      else if (patchList) merged = patchList;
      else continue;
      const isMap = [...(origList ?? []), ...(patchList ?? [])].some(isObj);
      const [patchItems, serverOnly] = partitionByPresence(merged, order, mergeKey, isMap);
      original[key] = normalizeElementOrder(patchItems, serverOnly, order, origList ?? [], mergeKey, isMap);
      delete patch[key];
    }
  }

  mergeSlice(original: unknown[], patch: unknown[], spath: string[], isDeleteList: boolean): unknown[] {
    if (original.length === 0 && patch.length === 0) return original;
    const kinds = new Set([...original, ...patch].map(kindOf));
    if (kinds.has('list')) throw new SmpError('lists of lists are not supported', 422);
    if (kinds.size > 1) throw new SmpError(`list element types are not identical: ${goValue([original, patch])}`);
    const isMap = kinds.has('map');
    const mergeKey = this.strategy(spath)?.smpKey ?? '';
    let merged: unknown[];
    let patchItemsOrder = patch;
    if (!isMap) {
      if (isDeleteList) return original.filter((v) => !patch.some((d) => deepEqual(v, d)));
      merged = [];
      for (const v of [...original, ...patch]) if (!merged.some((m) => deepEqual(m, v))) merged.push(v);
    } else {
      if (!mergeKey) throw new SmpError('cannot merge lists without merge key for type map');
      const special = withoutSpecialElements(original, patch, mergeKey);
      patchItemsOrder = special.patch;
      merged = this.mergeByKey(special.original, special.patch, mergeKey, spath);
    }
    const [patchItems, serverOnly] = partitionByPresence(merged, patchItemsOrder, mergeKey, isMap);
    return normalizeElementOrder(patchItems, serverOnly, patchItemsOrder, original, mergeKey, isMap);
  }

  private mergeByKey(original: unknown[], patch: unknown[], mergeKey: string, spath: string[]): unknown[] {
    const out = [...original];
    for (const v of patch) {
      if (!isObj(v) || !(mergeKey in v)) throw noMergeKey(v, mergeKey);
      const i = findByKey(out, mergeKey, v[mergeKey]);
      const found = out[i];
      if (i >= 0 && isObj(found)) out[i] = this.mergeMap(found, v, spath);
      else out.push(this.mergeMap({}, v, spath));
    }
    return out;
  }
}

function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  return list.findIndex((item, k) => {
    if (!isObj(item)) throw new SmpError(`value for key ${k} is not a map.`);
    return mergeKey in item && deepEqual(item[mergeKey], value);
  });
}

/** Handles `$patch: delete` and `$patch: replace` items of a merge list. */
function withoutSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
): { original: unknown[]; patch: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  let kept = original;
  for (const v of patch) {
    if (!isObj(v) || !(DIRECTIVE in v)) {
      plain.push(v);
      continue;
    }
    const directive = v[DIRECTIVE];
    if (directive === 'delete') {
      if (!(mergeKey in v)) throw noMergeKey(v, mergeKey);
      kept = kept.filter((item) => !(isObj(item) && mergeKey in item && deepEqual(item[mergeKey], v[mergeKey])));
    } else if (directive === 'replace') replace = true;
    else if (directive === 'merge') throw new SmpError('merging lists cannot yet be specified in the patch');
    else throw new SmpError(`unknown patch type: ${goValue(directive)} in map: ${goValue(v)}`);
  }
  return replace ? { original: plain, patch: [] } : { original: kept, patch: plain };
}

/** The patch list must follow $setElementOrder's relative order (deletions aside). */
function validateAgainstOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (patchList.length === 0 || order.length === 0) return;
  const items = mergeKey ? patchList.filter((v) => !(isObj(v) && v[DIRECTIVE] === 'delete')) : patchList;
  let pi = 0;
  let si = 0;
  while (pi < items.length && si < order.length) {
    const p = items[pi];
    if (isObj(p) && DIRECTIVE in p) {
      pi++;
      continue;
    }
    const o = order[si];
    let equal: boolean;
    if (!mergeKey) equal = deepEqual(p, o);
    else {
      if (!isObj(p) || !(mergeKey in p)) throw noMergeKey(p, mergeKey);
      if (!isObj(o) || !(mergeKey in o)) throw noMergeKey(o, mergeKey);
      equal = deepEqual(p[mergeKey], o[mergeKey]);
    }
    if (equal) pi++;
    si++;
  }
  if (pi < items.length && si >= order.length) {
    throw new SmpError(
      `The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goValue(order)}\n`,
    );
  }
}

function toApiError(e: SmpError): ApiError {
  if (e.code === 400) return badRequest(e.message);
  if (e.code === 422)
    return new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
  return new ApiError(500, 'InternalError', e.message);
}

/** Applies a strategic merge patch; never mutates its inputs. Throws ApiError as the apiserver answers. */
export function applyStrategicMergePatch(doc: Obj, patch: Obj, lists: ListTypeResolver): Obj {
  try {
    return new Patcher(lists).mergeMap(clone(doc), clone(patch), []);
  } catch (e) {
    if (e instanceof SmpError) throw toApiError(e);
    throw e;
  }
}
