/**
 * The object store: one map per resource (group + plural), a single increasing resourceVersion
 * counter for the whole cluster, and a bounded log of changes that watches replay from.
 * It knows nothing of validation; the API layer decides what gets committed.
 */
import { metaOf, type Obj, type ResourceType } from '../model.js';
import type { WatchEventType } from '../api/types.js';

export interface LogEntry {
  type: WatchEventType;
  resource: ResourceType;
  object: Obj;
  /** The object before this change, so label-selected watches can tell entering from leaving. */
  previous?: Obj;
  resourceVersion: number;
}

export function resourceKey(t: { group: string; plural: string }): string {
  return `${t.group}/${t.plural}`;
}

export function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export class ObjectStore {
  private readonly tables = new Map<string, Map<string, Obj>>();
  private readonly log: LogEntry[] = [];
  private logStart = 0; // index of log[0] in the unbounded sequence
  private rv: number;

  constructor(
    private readonly logCapacity = 20_000,
    initialResourceVersion = 1,
  ) {
    this.rv = initialResourceVersion;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch can resume from; older ones get 410 Gone. */
  get oldestWatchableVersion(): number {
    const first = this.log[0];
    return first ? first.resourceVersion - 1 : this.rv;
  }

  nextResourceVersion(): number {
    return this.rv + 1;
  }

  get(t: ResourceType, namespace: string, name: string): Obj | undefined {
    return this.tables.get(resourceKey(t))?.get(objectKey(namespace, name));
  }

  /** Objects of a resource sorted by namespace/name (the order list pagination relies on). */
  list(t: { group: string; plural: string }, namespace?: string): Obj[] {
    const table = this.tables.get(resourceKey(t));
    if (!table) return [];
    const keys = [...table.keys()].sort();
    const out: Obj[] = [];
    for (const k of keys) {
      if (namespace !== undefined && namespace !== '' && !k.startsWith(`${namespace}/`)) continue;
      const o = table.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  count(t: ResourceType): number {
    return this.tables.get(resourceKey(t))?.size ?? 0;
  }

  /** Stores obj (already stamped with the next resourceVersion) and logs the change. */
  commit(type: WatchEventType, t: ResourceType, obj: Obj, previous?: Obj): LogEntry {
    const m = metaOf(obj);
    const rv = Number(m.resourceVersion);
    if (!Number.isSafeInteger(rv) || rv <= this.rv)
      throw new Error(`commit out of order: ${String(m.resourceVersion)}`);
    this.rv = rv;
    const key = objectKey(typeof m.namespace === 'string' ? m.namespace : '', String(m.name));
    let table = this.tables.get(resourceKey(t));
    if (!table) {
      table = new Map();
      this.tables.set(resourceKey(t), table);
    }
    if (type === 'DELETED') table.delete(key);
    else table.set(key, obj);
    const entry: LogEntry = { type, resource: t, object: obj, resourceVersion: rv, ...(previous ? { previous } : {}) };
    this.log.push(entry);
    if (this.log.length > this.logCapacity) {
      const drop = this.log.length - this.logCapacity;
      this.log.splice(0, drop);
      this.logStart += drop;
    }
    return entry;
  }

  /** Log entries after resourceVersion rv, or undefined when rv is older than the log keeps (410 Gone). */
  since(rv: number): LogEntry[] | undefined {
    if (rv < this.oldestWatchableVersion) return undefined;
    // Entries are in resourceVersion order: binary search for the first one after rv.
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.log[mid]?.resourceVersion ?? 0) <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.log.slice(lo);
  }

  /** Loading from disk: puts an object back without logging it. */
  restore(t: { group: string; plural: string }, obj: Obj): void {
    const m = metaOf(obj);
    let table = this.tables.get(resourceKey(t));
    if (!table) {
      table = new Map();
      this.tables.set(resourceKey(t), table);
    }
    table.set(objectKey(typeof m.namespace === 'string' ? m.namespace : '', String(m.name)), obj);
    const rv = Number(m.resourceVersion);
    if (rv > this.rv) this.rv = rv;
  }

  setResourceVersion(rv: number): void {
    if (rv > this.rv) this.rv = rv;
  }

  /** Every stored object with its resource key, for snapshots. */
  *entries(): Generator<[string, Obj]> {
    for (const [rk, table] of this.tables) for (const o of table.values()) yield [rk, o];
  }
}
