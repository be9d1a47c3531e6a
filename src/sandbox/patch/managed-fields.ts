/**
 * metadata.managedFields: decoding and encoding the entries (one per manager, operation,
 * subresource and, for updates, apiVersion), and recording which fields a create, update or
 * non-apply patch took over, as the apiserver's field manager does.
 */
import { clone, isObj, metaOf, type Obj } from '../model.js';
import { FieldSet, fieldElement, type FieldPath } from './fieldset.js';
import { goQuoteJson } from './go-format.js';
import type { ListTypeResolver } from './list-types.js';
import { compareValues } from './typed-merge.js';
import { typeView } from './typed-value.js';

export type Operation = 'Apply' | 'Update';

export interface ManagerEntry {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Entries keyed by manager identifier. */
export type Managed = Map<string, ManagerEntry>;

/** The apiserver's manager identifier: the entry without time and fields, and without apiVersion for appliers. */
export function managerId(e: {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource?: string;
}): string {
  const parts: string[] = [];
  if (e.manager) parts.push(`"manager":${goQuoteJson(e.manager)}`);
  parts.push(`"operation":${goQuoteJson(e.operation)}`);
  if (e.operation === 'Update' && e.apiVersion) parts.push(`"apiVersion":${goQuoteJson(e.apiVersion)}`);
  if (e.subresource) parts.push(`"subresource":${goQuoteJson(e.subresource)}`);
  return `{${parts.join(',')}}`;
}

/** Decodes managedFields; throws on entries the apiserver would not accept. */
export function decodeManagedFields(raw: unknown): Managed {
  const managed: Managed = new Map();
  if (raw === undefined || raw === null) return managed;
  if (!Array.isArray(raw)) throw new Error('managedFields must be a list');
  raw.forEach((e: unknown, i) => {
    if (!isObj(e)) throw new Error(`managed fields entry ${i} is not an object`);
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (typeof e.apiVersion !== 'string' || e.apiVersion === '') throw new Error('apiVersion must not be empty');
    if (e.fieldsType === undefined || e.fieldsType === '')
      throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1')
      throw new Error(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    const entry: ManagerEntry = {
      manager: typeof e.manager === 'string' ? e.manager : '',
      operation: e.operation,
      apiVersion: e.apiVersion,
      set: e.fieldsV1 === undefined || e.fieldsV1 === null ? new FieldSet() : FieldSet.fromFieldsV1(e.fieldsV1),
    };
    if (typeof e.subresource === 'string' && e.subresource) entry.subresource = e.subresource;
    if (typeof e.time === 'string') entry.time = e.time;
    managed.set(managerId(entry), entry);
  });
  return managed;
}

function unixSeconds(time: string | undefined): number {
  const ms = time ? Date.parse(time) : NaN;
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** The wire form, sorted as the apiserver sorts it (Apply before Update, then by time, manager, ...). */
export function encodeManagedFields(managed: Managed): Obj[] | undefined {
  if (managed.size === 0) return undefined;
  const entries = [...managed.values()].sort(
    (p, q) =>
      (p.operation !== q.operation ? (p.operation < q.operation ? -1 : 1) : 0) ||
      unixSeconds(p.time) - unixSeconds(q.time) ||
      (p.manager !== q.manager ? (p.manager < q.manager ? -1 : 1) : 0) ||
      (p.apiVersion !== q.apiVersion ? (p.apiVersion < q.apiVersion ? -1 : 1) : 0) ||
      ((p.subresource ?? '') < (q.subresource ?? '') ? -1 : (p.subresource ?? '') > (q.subresource ?? '') ? 1 : 0),
  );
  return entries.map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    ...(e.time ? { time: e.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: e.set.toFieldsV1(),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}

/** Writes entries into an object's metadata (dropping the field when there are none). */
export function setManagedFields(obj: Obj, managed: Managed): void {
  const encoded = encodeManagedFields(managed);
  if (encoded) metaOf(obj).managedFields = encoded;
  else if (isObj(obj.metadata)) delete obj.metadata.managedFields;
}

const f = (...names: string[]): FieldPath => names.map(fieldElement);
/** Fields the server owns, never part of anyone's set (the apiserver's stripMeta, plus deletion marks). */
const SERVER_OWNED = FieldSet.of(
  f('apiVersion'),
  f('kind'),
  f('metadata'),
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'clusterName',
    'generation',
    'managedFields',
    'resourceVersion',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
  ].map((n) => f('metadata', n)),
);

export function stripServerOwned(set: FieldSet): FieldSet {
  return set.difference(SERVER_OWNED);
}

/** A copy without metadata.managedFields and with null-valued fields dropped, as a typed round trip leaves it. */
export function withoutManagedFields(obj: Obj): Obj {
  const { metadata, ...rest } = obj;
  const copy = copyWithoutNulls(rest) as Obj;
  if (isObj(metadata)) {
    const { managedFields: _managed, ...meta } = metadata;
    copy.metadata = copyWithoutNulls(meta);
  } else if (metadata !== undefined && metadata !== null) copy.metadata = metadata;
  return copy;
}

/** One pass instead of clone-then-prune: this runs on every write. */
function copyWithoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyWithoutNulls);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, child] of Object.entries(v)) if (child !== null) out[k] = copyWithoutNulls(child);
  return out;
}

