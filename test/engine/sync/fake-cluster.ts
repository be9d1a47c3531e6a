/**
 * An in-memory cluster for engine tests that need no API server: FakeLiveState is the informer cache
 * (track/get/list/onChange), FakeCluster the API calls a sync makes. Writes land in the live state a
 * turn later and are announced to its listeners, as a watch event would be. Tests script failures per
 * call and play the controllers by giving each written object a status.
 */
import type { KubeObject } from '../../../src/adapters/kube/kube-client.js';
import { KubeError } from '../../../src/adapters/kube/kube-error.js';
import type { LiveChange } from '../../../src/adapters/kube/live-cache.js';
import { isObj, type Obj } from '../../../src/core/snapshot.js';
import type { LiveState, SyncCluster } from '../../../src/engine/sync/sync-types.js';

type Listener = (ev: LiveChange) => void;

function metaOf(o: Obj): Obj {
  return isObj(o.metadata) ? o.metadata : {};
}

function keyOf(apiVersion: string, kind: string, namespace: string, name: string): string {
  return `${apiVersion} ${kind} ${namespace}/${name}`;
}

function identify(o: KubeObject): { apiVersion: string; kind: string; namespace: string; name: string } {
  const meta = metaOf(o);
  return {
    apiVersion: String(o.apiVersion),
    kind: String(o.kind),
    namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
    name: typeof meta.name === 'string' ? meta.name : '',
  };
}

export class FakeLiveState implements LiveState {
  readonly tracked = new Set<string>();
  private readonly objects = new Map<string, KubeObject>();
  private readonly listeners = new Set<Listener>();

  track(apiVersion: string, kind: string): Promise<void> {
    this.tracked.add(`${apiVersion} ${kind}`);
    return Promise.resolve();
  }

  get(apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(keyOf(apiVersion, kind, namespace, name));
  }

  list(apiVersion: string, kind: string, filter?: (o: KubeObject) => boolean): KubeObject[] {
    return [...this.objects.values()].filter(
      (o) => o.apiVersion === apiVersion && o.kind === kind && (!filter || filter(o)),
    );
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores the object and tells the listeners, as the cache does on a watch event. */
  put(obj: KubeObject): void {
    const id = identify(obj);
    const key = keyOf(id.apiVersion, id.kind, id.namespace, id.name);
    const type = this.objects.has(key) ? 'MODIFIED' : 'ADDED';
    this.objects.set(key, obj);
    this.emit({ type, apiVersion: id.apiVersion, kind: id.kind, object: obj });
  }

  remove(obj: KubeObject): void {
    const id = identify(obj);
    if (this.objects.delete(keyOf(id.apiVersion, id.kind, id.namespace, id.name))) {
      this.emit({ type: 'DELETED', apiVersion: id.apiVersion, kind: id.kind, object: obj });
    }
  }

  private emit(ev: LiveChange): void {
    for (const l of [...this.listeners]) l(ev);
  }
}

export interface FakeCall {
  op: 'apply' | 'create' | 'delete' | 'mergePatch';
  /** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
  object: string;
  force?: boolean;
}

function describe(kind: string, namespace: string, name: string): string {
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

export class FakeCluster implements SyncCluster {
  readonly calls: FakeCall[] = [];
  /**
   * Plays the controllers: the status a written object gets (its return value replaces the object).
   * The default leaves objects as written, which the health rules call Healthy for most kinds.
   */
  controller: (obj: KubeObject) => KubeObject = (obj) => obj;
  private readonly failures = new Map<string, Error[]>();
  private uids = 0;
  private versions = 0;

  constructor(readonly live: FakeLiveState) {}

  /** The next calls of `op` on the object (`Kind/namespace/name`) throw these errors, one per call. */
  failNext(op: FakeCall['op'], object: string, ...errors: Error[]): void {
    this.failures.set(`${op} ${object}`, [...(this.failures.get(`${op} ${object}`) ?? []), ...errors]);
  }

