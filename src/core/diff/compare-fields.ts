/**
 * The field-by-field comparison behind diffObject. It walks what Git declares alongside the live
 * object, so server defaults (fields Git never declared) cannot show up as drift; lists of maps are
 * matched by their merge key, not by position; fields Sextant applied before and Git dropped are
 * reported for removal. It yields the RFC 6902 operations (against the real live object) and the
 * "compared live" projection that the unified diff renders.
 */

import { deepEqual, isObj, toPointer, type Obj } from './json-value.js';
import { childNode, type FieldStep } from './managed-fields.js';
import { sameQuantity } from '../quantity.js';

export interface PatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/** One differing field, before rendering. `pointer` addresses the live object. */
export interface RawChange {
  op: PatchOp['op'];
  pointer: (string | number)[];
  display: string;
  steps: FieldStep[];
  desired: unknown;
  live: unknown;
}

/** Where the walk is; a linked list so descending costs O(1) and paths are built only for changes. */
interface Loc {
  parent: Loc | undefined;
  seg: string | number;
  label: string; // how this step prints: '.image', '[name=web]', '[0]'
  step: FieldStep | undefined;
  key: string; // the field name this value sits under ('' at the root or inside a list)
  parentKey: string;
}

const ROOT: Loc = { parent: undefined, seg: '', label: '', step: undefined, key: '', parentKey: '' };

function materialize(loc: Loc): { pointer: (string | number)[]; display: string; steps: FieldStep[] } {
  const chain: Loc[] = [];
  for (let at: Loc | undefined = loc; at?.parent; at = at.parent) chain.unshift(at);
  return {
    pointer: chain.map((l) => l.seg),
    display: chain
      .map((l) => l.label)
      .join('')
      .replace(/^\./, ''),
    steps: chain.flatMap((l) => (l.step ? [l.step] : [])),
  };
}

/** Merge keys of the built-in kinds' keyed lists (patchMergeKey / listMapKeys in the OpenAPI). */
const MERGE_KEYS: Record<string, readonly string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  imagePullSecrets: ['name'],
  resourceClaims: ['name'],
  ports: ['containerPort', 'port'], // container ports, then Service ports
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  hostAliases: ['ip'],
  topologySpreadConstraints: ['topologyKey'],
  conditions: ['type'],
  readinessGates: ['conditionType'],
};

const QUANTITY_PARENTS = new Set(['limits', 'requests', 'hard', 'capacity', 'allocatable', 'overhead']);
const QUANTITY_FIELDS = new Set(['sizeLimit', 'storage']);

function mergeKeyOf(field: string, items: unknown[]): string | undefined {
  return (MERGE_KEYS[field] ?? []).find((k) => items.every((it) => isObj(it) && it[k] !== undefined));
}

function formatKeyValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export interface Comparison {
  /** RFC 6902 operations against the live object, in an order that applies cleanly. */
  patch: PatchOp[];
  changes: RawChange[];
  /** The live values of the compared fields, in Git's order: the "before" side of the unified diff. */
  liveView: Obj;
}

/** Compares the declared `desired` with `live`; `owned` is Sextant's applied FieldsV1 tree, if any. */
export function compareFields(desired: Obj, live: Obj, owned: Obj | undefined): Comparison {
  const walker = new FieldWalker();
  const view = walker.walk(desired, live, ROOT, owned);
  // Removals go last and in reverse, so list indices of earlier operations stay valid.
  return {
    patch: [...walker.ops, ...walker.removals.reverse()],
    changes: walker.changes,
    liveView: isObj(view) ? view : {},
  };
}

class FieldWalker {
  readonly ops: PatchOp[] = [];
  readonly removals: PatchOp[] = [];
  readonly changes: RawChange[] = [];

  private child(loc: Loc, seg: string | number, label: string, step: FieldStep, key: string): Loc {
    return {
      parent: loc,
      seg,
      label: typeof seg === 'string' && label === seg ? `.${seg}` : label,
      step,
      key,
      parentKey: loc.key,
    };
  }

