/**
 * The live state of the cluster as an informer-style cache: per tracked type one loop lists, then
 * watches from the list's resourceVersion, so a reconcile reads memory instead of scanning the API
 * and drift arrives as an event. A stream the server ends is resumed from the last resourceVersion,
 * 410 Gone re-lists at once, and any other failure backs off on the clock before re-listing.
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from '../../ports/clock.js';
import type { KubeClient, KubeObject, WatchEventType } from './kube-client.js';
import { isKubeError } from './kube-error.js';
import { isObj as isRec } from '../../core/snapshot.js';

export type LiveChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface LiveChange {
  type: LiveChangeType;
  apiVersion: string;
  kind: string;
  object: KubeObject;
}

export interface LiveCache {
  /** Start following a type (idempotent): list, then watch from the list's resourceVersion. Resolves after the first list. */
  track(apiVersion: string, kind: string, opts?: { labelSelector?: string }): Promise<void>;
  /** The object as the server last sent it; namespace '' for cluster-scoped kinds. Never mutate it. */
  get(apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined;
  list(apiVersion: string, kind: string, filter?: (o: KubeObject) => boolean): KubeObject[];
  /** Called after each change the cache applied, with the object (for DELETED, its last state). */
  onChange(listener: (ev: LiveChange) => void): () => void;
  /** Aborts every watch and resolves when all loops have ended. */
  stop(): Promise<void>;
}

export interface LiveCacheOptions {
  clock: Clock;
  logger?: { warn(o: object, m: string): void };
  /** Wait after a failed list or watch: initialMs, doubling per failure up to maxMs. */
  backoff?: { initialMs: number; maxMs: number };
  /** Ask the server to end each watch after this long; the loop then resumes from the last resourceVersion. */
  watchTimeoutSeconds?: number;
}

interface Tracked {
  apiVersion: string;
  kind: string;
  labelSelector?: string;
  objects: Map<string, KubeObject>;
  ready: Promise<void>;
  loop?: Promise<void>;
}

const SHORT_WATCH_MS = 100;
const DEFAULT_BACKOFF = { initialMs: 500, maxMs: 30_000 };
// Like client-go's reflector: a random 5-10 minute watch keeps long streams from ending together.
const defaultWatchTimeout = (): number => 300 + Math.floor(Math.random() * 300);

