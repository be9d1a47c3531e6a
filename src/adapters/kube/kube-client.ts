/**
 * The Kubernetes API as raw JSON: get, list, server-side apply, create, update, merge patch, delete and watch
 * for any kind discovery knows. Bodies are sent exactly as given and returned exactly as the
 * server wrote them (client-node's typed models would drop unknown fields and parse dates).
 */
import type { KubeTarget } from './kube-config.js';
import { ApiDiscovery, type ResourceInfo } from './kube-discovery.js';
import { KubeError } from './kube-error.js';
import { KubeTransport } from './kube-transport.js';
import { readWatchStream, type KubeObject, type WatchEventType } from './watch-stream.js';
import { isObj as isRec } from '../../core/snapshot.js';

export type { KubeObject, WatchEventType } from './watch-stream.js';
export type { ResourceInfo } from './kube-discovery.js';

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  /** Page size; list still returns every item, following `continue`. */
  limit?: number;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

export interface ApplyOptions {
  fieldManager: string;
  force: boolean;
  dryRun?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  resourceVersion: string;
  signal: AbortSignal;
  /** Ask the server to end the stream after this long (it may end it sooner). */
  timeoutSeconds?: number;
}

export interface KubeClient {
  /** Server base URL, for messages. */
  readonly server: string;
  /** The kubeconfig context's default namespace, used when a namespaced object names none. */
  readonly defaultNamespace: string;
  discover(): Promise<void>;
  resourceFor(apiVersion: string, kind: string): Promise<ResourceInfo | undefined>;
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  list(apiVersion: string, kind: string, opts?: ListOptions): Promise<ListResult>;
  apply(obj: KubeObject, opts: ApplyOptions): Promise<KubeObject>;
  /** POST: fails with KubeError 'already-exists' instead of overwriting; honours metadata.generateName. */
  create(obj: KubeObject, opts: { fieldManager: string; dryRun?: boolean }): Promise<KubeObject>;
  /**
   * PUT: replaces the whole object. With metadata.resourceVersion set it is an optimistic update that
   * fails with KubeError 'conflict' (409) when the object changed since that version was read.
   */
  update(obj: KubeObject, opts: { fieldManager: string; dryRun?: boolean }): Promise<KubeObject>;
  mergePatch(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    fieldManager: string,
  ): Promise<KubeObject>;
  /** Resolves with the server's answer (the object, with deletionTimestamp while finalizers run, or a Status). */
  delete(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    opts?: DeleteOptions,
  ): Promise<KubeObject>;
  /** Resolves when the server ends the stream or the signal aborts; throws KubeError 'gone' for a too-old resourceVersion. */
  watch(
    apiVersion: string,
    kind: string,
    opts: WatchOptions,
    onEvent: (type: WatchEventType, obj: KubeObject) => void,
  ): Promise<void>;
}

export interface KubeClientOptions {
  userAgent?: string;
  timeoutMs?: number;
}