  /** Puts an object in the cluster as if someone else had created it (with uid and versions). */
  seed(obj: KubeObject): KubeObject {
    const id = identify(obj);
    const stored = this.store(obj, this.live.get(id.apiVersion, id.kind, id.namespace, id.name));
    this.live.put(stored);
    return stored;
  }

  callsOf(op: FakeCall['op'], object: string): FakeCall[] {
    return this.calls.filter((c) => c.op === op && c.object === object);
  }

  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    return Promise.resolve(this.live.get(apiVersion, kind, namespace ?? '', name));
  }

  list(apiVersion: string, kind: string): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    return Promise.resolve({ items: this.live.list(apiVersion, kind), resourceVersion: String(this.versions) });
  }

  apply(obj: KubeObject, opts: { fieldManager: string; force: boolean; dryRun?: boolean }): Promise<KubeObject> {
    const id = identify(obj);
    const object = describe(id.kind, id.namespace, id.name);
    this.calls.push({ op: 'apply', object, force: opts.force });
    return settle(() => {
      this.throwScripted('apply', object);
      return opts.dryRun ? obj : this.write(obj);
    });
  }

  create(obj: KubeObject, opts: { fieldManager: string; dryRun?: boolean }): Promise<KubeObject> {
    const id = identify(obj);
    const object = describe(id.kind, id.namespace, id.name);
    this.calls.push({ op: 'create', object });
    return settle(() => {
      this.throwScripted('create', object);
      if (this.live.get(id.apiVersion, id.kind, id.namespace, id.name)) {
        throw new KubeError(`create ${object}: 409 Conflict: already exists`, { code: 'already-exists', status: 409 });
      }
      return opts.dryRun ? obj : this.write(obj);
    });
  }

  mergePatch(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
  ): Promise<KubeObject> {
    const object = describe(kind, namespace ?? '', name);
    this.calls.push({ op: 'mergePatch', object });
    return settle(() => {
      this.throwScripted('mergePatch', object);
      const current = this.live.get(apiVersion, kind, namespace ?? '', name);
      if (!current) throw new KubeError(`patch ${object}: 404 Not Found`, { code: 'not-found', status: 404 });
      const merged = mergeJson(current, patch);
      return this.write(isObj(merged) ? merged : current);
    });
  }

  delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<KubeObject> {
    const object = describe(kind, namespace ?? '', name);
    this.calls.push({ op: 'delete', object });
    return settle(() => {
      this.throwScripted('delete', object);
      const current = this.live.get(apiVersion, kind, namespace ?? '', name);
      if (!current) throw new KubeError(`delete ${object}: 404 Not Found`, { code: 'not-found', status: 404 });
      setImmediate(() => this.live.remove(current));
      return current;
    });
  }

  private throwScripted(op: FakeCall['op'], object: string): void {
    const queue = this.failures.get(`${op} ${object}`);
    const next = queue?.shift();
    if (next) throw next;
  }

  /** Stores a write: uid kept, generation and resourceVersion bumped; seen by the live state a turn later. */
  private write(obj: KubeObject): KubeObject {
    const id = identify(obj);
    const before = this.live.get(id.apiVersion, id.kind, id.namespace, id.name);
    const stored = this.store(obj, before);
    setImmediate(() => this.live.put(this.controller(stored)));
    return stored;
  }

  private store(obj: KubeObject, before: KubeObject | undefined): KubeObject {
    const old = before ? metaOf(before) : {};
    const generation = typeof old.generation === 'number' ? old.generation + 1 : 1;
    const stored: KubeObject = {
      ...obj,
      metadata: {
        ...metaOf(obj),
        uid: typeof old.uid === 'string' ? old.uid : `uid-${++this.uids}`,
        generation,
        resourceVersion: String(++this.versions),
      },
    };
    return stored;
  }
}

/** Runs a call's body so that what it throws rejects the promise, as a real client call would. */
function settle<T>(body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/** RFC 7386 JSON merge patch. */
function mergeJson(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergeJson(out[k], v);
  }
  return out;
}
