/**
 * Field sets as structured-merge-diff models them: a tree of path elements (f:field, k:{keys},
 * v:value, i:index) with members, its set algebra, the FieldsV1 wire format of managedFields,
 * and the path syntax kube prints in conflicts ('.spec.containers[name="web"].image').
 */
import { isObj } from '../model.js';
import { compareGoStrings, goJson, goQuote } from './go-format.js';

export type PathElement =
  | { kind: 'field'; name: string }
  | { kind: 'key'; fields: [string, unknown][] } // sorted by field name
  | { kind: 'value'; value: unknown }
  | { kind: 'index'; index: number };

export type FieldPath = PathElement[];

export function fieldElement(name: string): PathElement {
  return { kind: 'field', name };
}

/** The FieldsV1 key of an element; also its identity, since it is canonical. */
export function serializeElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key':
      return `k:{${pe.fields.map(([n, v]) => `${goJson(n)}:${goJson(v)}`).join(',')}}`;
    case 'value':
      return `v:${goJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

/** Parses a FieldsV1 key; undefined for prefixes this version does not know (they are dropped, as kube does). */
export function parseElement(s: string): PathElement | undefined {
  const body = s.slice(2);
  if (s.length < 2 || s[1] !== ':') throw new Error(`missing colon: ${s}`);
  switch (s[0]) {
    case 'f':
      return { kind: 'field', name: body };
    case 'v':
      return { kind: 'value', value: JSON.parse(body) as unknown };
    case 'k': {
      const parsed = JSON.parse(body) as unknown;
      if (!isObj(parsed)) throw new Error(`key is not an object: ${s}`);
      const fields = Object.entries(parsed).sort(([a], [b]) => compareGoStrings(a, b));
      return { kind: 'key', fields };
    }
    case 'i': {
      const index = Number(body);
      if (!Number.isInteger(index)) throw new Error(`bad index: ${s}`);
      return { kind: 'index', index };
    }
    default:
      return undefined;
  }
}

const KIND_ORDER = { field: 0, key: 1, value: 2, index: 3 } as const;

/** structured-merge-diff's total order of values: numbers < strings < bools < lists < maps < null. */
export function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown): number =>
    typeof v === 'number'
      ? 0
      : typeof v === 'string'
        ? 1
        : typeof v === 'boolean'
          ? 2
          : Array.isArray(v)
            ? 3
            : isObj(v)
              ? 4
              : 5;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return compareGoStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (isObj(a) && isObj(b)) {
    return compareFieldLists(
      Object.entries(a).sort(([x], [y]) => compareGoStrings(x, y)),
      Object.entries(b).sort(([x], [y]) => compareGoStrings(x, y)),
    );
  }
  return 0;
}

function compareFieldLists(a: [string, unknown][], b: [string, unknown][]): number {
  for (let i = 0; ; i++) {
    const x = a[i];
    const y = b[i];
    if (!x && !y) return 0;
    if (!x) return -1;
    if (!y) return 1;
    const c = compareGoStrings(x[0], y[0]) || compareValues(x[1], y[1]);
    if (c !== 0) return c;
  }
}

export function compareElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (a.kind === 'field' && b.kind === 'field') return compareGoStrings(a.name, b.name);
  if (a.kind === 'key' && b.kind === 'key') return compareFieldLists(a.fields, b.fields);
  if (a.kind === 'value' && b.kind === 'value') return compareValues(a.value, b.value);
  if (a.kind === 'index' && b.kind === 'index') return a.index - b.index;
  return 0;
}

/** fmt of a key value in conflict paths: strings quoted, everything else as Go prints it. */
function valueToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(',')}]`;
  if (isObj(v)) {
    const keys = Object.keys(v).sort(compareGoStrings);
    return `{${keys.map((k) => `${k}=${valueToString(v[k])}`).join(',')}}`;
  }
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** '.spec.containers[name="web"].image', as kube prints a field path. */
export function pathToString(path: FieldPath): string {
  return path
    .map((pe) => {
      switch (pe.kind) {
        case 'field':
          return `.${pe.name}`;
        case 'key':
          return `[${pe.fields.map(([n, v]) => `${n}=${valueToString(v)}`).join(',')}]`;
        case 'value':
          return `[=${valueToString(pe.value)}]`;
        case 'index':
          return `[${pe.index}]`;
      }
    })
    .join('');
}