  private record(op: PatchOp['op'], loc: Loc, desired: unknown, live: unknown): void {
    const { pointer, display, steps } = materialize(loc);
    const path = toPointer(pointer);
    this.changes.push({ op, pointer, display, steps, desired, live });
    if (op === 'remove') this.removals.push({ op, path });
    else this.ops.push({ op, path, value: desired });
  }

  walk(d: unknown, l: unknown, loc: Loc, owned: Obj | undefined): unknown {
    if (isObj(d) && isObj(l)) return this.walkObject(d, l, loc, owned);
    if (Array.isArray(d) && Array.isArray(l)) return this.walkList(d, l, loc, owned);
    if (l === undefined) {
      this.record('add', loc, d, undefined);
      return undefined;
    }
    const quantity = QUANTITY_PARENTS.has(loc.parentKey) || QUANTITY_FIELDS.has(loc.key);
    if (deepEqual(d, l) || (quantity && sameQuantity(d, l))) return d;
    this.record('replace', loc, d, l);
    return l;
  }

  private walkObject(d: Obj, l: Obj, loc: Loc, owned: Obj | undefined): Obj {
    const out: Obj = {};
    for (const [k, dv] of Object.entries(d)) {
      const step = { field: k };
      const v = this.walk(dv, l[k], this.child(loc, k, k, step, k), owned && childNode(owned, step));
      if (v !== undefined) out[k] = v;
    }
    if (!owned) return out;
    // Fields Sextant applied before but Git no longer declares: applying would drop them.
    for (const [k, lv] of Object.entries(l)) {
      const ownedChild = k in d ? undefined : childNode(owned, { field: k });
      if (!ownedChild) continue;
      const at = this.child(loc, k, k, { field: k }, k);
      const partial = Object.keys(ownedChild).some((name) => name !== '.');
      // Sextant owns only some fields of a map or list: remove those, keep what other managers set.
      const view = partial && isObj(lv) ? this.walkObject({}, lv, at, ownedChild) : undefined;
      const listView = partial && Array.isArray(lv) ? this.walkList([], lv, at, ownedChild) : undefined;
      if (view && Object.keys(view).length > 0) out[k] = view;
      else if (listView && listView.length > 0) out[k] = listView;
      else if (!view && !listView) {
        this.record('remove', at, undefined, lv);
        out[k] = lv;
      }
    }
    return out;
  }

  private walkList(d: unknown[], l: unknown[], loc: Loc, owned: Obj | undefined): unknown[] {
    const key = mergeKeyOf(loc.key, d.length > 0 ? d : l);
    if (key === undefined) return this.walkAtomicList(d, l, loc);
    const out: unknown[] = [];
    const matched = new Set<number>();
    for (const item of d) {
      const id = (item as Obj)[key];
      const index = l.findIndex((li) => isObj(li) && deepEqual(li[key], id));
      const label = `[${key}=${formatKeyValue(id)}]`;
      if (index < 0) {
        const step = { item };
        const at = this.child(loc, '-', label, step, '');
        this.record('add', at, item, undefined);
        continue;
      }
      matched.add(index);
      const step = { item: l[index] };
      const at = this.child(loc, index, label, step, '');
      out.push(this.walk(item, l[index], at, owned && childNode(owned, step)));
    }
    if (!owned) return out;
    l.forEach((li, index) => {
      if (matched.has(index) || !childNode(owned, { item: li })) return;
      const label = `[${key}=${formatKeyValue(isObj(li) ? li[key] : index)}]`;
      this.record('remove', this.child(loc, index, label, { item: li }, ''), undefined, li);
      out.push(li);
    });
    return out;
  }

  /** A list without merge key is replaced whole on apply; maps inside are still compared field by field
   *  when the lengths agree, so server defaults inside its items do not count as drift. */
  private walkAtomicList(d: unknown[], l: unknown[], loc: Loc): unknown[] {
    if (d.length === l.length && d.every(isObj) && l.every(isObj)) {
      return d.map((item, i) => this.walk(item, l[i], this.child(loc, i, `[${i}]`, { index: i }, ''), undefined));
    }
    if (deepEqual(d, l)) return d;
    this.record('replace', loc, d, l);
    return l;
  }
}
