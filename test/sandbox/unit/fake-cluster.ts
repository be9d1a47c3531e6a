/**
 * A small in-memory ClusterAccess for controller tests: resourceVersions, uid/creationTimestamp/
 * generation on create, generation bumps on spec changes, 409 on a stale resourceVersion,
 * finalizer-aware deletion, a ManualScheduler that moves time only when a test says so, and a
 * harness that starts the controllers on both, with readers for what a user would look at.
 */
import { randomUUID } from 'node:crypto';
import type {
  ChangeEvent,
  ClusterAccess,
  DeleteOptions,
  Scheduler,
  WriteOptions,
} from '../../../src/sandbox/api/types.js';
import { ApiError, alreadyExists, conflict, notFound } from '../../../src/sandbox/errors.js';
import {
  apiVersionOf,
  clone,
  isObj,
  metaOf,
  nameOf,
  namespaceOf,
  type Obj,
  type ResourceType,
} from '../../../src/sandbox/model.js';
import { builtinTypes } from '../../../src/sandbox/registry/builtin-types.js';
import {
  startControllers,
  defaultControllerOptions,
  type ControllerOptions,
} from '../../../src/sandbox/controllers/index.js';

function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function specOf(o: Obj): unknown {
  const { metadata: _m, status: _s, ...rest } = o;
  return rest;
}

export class FakeCluster implements ClusterAccess {
  readonly objects = new Map<string, Obj>();
  private rv = 1;
  private readonly listeners = new Set<(ev: ChangeEvent) => void>();
  private readonly all = builtinTypes();

  constructor(private readonly clock: () => Date = () => new Date()) {
    for (const ns of ['default', 'kube-system']) {
      this.create(this.t('v1', 'Namespace'), { metadata: { name: ns } }, { manager: 'test' });
    }
  }

  t(apiVersion: string, kind: string): ResourceType {
    const t = this.typeFor(apiVersion, kind);
    if (!t) throw new Error(`no type ${apiVersion} ${kind}`);
    return t;
  }

  types(): ResourceType[] {
    return this.all;
  }

  typeFor(apiVersion: string, kind: string): ResourceType | undefined {
    return this.all.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
  }

  private key(t: ResourceType, ns: string, name: string): string {
    return `${t.group}/${t.plural}/${t.namespaced ? ns : ''}/${name}`;
  }

  get(t: ResourceType, namespace: string, name: string): Obj | undefined {
    const o = this.objects.get(this.key(t, namespace, name));
    return o ? clone(o) : undefined;
  }

  list(t: ResourceType, namespace?: string): Obj[] {
    const prefix = `${t.group}/${t.plural}/${t.namespaced && namespace ? namespace : ''}`;
    return [...this.objects.entries()]
      .filter(([k]) =>
        t.namespaced && namespace ? k.startsWith(`${prefix}/`) : k.startsWith(`${t.group}/${t.plural}/`),
      )
      .map(([, o]) => clone(o));
  }

  create(t: ResourceType, input: Obj, _opts: WriteOptions): Obj {
    const obj = clone(input);
    const m = metaOf(obj);
    if (!m.name && typeof m.generateName === 'string') m.name = `${m.generateName}${randomUUID().slice(0, 5)}`;
    const ns = t.namespaced ? namespaceOf(obj) || 'default' : '';
    if (t.namespaced) {
      m.namespace = ns;
      const nsObj = this.objects.get(this.key(this.t('v1', 'Namespace'), '', ns));
      if (!nsObj) throw new ApiError(404, 'NotFound', `namespaces "${ns}" not found`);
      if (metaOf(nsObj).deletionTimestamp)
        throw new ApiError(
          403,
          'Forbidden',
          `unable to create new content in namespace ${ns} because it is being terminated`,
        );
    } else delete m.namespace;
    const k = this.key(t, ns, nameOf(obj));
    if (this.objects.has(k)) throw alreadyExists(t, nameOf(obj));
    m.uid = randomUUID();
    m.creationTimestamp = rfc3339(this.clock());
    m.generation = 1;
    delete m.deletionTimestamp;
    obj.apiVersion = apiVersionOf(t);
    obj.kind = t.kind;
    if (t.subresources.status) delete obj.status;
    this.defaults(t, obj);
    return this.commit('ADDED', t, k, obj);
  }

