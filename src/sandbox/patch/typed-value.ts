/**
 * Objects seen through their list and map types, as structured-merge-diff's typed values:
 * the path element of each list item, the field set an object or config covers, and removal
 * of a field set from an object.
 */
import { isObj } from '../model.js';
import {
  fieldElement,
  FieldSet,
  pathToString,
  serializeElement,
  type FieldPath,
  type PathElement,
} from './fieldset.js';
import type { ListStrategy, ListTypeResolver } from './list-types.js';

/** The questions the merge algorithms ask of a type; schema paths are field names without list items. */
export interface TypeView {
  /** Whether the schema declares a list or a map/struct here (undefined: a scalar or unknown). */
  kindAt(spath: string[]): 'list' | 'map' | undefined;
  list(spath: string[]): ListStrategy;
  mapAtomic(spath: string[]): boolean;
  isMapEntry(spath: string[]): boolean;
}

export function typeView(lists: ListTypeResolver): TypeView {
  return {
    kindAt: (p) => (lists(p) !== undefined ? 'list' : lists.mapType?.(p) !== undefined ? 'map' : undefined),
    list: (p) => lists(p) ?? { type: 'atomic' },
    mapAtomic: (p) => lists.mapType?.(p) === 'atomic',
    isMapEntry: (p) => lists.isMapEntry?.(p) ?? false,
  };
}

/** A value that does not fit its type (an unkeyed map-list item, a duplicate key in a config). */
export class TypedValueError extends Error {}

/** How a list is walked: atomic lists are leaves; others are keyed by item. */
export function isGranularList(t: TypeView, spath: string[]): boolean {
  return t.list(spath).type !== 'atomic';
}

/** The path element naming one item of a map-list or set-list. */
export function itemElement(strategy: ListStrategy, item: unknown, where: FieldPath, index: number): PathElement {
  const fail = (msg: string): never => {
    throw new TypedValueError(`${pathToString(where) || '.'}: element ${index}: ${msg}`);
  };
  if (strategy.type === 'map') {
    if (item === null) fail('associative list with keys may not have a null element');
    if (!isObj(item)) return fail('associative list with keys may not have non-map elements');
    const fields: [string, unknown][] = [];
    for (const key of strategy.keys) {
      const v = item[key] ?? strategy.keyDefaults?.[key];
      if (v === undefined || v === null) {
        fail(
          `associative list with keys has an element that omits key field "${key}" (and doesn't have default value)`,
        );
      }
      fields.push([key, v]);
    }
    fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { kind: 'key', fields };
  }
  if (isObj(item)) fail("associative list without keys has an element that's a map type");
  if (Array.isArray(item)) fail('not supported: associative list with lists as elements');
  if (item === null) fail("associative list without keys has an element that's an explicit null");
  return { kind: 'value', value: item };
}

/** Items of a granular list by path element; later duplicates are ignored (or rejected when strict). */
export function indexItems(
  strategy: ListStrategy,
  list: unknown[],
  where: FieldPath,
  strict: boolean,
): { order: PathElement[]; byId: Map<string, unknown> } {
  const order: PathElement[] = [];
  const byId = new Map<string, unknown>();
  list.forEach((item, i) => {
    const pe = itemElement(strategy, item, where, i);
    const id = serializeElement(pe);
    if (byId.has(id)) {
      if (strict) throw new TypedValueError(`${pathToString(where)}: duplicate entries for key ${pathToString([pe])}`);
      return;
    }
    byId.set(id, item);
    order.push(pe);
  });
  return { order, byId };
}

/**
 * The fields a value sets (SMD's ToFieldSet): scalars, atomic values, list items and entries of
 * free-form maps. A declared struct field holding an empty map (or null) sets nothing.
 */
export function toFieldSet(t: TypeView, value: unknown, strict = false): FieldSet {
  const set = new FieldSet();
  const walk = (v: unknown, spath: string[], fpath: FieldPath): void => {
    if (v === null) {
      const kind = t.kindAt(spath);
      const atomic = kind === 'list' ? !isGranularList(t, spath) : kind === 'map' ? t.mapAtomic(spath) : true;
      if (atomic) set.insert(fpath);
      return;
    }
    if (Array.isArray(v)) {
      if (!isGranularList(t, spath)) return set.insert(fpath);
      const { order, byId } = indexItems(t.list(spath), v, fpath, strict);
      for (const pe of order) {
        walk(byId.get(serializeElement(pe)), spath, [...fpath, pe]);
        set.insert([...fpath, pe]);
      }
      return;
    }
    if (isObj(v)) {
      if (t.mapAtomic(spath)) return set.insert(fpath);
      for (const [k, child] of Object.entries(v)) {
        const cspath = [...spath, k];
        const cfpath = [...fpath, fieldElement(k)];
        walk(child, cspath, cfpath);
        if (t.isMapEntry(cspath)) set.insert(cfpath);
      }
      return;
    }
    set.insert(fpath);
  };
  walk(value, [], []);
  return set;
}

/** The schema path of a field path: its field names. */
export function schemaPath(fpath: FieldPath): string[] {
  return fpath.flatMap((pe) => (pe.kind === 'field' ? [pe.name] : []));
}

/** Makes declared struct fields with owned children members too, so removing them removes the whole field. */
export function withNamedFields(t: TypeView, set: FieldSet): FieldSet {
  return set.withChildrenAsMembers(
    (prefix, pe) => pe.kind === 'field' && !t.isMapEntry([...schemaPath(prefix), pe.name]),
  );
}

/**
 * The value without the fields in `toRemove` (SMD's RemoveItems). A map or list left empty
 * becomes undefined, which the parent drops: the apiserver's typed objects omit such fields.
 */
export function removeItems(t: TypeView, value: unknown, toRemove: FieldSet): unknown {
  const walk = (v: unknown, remove: FieldSet, spath: string[], fpath: FieldPath): unknown => {
    if (Array.isArray(v)) {
      if (!isGranularList(t, spath) || v.length === 0) return undefined;
      const strategy = t.list(spath);
      const out: unknown[] = [];
      v.forEach((item, i) => {
        let pe: PathElement;
        try {
          pe = itemElement(strategy, item, fpath, i);
        } catch {
          out.push(item);
          return;
        }
        if (remove.hasMember(pe)) return;
        const sub = remove.withPrefix(pe);
        out.push(sub.isEmpty() ? item : (walk(item, sub, spath, [...fpath, pe]) ?? {}));
      });
      return out.length > 0 ? out : undefined;
    }
    if (isObj(v)) {
      if (t.mapAtomic(spath) || Object.keys(v).length === 0) return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        const pe = fieldElement(k);
        if (remove.hasMember(pe)) continue;
        const sub = remove.withPrefix(pe);
        const kept = sub.isEmpty() ? child : walk(child, sub, [...spath, k], [...fpath, pe]);
        if (kept !== undefined) out[k] = kept;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    return v;
  };
  return walk(value, toRemove, [], []);
}
