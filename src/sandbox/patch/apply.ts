/**
 * Server-side apply with structured-merge-diff's semantics: merge the config into the live
 * object, prune what this manager applied before and no longer applies (unless someone else
 * manages it), detect conflicts with other managers, and rewrite metadata.managedFields.
 */
import { ApiError, badRequest } from '../errors.js';
import { clone, isObj, parseApiVersion, str, type Obj } from '../model.js';
import { FieldSet, pathToString } from './fieldset.js';
import { type Conflict } from './conflicts.js';
import { allowedConflictsFromLastApplied, KUBECTL_SSA_MANAGER, syncLastApplied } from './last-applied.js';
import type { ListTypeResolver } from './list-types.js';
import {
  decodeManagedFields,
  managerId,
  setManagedFields,
  stripServerOwned,
  withoutManagedFields,
  type Managed,
  type ManagerEntry,
} from './managed-fields.js';
import { compareValues, deepEqual, mergeValues } from './typed-merge.js';
import { removeItems, toFieldSet, TypedValueError, typeView, withNamedFields, type TypeView } from './typed-value.js';

export { conflictError, conflictMessage, type Conflict } from './conflicts.js';
export { recordUpdate } from './managed-fields.js';

/** A field applied as null is owned but absent: typed objects have no nulls. */
function dropNullFields(v: Obj): Obj {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (!isObj(x)) return x;
    const out: Obj = {};
    for (const [k, child] of Object.entries(x)) if (child !== null) out[k] = walk(child);
    return out;
  };
  return walk(v) as Obj;
}

/** Removes what `lastSet` had and nobody manages any more (SMD's prune with add-back of owned and dangling items). */
function prune(t: TypeView, merged: Obj, managed: Managed, lastSet: FieldSet | undefined): Obj {
  if (!lastSet || lastSet.isEmpty()) return merged;
  const named = (s: FieldSet): FieldSet => withNamedFields(t, s);
  const remove = (s: FieldSet): Obj => (removeItems(t, merged, s) as Obj | undefined) ?? {};
  let owned = new FieldSet();
  for (const e of managed.values()) owned = owned.union(e.set);
  const mergedSet = named(toFieldSet(t, merged));
  const firstCut = remove(named(lastSet));
  const addedBack = remove(mergedSet.difference(named(toFieldSet(t, firstCut)).union(named(owned))));
  return remove(mergedSet.difference(named(toFieldSet(t, addedBack))).intersection(named(lastSet)));
}

interface Attempt {
  object: Obj;
  managed: Managed;
  conflicts: { entry: ManagerEntry; set: FieldSet }[];
  changed: boolean;
}

function applyOnce(
  t: TypeView,
  live: Obj,
  config: Obj,
  configSet: FieldSet,
  base: Managed,
  applier: ManagerEntry,
  force: boolean,
): Attempt {
  const managed: Managed = new Map([...base].map(([id, e]) => [id, { ...e }]));
  const id = managerId(applier);
  const lastSet = managed.get(id)?.set;
  const { time: now, ...identity } = applier;
  const prevTime = managed.get(id)?.time;
  managed.set(id, { ...identity, ...(prevTime ? { time: prevTime } : {}), set: configSet });
  // Re-applying everything applied before (the steady state of a GitOps loop) leaves nothing to prune.
  const dropped = lastSet ? lastSet.difference(configSet) : undefined;
  const merged = mergeValues(t, live, config) as Obj;
  const object = dropped && !dropped.isEmpty() ? prune(t, merged, managed, lastSet) : merged;

  const cmp = compareValues(t, live, object);
  const changedFields = cmp.modified.union(cmp.added);
  const conflicts: Attempt['conflicts'] = [];
  for (const [otherId, e] of managed) {
    if (otherId === id) continue;
    const overlap = e.set.intersection(changedFields);
    if (!overlap.isEmpty()) conflicts.push({ entry: e, set: overlap });
  }
  const changed = !deepEqual(live, dropNullFields(object));
  if (conflicts.length > 0 && !force) return { object, managed: base, conflicts, changed };

  for (const [otherId, e] of managed) {
    if (otherId === id) continue;
    e.set = e.set.difference(changedFields).difference(cmp.removed);
    if (e.set.isEmpty()) managed.delete(otherId);
  }
  const own = managed.get(id);
  if (own) {
    own.set = stripServerOwned(own.set);
    if (own.set.isEmpty()) managed.delete(id);
    // The apiserver stamps an applier's entry only when the apply changed the object.
    else if (changed && now) own.time = now;
  }
  return { object, managed, conflicts: [], changed };
}

