/**
 * What every simulated controller runs on: the change feed mapped to per-controller keys, the
 * shared work queue, retries (a 409 Conflict re-reads and tries again), typed access to the
 * served resources and the event recorder.
 */
import type { ChangeEvent, ClusterAccess, DeleteOptions, Scheduler } from '../api/types.js';
import { ApiError } from '../errors.js';
import { apiVersionOf, nameOf, namespaceOf, type Obj, type ResourceType } from '../model.js';
import { deepEqual, objAt } from './fields.js';
import { EventRecorder } from './events.js';
import type { ControllerOptions } from './options.js';
import { rfc3339 } from './time.js';
import { WorkQueue } from './work-queue.js';

export interface Controller {
  readonly name: string;
  /** Keys to look at after a change. Must be cheap and must not write. */
  keysFor(ev: ChangeEvent): string[];
  /** Keys to look at once at start, for objects that existed before the controllers did. */
  initialKeys(): string[];
  /** Moves one object toward its desired state; returns ms after which to look again when time matters. */
  sync(key: string): number | undefined;
}

export const CONTROLLER_MANAGER = 'kube-controller-manager';

/** A failing key is retried this many times, with backoff, then dropped until its next change. */
const MAX_FAILURES = 25;

export function keyOf(obj: Obj): string {
  const ns = namespaceOf(obj);
  return ns ? `${ns}/${nameOf(obj)}` : nameOf(obj);
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export class Runtime {
  readonly recorder: EventRecorder;
  private readonly queue: WorkQueue;
  private readonly controllers: Controller[] = [];
  private readonly failures = new Map<string, number>();
  private readonly typeCache = new Map<string, ResourceType | undefined>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    readonly cluster: ClusterAccess,
    readonly scheduler: Scheduler,
    readonly opts: ControllerOptions,
  ) {
    this.queue = new WorkQueue(scheduler);
    this.recorder = new EventRecorder(cluster, scheduler);
  }

  register(c: Controller): void {
    this.controllers.push(c);
  }

  start(): void {
    this.unsubscribe = this.cluster.onChange((ev) => this.dispatch(ev));
    for (const c of this.controllers) for (const key of c.initialKeys()) this.enqueue(c, key);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.queue.stop();
  }

  enqueue(c: Controller, key: string): void {
    this.queue.add(`${c.name}|${key}`, () => this.process(c, key));
  }

  enqueueAfter(c: Controller, key: string, ms: number): void {
    this.queue.addAfter(`${c.name}|${key}`, ms, () => this.process(c, key));
  }

  now(): number {
    return this.scheduler.now().getTime();
  }

  nowIso(): string {
    return rfc3339(this.scheduler.now());
  }

  /** A served type; undefined when the API does not serve it (e.g. a CRD that went away). */
  maybeType(apiVersion: string, kind: string): ResourceType | undefined {
    const k = `${apiVersion}|${kind}`;
    if (!this.typeCache.has(k)) this.typeCache.set(k, this.cluster.typeFor(apiVersion, kind));
    const t = this.typeCache.get(k);
    // CRD types come and go: a miss is not cached for good.
    if (!t) this.typeCache.delete(k);
    return t;
  }

  type(apiVersion: string, kind: string): ResourceType {
    const t = this.maybeType(apiVersion, kind);
    if (!t) throw new Error(`the sandbox does not serve ${kind} ${apiVersion}`);
    return t;
  }

  /** Writes status (through the status subresource when the type has one) only if it changed. */
  writeStatus(t: ResourceType, obj: Obj, status: Obj, manager = CONTROLLER_MANAGER): Obj {
    if (deepEqual(objAt(obj, 'status'), status)) return obj;
    const next = { ...obj, status };
    return this.cluster.update(t, next, { manager, ...(t.subresources.status ? { subresource: 'status' } : {}) });
  }

  /** Deletes, treating "already gone" as success. */
  remove(t: ResourceType, namespace: string, name: string, opts?: DeleteOptions): void {
    try {
      this.cluster.delete(t, namespace, name, opts);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  }

  private dispatch(ev: ChangeEvent): void {
    for (const c of this.controllers) {
      let keys: string[];
      try {
        keys = c.keysFor(ev);
      } catch (err) {
        this.opts.onError?.(c.name, apiVersionOf(ev.resource), err);
        continue;
      }
      for (const key of keys) this.enqueue(c, key);
    }
  }

  private process(c: Controller, key: string): void {
    const qk = `${c.name}|${key}`;
    try {
      const after = c.sync(key);
      this.failures.delete(qk);
      if (after !== undefined) this.enqueueAfter(c, key, Math.max(1, Math.ceil(after)));
    } catch (err) {
      const n = (this.failures.get(qk) ?? 0) + 1;
      const conflict = err instanceof ApiError && (err.code === 409 || err.code === 404);
      if (!conflict) this.opts.onError?.(c.name, key, err);
      if (n > MAX_FAILURES) {
        this.failures.delete(qk);
        if (conflict) this.opts.onError?.(c.name, key, err);
        return;
      }
      this.failures.set(qk, n);
      // Conflicts resolve on a re-read; anything else backs off as client-go's rate limiter does.
      const delay = conflict && n <= 3 ? 0 : Math.min(5 * 2 ** n, 10_000);
      this.enqueueAfter(c, key, delay);
    }
  }
}