/**
 * The object as the apiserver's typed round trip shows it: structs that Go always serializes
 * (a Deployment's status, its template's spec) are present even when the stored JSON omits them.
 */
function withZeroValues(obj: Obj, zero: Obj): Obj {
  for (const [k, z] of Object.entries(zero)) {
    const v = obj[k];
    if (v === undefined) obj[k] = clone(z);
    else if (isObj(v) && isObj(z)) withZeroValues(v, z);
  }
  return obj;
}

const MAX_UPDATE_MANAGERS = 10;

/** Past ten update entries the oldest merge into an "ancient-changes" entry per apiVersion. */
export function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.entries()].filter(([, e]) => e.operation === 'Update');
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  updaters.sort(([ia, a], [ib, b]) => unixSeconds(a.time) - unixSeconds(b.time) || (ia < ib ? -1 : ia > ib ? 1 : 0));
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (const [id, e] of updaters) {
    if (length <= MAX_UPDATE_MANAGERS) break;
    const bucket = managerId({ manager: 'ancient-changes', operation: 'Update', apiVersion: e.apiVersion });
    const first = firstOfVersion.get(e.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(e.apiVersion, id);
      continue;
    }
    let target = managed.get(bucket);
    if (!target) {
      const firstEntry = managed.get(first);
      managed.delete(first);
      target = { ...(firstEntry ?? e), manager: 'ancient-changes', operation: 'Update', apiVersion: e.apiVersion };
      delete target.subresource;
    }
    managed.set(bucket, { ...target, set: e.set.union(target.set), ...(e.time ? { time: e.time } : {}) });
    managed.delete(id);
    length--;
  }
}

/** managedFields for an update: the request's own list when it sends a usable one, else the live object's. */
function managedForUpdate(before: Obj | undefined, after: Obj, subresource: string | undefined): Managed {
  const fromLive = (): Managed => {
    try {
      return decodeManagedFields(isObj(before?.metadata) ? before.metadata.managedFields : undefined);
    } catch {
      return new Map();
    }
  };
  if (subresource) return fromLive();
  const sent = isObj(after.metadata) ? after.metadata.managedFields : undefined;
  if (
    Array.isArray(sent) &&
    (sent.length === 0 || (sent.length === 1 && isObj(sent[0]) && Object.keys(sent[0]).length === 0))
  ) {
    return new Map(); // an explicit reset
  }
  try {
    const managed = decodeManagedFields(sent);
    if (managed.size > 0) return managed;
  } catch {
    // fall back to the live object's, as the apiserver does
  }
  return fromLive();
}

/**
 * Records a create, update or non-apply patch: changed and added fields now belong to `manager`
 * (taken from whoever had them, no conflicts), removed fields leave every set.
 * Returns a copy of `after` with metadata.managedFields set.
 */
export function recordUpdate(input: {
  before: Obj | undefined;
  after: Obj;
  manager: string;
  operation?: 'Update';
  lists: ListTypeResolver;
  apiVersion: string;
  now: string;
  subresource?: string;
}): Obj {
  const out = clone(input.after);
  try {
    const t = typeView(input.lists);
    const managed = managedForUpdate(input.before, input.after, input.subresource);
    const zero = input.lists.emptyObject?.() ?? {};
    const live = input.before ? withZeroValues(withoutManagedFields(input.before), zero) : zero;
    const cmp = compareValues(t, live, withZeroValues(withoutManagedFields(input.after), zero));
    const changed = cmp.modified.union(cmp.added);
    for (const [id, e] of managed) {
      const rest = e.set.difference(changed).difference(cmp.removed);
      if (rest.isEmpty()) managed.delete(id);
      else e.set = rest;
    }
    const taken = stripServerOwned(changed.difference(cmp.removed));
    if (!taken.isEmpty()) {
      const key = { manager: input.manager, operation: 'Update' as const, apiVersion: input.apiVersion };
      const entry: ManagerEntry = { ...key, time: input.now, set: taken };
      if (input.subresource) entry.subresource = input.subresource;
      const id = managerId(entry);
      const prev = managed.get(id);
      if (prev) entry.set = taken.union(prev.set);
      managed.set(id, entry);
    }
    capUpdateManagers(managed);
    setManagedFields(out, managed);
  } catch {
    // Like the apiserver's UpdateNoErrors: never fail a write over bookkeeping, keep what was there.
    const prev = isObj(input.before?.metadata) ? input.before.metadata.managedFields : undefined;
    if (prev !== undefined) metaOf(out).managedFields = clone(prev);
    else if (isObj(out.metadata)) delete out.metadata.managedFields;
  }
  return out;
}