function toConflicts(found: Attempt['conflicts'], except?: FieldSet): Conflict[] {
  const out: Conflict[] = [];
  for (const { entry, set } of [...found].sort((a, b) => (managerId(a.entry) < managerId(b.entry) ? -1 : 1))) {
    for (const path of set.paths()) {
      if (except?.has(path)) continue;
      out.push({
        manager: entry.manager,
        apiVersion: entry.apiVersion,
        field: pathToString(path),
        operation: entry.operation,
        ...(entry.subresource ? { subresource: entry.subresource } : {}),
      });
    }
  }
  return out;
}

function gvkString(config: Obj): string {
  const { group, version } = parseApiVersion(str(config.apiVersion) ?? '');
  return `${group}/${version}, Kind=${str(config.kind) ?? ''}`;
}

function nameOfConfig(config: Obj): string {
  const meta = isObj(config.metadata) ? config.metadata : {};
  return `${str(meta.namespace) ?? ''}/${str(meta.name) ?? ''}`;
}

/**
 * Applies `config` for `manager`. With conflicts (and no force) the object comes back unchanged
 * alongside them; the caller answers 409 (see conflictError). `live` undefined creates.
 */
export function serverSideApply(input: {
  live: Obj | undefined;
  config: Obj;
  manager: string;
  force: boolean;
  lists: ListTypeResolver;
  apiVersion: string;
  now: string;
  subresource?: string;
}): { object: Obj; conflicts: Conflict[] } {
  const { live, config, manager } = input;
  if (isObj(config.metadata) && config.metadata.managedFields !== undefined && config.metadata.managedFields !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  if (typeof config.apiVersion === 'string' && config.apiVersion !== input.apiVersion) {
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${config.apiVersion}, expected: ${input.apiVersion}`,
    );
  }
  const t = typeView(input.lists);
  let base: Managed;
  try {
    base = decodeManagedFields(isObj(live?.metadata) ? live.metadata.managedFields : undefined);
  } catch (e) {
    throw new ApiError(500, 'InternalError', `failed to decode managed fields: ${(e as Error).message}`);
  }
  let configSet: FieldSet;
  try {
    configSet = toFieldSet(t, config, true);
  } catch (e) {
    if (!(e instanceof TypedValueError)) throw e;
    throw new ApiError(
      500,
      'InternalError',
      `failed to create typed patch object (${nameOfConfig(config)}; ${gvkString(config)}): ${e.message}`,
    );
  }
  const liveValue = live ? withoutManagedFields(live) : {};
  const applier: ManagerEntry = {
    manager,
    operation: 'Apply',
    apiVersion: input.apiVersion,
    time: input.now,
    set: new FieldSet(),
    ...(input.subresource ? { subresource: input.subresource } : {}),
  };
  const attempt = (force: boolean): Attempt => {
    try {
      return applyOnce(t, liveValue, config, configSet, base, applier, force);
    } catch (e) {
      if (!(e instanceof TypedValueError)) throw e;
      const where = `${nameOfConfig(config)}; ${gvkString(config)}`;
      throw new ApiError(500, 'InternalError', `failed to create typed live object (${where}): ${e.message}`);
    }
  };
  let result = attempt(input.force);
  if (result.conflicts.length > 0 && manager === KUBECTL_SSA_MANAGER) {
    // Upgrading from client-side apply: fields kubectl itself applied are not someone else's.
    const allowed = allowedConflictsFromLastApplied(t, live, input.apiVersion);
    if (allowed) {
      const remaining = toConflicts(result.conflicts, allowed);
      if (remaining.length > 0) return { object: clone(live ?? config), conflicts: remaining };
      result = attempt(true);
    }
  }
  if (result.conflicts.length > 0) return { object: clone(live ?? config), conflicts: toConflicts(result.conflicts) };
  const object = clone(result.object);
  setManagedFields(object, result.managed);
  if (manager === KUBECTL_SSA_MANAGER) syncLastApplied(object, config);
  return { object: dropNullFields(object), conflicts: [] };
}