export function createKubeClient(target: KubeTarget, opts: KubeClientOptions = {}): KubeClient {
  const transport = new KubeTransport(target, {
    userAgent: opts.userAgent ?? 'sextant',
    timeoutMs: opts.timeoutMs ?? 30_000,
  });
  const discovery = new ApiDiscovery(transport);

  /** "/apis/apps/v1/namespaces/shop/deployments[/web]" for the kind, or KubeError 'unsupported'. */
  async function pathFor(
    what: string,
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name?: string,
  ): Promise<string> {
    const info = await discovery.resourceFor(apiVersion, kind);
    if (!info)
      throw new KubeError(`${what}: no matches for kind "${kind}" in version "${apiVersion}" on ${target.server}`, {
        code: 'unsupported',
        reason: 'NoKindMatch',
      });
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${base}${ns}/${info.plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }

  async function isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    return (await discovery.resourceFor(apiVersion, kind))?.namespaced ?? false;
  }

  return {
    server: target.server,
    defaultNamespace: target.namespace,
    discover: () => discovery.discover(),
    resourceFor: (apiVersion, kind) => discovery.resourceFor(apiVersion, kind),

    async get(apiVersion, kind, namespace, name) {
      const what = `get ${describe(kind, namespace, name)}`;
      const path = await pathFor(what, apiVersion, kind, namespace, name);
      try {
        return asObject(await transport.json({ method: 'GET', path, what }));
      } catch (e) {
        if (e instanceof KubeError && e.code === 'not-found') return undefined;
        throw e;
      }
    },

    async list(apiVersion, kind, o = {}) {
      const what = `list ${kind}${o.namespace ? ` in ${o.namespace}` : ''}`;
      const path = await pathFor(what, apiVersion, kind, o.namespace);
      const items: KubeObject[] = [];
      let cont: string | undefined;
      let resourceVersion = '';
      do {
        const q = query({ labelSelector: o.labelSelector, limit: o.limit?.toString(), continue: cont });
        const page = asObject(await transport.json({ method: 'GET', path: `${path}${q}`, what }));
        const meta = isRec(page.metadata) ? page.metadata : {};
        // Every page carries the resourceVersion of the snapshot the first page was read from.
        resourceVersion = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : resourceVersion;
        cont = typeof meta.continue === 'string' && meta.continue ? meta.continue : undefined;
        // List items come without apiVersion/kind; fill them so each item is a complete object.
        for (const it of Array.isArray(page.items) ? page.items : [])
          if (isRec(it)) items.push({ apiVersion, kind, ...it });
      } while (cont);
      return { items, resourceVersion };
    },

    async apply(obj, a) {
      const { apiVersion, kind, namespace, name } = identify(obj);
      const ns = namespace ?? ((await isNamespaced(apiVersion, kind)) ? target.namespace : undefined);
      const what = `apply ${describe(kind, ns, name)}`;
      const path = await pathFor(what, apiVersion, kind, ns, name);
      const q = query({ fieldManager: a.fieldManager, force: String(a.force), dryRun: a.dryRun ? 'All' : undefined });
      // JSON is valid YAML: the server parses the exact body, unknown fields included.
      const body = JSON.stringify(obj);
      return asObject(
        await transport.json({
          method: 'PATCH',
          path: `${path}${q}`,
          what,
          body,
          contentType: 'application/apply-patch+yaml',
        }),
      );
    },

    async create(obj, c) {
      const meta = isRec(obj.metadata) ? obj.metadata : {};
      const { apiVersion, kind } = obj;
      const name = typeof meta.name === 'string' ? meta.name : '';
      const generateName = typeof meta.generateName === 'string' ? meta.generateName : '';
      if (typeof apiVersion !== 'string' || typeof kind !== 'string' || (!name && !generateName))
        throw new KubeError('create: the object needs apiVersion, kind and metadata.name or generateName', {
          code: 'invalid',
        });
      const given = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : undefined;
      const ns = given ?? ((await isNamespaced(apiVersion, kind)) ? target.namespace : undefined);
      const what = `create ${describe(kind, ns, name || `${generateName}*`)}`;
      const path = await pathFor(what, apiVersion, kind, ns);
      const q = query({ fieldManager: c.fieldManager, dryRun: c.dryRun ? 'All' : undefined });
      return asObject(
        await transport.json({
          method: 'POST',
          path: `${path}${q}`,
          what,
          body: JSON.stringify(obj),
          contentType: 'application/json',
        }),
      );
    },

    async update(obj, u) {
      const { apiVersion, kind, namespace, name } = identify(obj, 'update');
      const ns = namespace ?? ((await isNamespaced(apiVersion, kind)) ? target.namespace : undefined);
      const what = `update ${describe(kind, ns, name)}`;
      const path = await pathFor(what, apiVersion, kind, ns, name);
      const q = query({ fieldManager: u.fieldManager, dryRun: u.dryRun ? 'All' : undefined });
      return asObject(
        await transport.json({
          method: 'PUT',
          path: `${path}${q}`,
          what,
          body: JSON.stringify(obj),
          contentType: 'application/json',
        }),
      );
    },

    async mergePatch(apiVersion, kind, namespace, name, patch, fieldManager) {
      const what = `patch ${describe(kind, namespace, name)}`;
      const path = await pathFor(what, apiVersion, kind, namespace, name);
      return asObject(
        await transport.json({
          method: 'PATCH',
          path: `${path}${query({ fieldManager })}`,
          what,
          body: JSON.stringify(patch),
          contentType: 'application/merge-patch+json',
        }),
      );
    },

    async delete(apiVersion, kind, namespace, name, d = {}) {
      const what = `delete ${describe(kind, namespace, name)}`;
      const path = await pathFor(what, apiVersion, kind, namespace, name);
      const body = {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        ...(d.propagationPolicy ? { propagationPolicy: d.propagationPolicy } : {}),
        ...(d.preconditions ? { preconditions: d.preconditions } : {}),
        ...(d.dryRun ? { dryRun: ['All'] } : {}),
      };
      return asObject(
        await transport.json({
          method: 'DELETE',
          path,
          what,
          body: JSON.stringify(body),
          contentType: 'application/json',
        }),
      );
    },

    async watch(apiVersion, kind, w, onEvent) {
      const what = `watch ${kind}${w.namespace ? ` in ${w.namespace}` : ''}`;
      const path = await pathFor(what, apiVersion, kind, w.namespace);
      const q = query({
        watch: 'true',
        allowWatchBookmarks: 'true',
        resourceVersion: w.resourceVersion,
        labelSelector: w.labelSelector,
        timeoutSeconds: w.timeoutSeconds?.toString(),
      });
      let res: Response;
      try {
        res = await transport.send({ method: 'GET', path: `${path}${q}`, what, signal: w.signal, stream: true });
      } catch (e) {
        if (w.signal.aborted) return;
        throw e;
      }
      await readWatchStream(res, what, w.signal, onEvent);
    },
  };
}

function describe(kind: string, namespace: string | undefined, name: string): string {
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

function identify(
  obj: KubeObject,
  verb = 'apply',
): { apiVersion: string; kind: string; namespace?: string; name: string } {
  const meta = isRec(obj.metadata) ? obj.metadata : {};
  const { apiVersion, kind } = obj;
  const name = meta.name;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string' || !name)
    throw new KubeError(`${verb}: the object needs apiVersion, kind and metadata.name`, { code: 'invalid' });
  return {
    apiVersion,
    kind,
    name,
    ...(typeof meta.namespace === 'string' && meta.namespace ? { namespace: meta.namespace } : {}),
  };
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

function asObject(v: unknown): KubeObject {
  return isRec(v) ? v : {};
}
