/**
 * Typed readers over decoded JSON objects, shared by defaulting and semantic validation.
 * Decoded input has already passed schema checks, but these readers still tolerate anything
 * so that a malformed field yields "absent" instead of a crash.
 */
import { isObj, type Obj } from '../model.js';

export function objAt(o: unknown, key: string): Obj | undefined {
  if (!isObj(o)) return undefined;
  const v = o[key];
  return isObj(v) ? v : undefined;
}

/** The map at `key`, created when absent (or not a map). */
export function ensureObj(o: Obj, key: string): Obj {
  const v = o[key];
  if (isObj(v)) return v;
  const created: Obj = {};
  o[key] = created;
  return created;
}

export function arrAt(o: unknown, key: string): unknown[] {
  if (!isObj(o)) return [];
  const v = o[key];
  return Array.isArray(v) ? v : [];
}

/** The maps inside the array at `key`; non-map items are skipped. */
export function objsAt(o: unknown, key: string): Obj[] {
  return arrAt(o, key).filter(isObj);
}

export function strAt(o: unknown, key: string): string | undefined {
  if (!isObj(o)) return undefined;
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

export function numAt(o: unknown, key: string): number | undefined {
  if (!isObj(o)) return undefined;
  const v = o[key];
  return typeof v === 'number' ? v : undefined;
}

export function has(o: unknown, key: string): boolean {
  return isObj(o) && o[key] !== undefined && o[key] !== null;
}

/** Sets `key` only when it is absent or null, as Go's `if x == nil { x = default }` does. */
export function setDefault(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

/** Sets `key` when absent, null or the empty string (Go's `if x == ""`). */
export function setDefaultString(o: Obj, key: string, value: string): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
}

/** A string-to-string map (labels, selectors, data); non-string values are skipped. */
export function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** Deep equality of JSON values, treating null, [] and {} like an absent field, as Go's semantic DeepEqual does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.length === 0 ? undefined : v.map((x) => normalize(x) ?? null);
  }
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalize(v[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === null ? undefined : v;
}
