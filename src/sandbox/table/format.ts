/**
 * Reading untyped JSON objects the way Go's typed structs would see them (absent = zero value),
 * and the formatting helpers kube's printers share: label sets, label selectors, container
 * lists, access modes, IntOrString and Quantity.
 */
import { isObj, type Obj } from '../model.js';
import { formatTimestampSince, parseTimestamp } from './age.js';

/** The value at a path of keys and indexes, or undefined if any step is missing. */
export function readPath(obj: unknown, ...keys: (string | number)[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (typeof k === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[k] as unknown;
    } else {
      if (!isObj(cur)) return undefined;
      cur = cur[k];
    }
  }
  return cur;
}

export function readString(obj: unknown, ...keys: (string | number)[]): string {
  const v = readPath(obj, ...keys);
  return typeof v === 'string' ? v : '';
}

export function readInt(obj: unknown, ...keys: (string | number)[]): number {
  const v = readPath(obj, ...keys);
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
}

/** An optional int32 field (Go *int32): undefined when absent. */
export function readOptionalInt(obj: unknown, ...keys: (string | number)[]): number | undefined {
  const v = readPath(obj, ...keys);
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : undefined;
}

export function readBool(obj: unknown, ...keys: (string | number)[]): boolean | undefined {
  const v = readPath(obj, ...keys);
  return typeof v === 'boolean' ? v : undefined;
}

export function readList(obj: unknown, ...keys: (string | number)[]): unknown[] {
  const v = readPath(obj, ...keys);
  return Array.isArray(v) ? (v as unknown[]) : [];
}

export function readObjects(obj: unknown, ...keys: (string | number)[]): Obj[] {
  return readList(obj, ...keys).filter(isObj);
}

export function readMap(obj: unknown, ...keys: (string | number)[]): Obj {
  const v = readPath(obj, ...keys);
  return isObj(v) ? v : {};
}

export function isDeleting(obj: Obj): boolean {
  return parseTimestamp(readPath(obj, 'metadata', 'deletionTimestamp')) !== undefined;
}

/** Byte-order comparison, as Go's sort of strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** labels.FormatLabels: "k=v,k2=v2" sorted, "<none>" when empty. */
export function formatLabels(v: unknown): string {
  const pairs = Object.entries(isObj(v) ? v : {}).map(([k, val]) => `${k}=${typeof val === 'string' ? val : ''}`);
  pairs.sort(compareStrings);
  return pairs.length === 0 ? '<none>' : pairs.join(',');
}

/**
 * metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key, set values sorted.
 * Returns undefined when the selector is invalid. A nil selector selects nothing and an empty
 * one everything; both print as "".
 */
export function formatSelectorRequirements(sel: unknown): string | undefined {
  if (!isObj(sel)) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(readMap(sel, 'matchLabels'))) {
    reqs.push({ key, text: `${key}=${typeof value === 'string' ? value : ''}` });
  }
  for (const expr of readObjects(sel, 'matchExpressions')) {
    const key = readString(expr, 'key');
    const values = readList(expr, 'values')
      .filter((x): x is string => typeof x === 'string')
      .sort(compareStrings);
    switch (readString(expr, 'operator')) {
      case 'In':
        if (values.length === 0) return undefined;
        reqs.push({ key, text: `${key} in (${values.join(',')})` });
        break;
      case 'NotIn':
        if (values.length === 0) return undefined;
        reqs.push({ key, text: `${key} notin (${values.join(',')})` });
        break;
      case 'Exists':
        if (values.length > 0) return undefined;
        reqs.push({ key, text: key });
        break;
      case 'DoesNotExist':
        if (values.length > 0) return undefined;
        reqs.push({ key, text: `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  reqs.sort((a, b) => compareStrings(a.key, b.key));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: "<none>" when it selects everything or nothing, "<error>" if invalid. */
export function formatLabelSelector(sel: unknown): string {
  const s = formatSelectorRequirements(sel);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}

/** layoutContainerCells: comma-joined container names and images. */
export function formatContainerCells(containers: unknown[]): [string, string] {
  const objs = containers.filter(isObj);
  return [objs.map((c) => readString(c, 'name')).join(','), objs.map((c) => readString(c, 'image')).join(',')];
}

/** helper.GetAccessModesAsString: a fixed order regardless of the spec's order, duplicates dropped. */
export function formatAccessModes(modes: unknown[]): string {
  const has = (m: string): boolean => modes.includes(m);
  const out: string[] = [];
  if (has('ReadWriteOnce')) out.push('RWO');
  if (has('ReadOnlyMany')) out.push('ROX');
  if (has('ReadWriteMany')) out.push('RWX');
  if (has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** intstr.IntOrString.String(). */
export function formatIntOrString(v: unknown): string {
  if (typeof v === 'number') return String(Math.trunc(v));
  return typeof v === 'string' ? v : '';
}

/**
 * resource.Quantity.String() of a stored quantity. Stored quantities are already canonical
 * strings, so they print as they are; a missing value prints as the given zero form ("0" for a
 * map lookup, "<nil>" for a nil *Quantity).
 */
export function formatQuantity(v: unknown, missing = '0'): string {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return missing;
}

/** The controller owner reference, as metav1.GetControllerOf. */
export function findControllerRef(obj: Obj): Obj | undefined {
  return readObjects(obj, 'metadata', 'ownerReferences').find((r) => r.controller === true);
}

/** The first non-empty string, or "" (the printers' firstNonEmpty). */
export function firstNonEmpty(...ss: string[]): string {
  return ss.find((s) => s.length > 0) ?? '';
}

export function readName(obj: Obj): string {
  return readString(obj, 'metadata', 'name');
}

/** The AGE cell: translateTimestampSince(creationTimestamp). */
export function formatAge(obj: Obj, now: Date): string {
  return formatTimestampSince(readPath(obj, 'metadata', 'creationTimestamp'), now);
}
