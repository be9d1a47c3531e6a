/**
 * Typed reads of the loosely typed JSON objects controllers work on, and the deep equality that
 * decides whether a computed status differs from the stored one (writing only on change keeps
 * controllers from waking each other up forever).
 */
import { getPath, isObj, metaOf, str, type Obj } from '../model.js';

export function objAt(obj: unknown, path: string): Obj {
  const v = getPath(obj, path);
  return isObj(v) ? v : {};
}

export function arrAt(obj: unknown, path: string): unknown[] {
  const v = getPath(obj, path);
  return Array.isArray(v) ? (v as unknown[]) : [];
}

export function objsAt(obj: unknown, path: string): Obj[] {
  return arrAt(obj, path).filter(isObj);
}

export function strAt(obj: unknown, path: string): string | undefined {
  return str(getPath(obj, path));
}

export function intAt(obj: unknown, path: string): number | undefined {
  const v = getPath(obj, path);
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : undefined;
}

export function boolAt(obj: unknown, path: string): boolean {
  return getPath(obj, path) === true;
}

export function uidOf(obj: Obj): string {
  return str(metaOf(obj).uid) ?? '';
}

export function annotationsOf(obj: Obj): Record<string, string> {
  const a = metaOf(obj).annotations;
  return isObj(a) ? (a as Record<string, string>) : {};
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** JSON with sorted keys: the input of template hashes, so key order never changes a hash. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (isObj(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Drops zero counters, as Go's `omitempty` does for the int32 status fields that have it. */
export function omitZero(o: Obj, keys: string[]): Obj {
  for (const k of keys) if (o[k] === 0 || o[k] === undefined) delete o[k];
  return o;
}