/** An immutable-by-convention set of field paths; the operations return new sets. */
export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, { pe: PathElement; set: FieldSet }>();

  static of(...paths: FieldPath[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: FieldPath): void {
    const [head, ...rest] = path;
    if (!head) return;
    const id = serializeElement(head);
    if (rest.length === 0) {
      this.members.set(id, head);
      return;
    }
    let child = this.children.get(id);
    if (!child) {
      child = { pe: head, set: new FieldSet() };
      this.children.set(id, child);
    }
    child.set.insert(rest);
  }

  has(path: FieldPath): boolean {
    const [head, ...rest] = path;
    if (!head) return false;
    const id = serializeElement(head);
    if (rest.length === 0) return this.members.has(id);
    return this.children.get(id)?.set.has(rest) ?? false;
  }

  hasMember(pe: PathElement): boolean {
    return this.members.has(serializeElement(pe));
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const c of this.children.values()) if (!c.set.isEmpty()) return false;
    return true;
  }

  /** The subtree under one element (empty when there is none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(serializeElement(pe))?.set ?? new FieldSet();
  }

  union(o: FieldSet): FieldSet {
    const r = new FieldSet();
    for (const s of [this, o]) {
      for (const [id, pe] of s.members) r.members.set(id, pe);
      for (const [id, c] of s.children) {
        const prev = r.children.get(id);
        r.children.set(id, { pe: c.pe, set: prev ? prev.set.union(c.set) : c.set.union(new FieldSet()) });
      }
    }
    return r;
  }

  intersection(o: FieldSet): FieldSet {
    const r = new FieldSet();
    for (const [id, pe] of this.members) if (o.members.has(id)) r.members.set(id, pe);
    for (const [id, c] of this.children) {
      const oc = o.children.get(id);
      if (!oc) continue;
      const sub = c.set.intersection(oc.set);
      if (!sub.isEmpty()) r.children.set(id, { pe: c.pe, set: sub });
    }
    return r;
  }

  /** Members of this set that are not members of o (children are compared child by child). */
  difference(o: FieldSet): FieldSet {
    const r = new FieldSet();
    for (const [id, pe] of this.members) if (!o.members.has(id)) r.members.set(id, pe);
    for (const [id, c] of this.children) {
      const oc = o.children.get(id);
      const sub = oc ? c.set.difference(oc.set) : c.set.union(new FieldSet());
      if (!sub.isEmpty()) r.children.set(id, { pe: c.pe, set: sub });
    }
    return r;
  }

  /** Adds each child whose element satisfies the predicate as a member too (SMD's EnsureNamedFieldsAreMembers). */
  withChildrenAsMembers(isMember: (prefix: FieldPath, pe: PathElement) => boolean, prefix: FieldPath = []): FieldSet {
    const r = new FieldSet();
    for (const [id, pe] of this.members) r.members.set(id, pe);
    for (const [id, c] of this.children) {
      if (isMember(prefix, c.pe)) r.members.set(id, c.pe);
      r.children.set(id, { pe: c.pe, set: c.set.withChildrenAsMembers(isMember, [...prefix, c.pe]) });
    }
    return r;
  }

  /** Every member path: members of a level first, then its children, each in SMD's order. */
  paths(prefix: FieldPath = []): FieldPath[] {
    const out: FieldPath[] = [];
    for (const pe of [...this.members.values()].sort(compareElements)) out.push([...prefix, pe]);
    for (const c of [...this.children.values()].sort((a, b) => compareElements(a.pe, b.pe))) {
      out.push(...c.set.paths([...prefix, c.pe]));
    }
    return out;
  }

  /** The FieldsV1 JSON: '.' first for a child that is also a member, then elements in order. */
  toFieldsV1(): Record<string, unknown> {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const elements: { id: string; pe: PathElement }[] = [...this.members].map(([id, pe]) => ({ id, pe }));
    for (const [id, c] of this.children) if (!this.members.has(id)) elements.push({ id, pe: c.pe });
    if (includeSelf && elements.length > 0) out['.'] = {};
    for (const { id, pe } of elements.sort((a, b) => compareElements(a.pe, b.pe))) {
      const child = this.children.get(id);
      out[serializeElement(pe)] = child ? child.set.emit(this.members.has(id)) : {};
    }
    return out;
  }

  static fromFieldsV1(json: unknown): FieldSet {
    return readFieldsV1(json).children ?? new FieldSet();
  }
}

function readFieldsV1(json: unknown): { children?: FieldSet; isMember: boolean } {
  if (!isObj(json)) throw new Error('FieldsV1 must be a JSON object');
  let children: FieldSet | undefined;
  let isMember = false;
  for (const [key, value] of Object.entries(json)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    const pe = parseElement(key);
    if (!pe) continue;
    const sub = readFieldsV1(value);
    children ??= new FieldSet();
    if (sub.isMember) children.insert([pe]);
    if (sub.children) for (const p of sub.children.paths()) children.insert([pe, ...p]);
  }
  if (!children) isMember = true;
  return { children, isMember };
}