export function createLiveCache(client: KubeClient, opts: LiveCacheOptions): LiveCache {
  const { clock, logger } = opts;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const abort = new AbortController();
  // One watch per tracked type listens on this signal: dozens are normal.
  setMaxListeners(0, abort.signal);
  const types = new Map<string, Tracked>();
  const listeners = new Set<(ev: LiveChange) => void>();

  function emit(t: Tracked, type: LiveChangeType, object: KubeObject): void {
    for (const l of [...listeners]) {
      try {
        l({ type, apiVersion: t.apiVersion, kind: t.kind, object });
      } catch (err) {
        // A consumer's bug must not stop the cache from following the cluster.
        logger?.warn({ err, kind: t.kind }, 'live cache listener failed');
      }
    }
  }

  /** Replaces the type's content with a fresh list and emits what changed since the last one. */
  function replaceAll(t: Tracked, items: KubeObject[]): void {
    const before = t.objects;
    const after = new Map<string, KubeObject>();
    for (const o of items) after.set(keyOf(o), o);
    t.objects = after;
    for (const [k, old] of before) if (!after.has(k)) emit(t, 'DELETED', old);
    for (const [k, o] of after) {
      const old = before.get(k);
      if (!old) emit(t, 'ADDED', o);
      else if (!sameVersion(old, o)) emit(t, 'MODIFIED', o);
      else after.set(k, old);
    }
  }

  function applyEvent(t: Tracked, type: Exclude<WatchEventType, 'BOOKMARK'>, o: KubeObject): void {
    const k = keyOf(o);
    const old = t.objects.get(k);
    if (type === 'DELETED') {
      if (!old) return;
      t.objects.delete(k);
      emit(t, 'DELETED', o);
      return;
    }
    if (old && sameVersion(old, o)) return;
    t.objects.set(k, o);
    emit(t, old ? 'MODIFIED' : 'ADDED', o);
  }

  async function relist(t: Tracked): Promise<string> {
    const r = await client.list(t.apiVersion, t.kind, t.labelSelector ? { labelSelector: t.labelSelector } : {});
    replaceAll(t, r.items);
    return r.resourceVersion;
  }

  /** Watches from `startRv` until stop(), re-listing whenever the resume point is lost. Never rejects. */
  async function follow(t: Tracked, startRv: string): Promise<void> {
    const signal = abort.signal;
    let rv: string | undefined = startRv;
    let delay = backoff.initialMs;
    while (!signal.aborted) {
      try {
        rv ??= await relist(t);
        const started = clock.now().getTime();
        let events = 0;
        await client.watch(
          t.apiVersion,
          t.kind,
          {
            resourceVersion: rv,
            signal,
            timeoutSeconds: opts.watchTimeoutSeconds ?? defaultWatchTimeout(),
            ...(t.labelSelector ? { labelSelector: t.labelSelector } : {}),
          },
          (type, obj) => {
            events++;
            rv = resourceVersionOf(obj) ?? rv;
            if (type !== 'BOOKMARK') applyEvent(t, type, obj);
            delay = backoff.initialMs;
          },
        );
        // A stream closed at once with nothing in it (a proxy, a server going down) would spin
        // this loop; client-go's reflector treats such a "very short watch" as a failure too.
        if (events === 0 && !signal.aborted && clock.now().getTime() - started < SHORT_WATCH_MS)
          throw new Error(`watch ${t.kind} ended after less than ${SHORT_WATCH_MS}ms without events`);
        // The server ended the stream (its timeout): resume from the last resourceVersion seen.
        delay = backoff.initialMs;
      } catch (err) {
        if (signal.aborted) break;
        rv = undefined;
        // 410: the server no longer holds our resourceVersion; a fresh list is the only way on.
        if (isKubeError(err, 'gone')) continue;
        logger?.warn({ err, kind: t.kind, apiVersion: t.apiVersion, retryInMs: delay }, 'live cache list/watch failed');
        try {
          await clock.sleep(delay, signal);
        } catch {
          break; // aborted by stop()
        }
        delay = Math.min(delay * 2, backoff.maxMs);
      }
    }
  }

  function entry(apiVersion: string, kind: string): Tracked | undefined {
    return types.get(typeKey(apiVersion, kind));
  }

  return {
    track(apiVersion, kind, o = {}) {
      if (abort.signal.aborted) return Promise.reject(new Error('live cache: track after stop'));
      const known = entry(apiVersion, kind);
      if (known) {
        if (known.labelSelector !== o.labelSelector)
          return Promise.reject(
            new Error(
              `live cache: ${kind} ${apiVersion} is already tracked with selector "${known.labelSelector ?? ''}"`,
            ),
          );
        return known.ready;
      }
      const t: Tracked = {
        apiVersion,
        kind,
        ...(o.labelSelector ? { labelSelector: o.labelSelector } : {}),
        objects: new Map(),
        ready: Promise.resolve(),
      };
      types.set(typeKey(apiVersion, kind), t);
      t.ready = relist(t).then(
        (rv) => {
          t.loop = follow(t, rv);
        },
        (err: unknown) => {
          // Not tracked after all: the caller sees the error and a later track() tries again.
          types.delete(typeKey(apiVersion, kind));
          throw err;
        },
      );
      return t.ready;
    },

    get(apiVersion, kind, namespace, name) {
      return entry(apiVersion, kind)?.objects.get(`${namespace}/${name}`);
    },

    list(apiVersion, kind, filter) {
      const all = [...(entry(apiVersion, kind)?.objects.values() ?? [])];
      return filter ? all.filter(filter) : all;
    },

    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    async stop() {
      abort.abort();
      const all = [...types.values()];
      await Promise.allSettled(all.map((t) => t.ready));
      await Promise.all(all.flatMap((t) => (t.loop ? [t.loop] : [])));
    },
  };
}

function typeKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

function metaOf(o: KubeObject): KubeObject {
  return isRec(o.metadata) ? o.metadata : {};
}

function keyOf(o: KubeObject): string {
  const m = metaOf(o);
  const ns = typeof m.namespace === 'string' ? m.namespace : '';
  return `${ns}/${typeof m.name === 'string' ? m.name : ''}`;
}

function resourceVersionOf(o: KubeObject): string | undefined {
  const rv = metaOf(o).resourceVersion;
  return typeof rv === 'string' && rv ? rv : undefined;
}

/** Same resourceVersion and uid: the server has not changed the object (a recreated one has a new uid). */
function sameVersion(a: KubeObject, b: KubeObject): boolean {
  return resourceVersionOf(a) === resourceVersionOf(b) && metaOf(a).uid === metaOf(b).uid;
}