  /** The few apiserver defaults the controllers depend on. */
  private defaults(t: ResourceType, obj: Obj): void {
    const m = metaOf(obj);
    if (t.kind === 'Namespace') {
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
    }
    if (t.kind === 'Pod') obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
    if (t.kind === 'Job' && isObj(obj.spec)) {
      const uid = String(m.uid);
      const labels = {
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': nameOf(obj),
        'controller-uid': uid,
        'job-name': nameOf(obj),
      };
      obj.spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
      const tpl = isObj(obj.spec.template) ? obj.spec.template : {};
      tpl.metadata = {
        ...(isObj(tpl.metadata) ? tpl.metadata : {}),
        labels: { ...labels, ...(isObj(tpl.metadata) && isObj(tpl.metadata.labels) ? tpl.metadata.labels : {}) },
      };
      obj.spec.template = tpl;
    }
  }

  update(t: ResourceType, input: Obj, opts: WriteOptions): Obj {
    const incoming = clone(input);
    const ns = t.namespaced ? namespaceOf(incoming) : '';
    const k = this.key(t, ns, nameOf(incoming));
    const live = this.objects.get(k);
    if (!live) throw notFound(t, nameOf(incoming));
    const rv = metaOf(incoming).resourceVersion;
    if (rv !== undefined && rv !== metaOf(live).resourceVersion)
      throw conflict(
        t,
        nameOf(incoming),
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    let next: Obj;
    if (opts.subresource === 'status') {
      next = clone(live);
      next.status = incoming.status;
      // deploymentStatusStrategy resets only spec and labels: annotations written with status stay.
      if (t.kind === 'Deployment') metaOf(next).annotations = metaOf(incoming).annotations;
    } else if (opts.subresource === 'finalize') {
      next = clone(live);
      next.spec = {
        ...(isObj(next.spec) ? next.spec : {}),
        finalizers: isObj(incoming.spec) ? (incoming.spec.finalizers ?? []) : [],
      };
    } else {
      next = incoming;
      if (t.subresources.status) next.status = clone(live.status);
      if (t.kind === 'Namespace') next.spec = clone(live.spec);
      const lm = metaOf(live);
      const nm = metaOf(next);
      for (const f of ['uid', 'creationTimestamp', 'deletionTimestamp', 'generation', 'namespace']) {
        if (lm[f] === undefined) delete nm[f];
        else nm[f] = lm[f];
      }
      if (JSON.stringify(specOf(live)) !== JSON.stringify(specOf(next))) nm.generation = Number(lm.generation) + 1;
    }
    next.apiVersion = apiVersionOf(t);
    next.kind = t.kind;
    metaOf(next).resourceVersion = metaOf(live).resourceVersion;
    if (JSON.stringify(next) === JSON.stringify(live)) return clone(live);
    if (metaOf(next).deletionTimestamp && !this.hasFinalizers(next)) return this.commit('DELETED', t, k, next);
    return this.commit('MODIFIED', t, k, next);
  }

  private hasFinalizers(o: Obj): boolean {
    const f = metaOf(o).finalizers;
    if (Array.isArray(f) && f.length > 0) return true;
    const sf = isObj(o.spec) && o.kind === 'Namespace' ? o.spec.finalizers : undefined;
    return Array.isArray(sf) && sf.length > 0;
  }

  delete(t: ResourceType, namespace: string, name: string, opts: DeleteOptions = {}): Obj | undefined {
    const k = this.key(t, namespace, name);
    const live = this.objects.get(k);
    if (!live) throw notFound(t, name);
    const next = clone(live);
    const m = metaOf(next);
    const fin = Array.isArray(m.finalizers) ? [...(m.finalizers as string[])] : [];
    if (opts.propagationPolicy === 'Foreground' && !fin.includes('foregroundDeletion')) fin.push('foregroundDeletion');
    if (opts.propagationPolicy === 'Orphan' && !fin.includes('orphan')) fin.push('orphan');
    if (fin.length > 0) m.finalizers = fin;
    if (t.kind === 'Namespace') next.status = { ...(isObj(next.status) ? next.status : {}), phase: 'Terminating' };
    if (!this.hasFinalizers(next)) {
      this.commit('DELETED', t, k, next);
      return undefined;
    }
    if (m.deletionTimestamp && JSON.stringify(next) === JSON.stringify(live)) return clone(live);
    m.deletionTimestamp ??= rfc3339(this.clock());
    return this.commit('MODIFIED', t, k, next);
  }

  onChange(listener: (ev: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private commit(type: ChangeEvent['type'], t: ResourceType, k: string, obj: Obj): Obj {
    const previous = this.objects.get(k);
    const rv = ++this.rv;
    metaOf(obj).resourceVersion = String(rv);
    if (type === 'DELETED') this.objects.delete(k);
    else this.objects.set(k, obj);
    for (const l of [...this.listeners])
      l({
        type,
        resource: t,
        object: clone(obj),
        resourceVersion: rv,
        ...(previous ? { previous: clone(previous) } : {}),
      });
    return clone(obj);
  }
}

/** Time that moves only when a test advances it; due timers run in time order. */
export class ManualScheduler implements Scheduler {
  private time: number;
  private seq = 0;
  private readonly timers: { at: number; seq: number; fn: () => void }[] = [];

  constructor(start = Date.parse('2025-01-01T00:00:00Z')) {
    this.time = start;
  }

  now(): Date {
    return new Date(this.time);
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      const i = this.timers.indexOf(timer);
      if (i >= 0) this.timers.splice(i, 1);
    };
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way (and what they schedule). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (let guard = 0; guard < 1_000_000; guard++) {
      const next = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = end;
  }

  /** Runs what is due now. */
  flush(): void {
    this.advance(0);
  }

  get pending(): number {
    return this.timers.length;
  }
}

export interface Harness {
  cluster: FakeCluster;
  sched: ManualScheduler;
  errors: unknown[];
  stop(): void;
  type(kind: string): ResourceType;
  create(kind: string, obj: Obj): Obj;
  get(kind: string, name: string, ns?: string): Obj | undefined;
  list(kind: string, ns?: string): Obj[];
}

const API: Record<string, string> = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ControllerRevision: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

export function harness(opts: Partial<ControllerOptions> = {}): Harness {
  const sched = new ManualScheduler();
  const cluster = new FakeCluster(() => sched.now());
  const errors: unknown[] = [];
  const type = (kind: string): ResourceType => cluster.t(API[kind] ?? 'v1', kind);
  const ctl = startControllers(cluster, sched, {
    ...defaultControllerOptions,
    onError: (_c, _k, err) => errors.push(err),
    ...opts,
  });
  return {
    cluster,
    sched,
    errors,
    stop: () => ctl.stop(),
    type,
    create: (kind, obj) =>
      cluster.create(type(kind), { apiVersion: API[kind] ?? 'v1', kind, ...obj }, { manager: 'test' }),
    get: (kind, name, ns = 'default') => cluster.get(type(kind), ns, name),
    list: (kind, ns) => cluster.list(type(kind), ns),
  };
}

export function cond(obj: Obj | undefined, type: string): Obj | undefined {
  const status = obj && isObj(obj.status) ? obj.status : {};
  const list = Array.isArray(status.conditions) ? status.conditions.filter(isObj) : [];
  return list.find((c) => c.type === type);
}

export function status(obj: Obj | undefined): Obj {
  return obj && isObj(obj.status) ? obj.status : {};
}

export function podTemplate(app: string, image: string, extra: Obj = {}): Obj {
  return {
    metadata: { labels: { app } },
    spec: { containers: [{ name: app, image, ...extra }] },
  };
}

export function deployment(name: string, replicas: number, image: string, spec: Obj = {}): Obj {
  return {
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: podTemplate(name, image), ...spec },
  };
}
