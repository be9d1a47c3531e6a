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

  /** Sends a whole object: to its own path (apply, update) or to its collection (create, which may use generateName). */
  async function writeObject(
    verb: 'apply' | 'create' | 'update',
    method: 'PATCH' | 'POST' | 'PUT',
    obj: KubeObject,
    contentType: string,
    params: Record<string, string | undefined>,
  ): Promise<KubeObject> {
    const { apiVersion, kind, namespace, name } = identify(obj, verb);
    const ns = namespace ?? ((await isNamespaced(apiVersion, kind)) ? target.namespace : undefined);
    const what = `${verb} ${describe(kind, ns, name)}`;
    const path = await pathFor(what, apiVersion, kind, ns, verb === 'create' ? undefined : name);
    const body = JSON.stringify(obj);
    return asObject(await transport.json({ method, path: `${path}${query(params)}`, what, body, contentType }));
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

    apply: (obj, a) =>
      // JSON is valid YAML: the server parses the exact body, unknown fields included.
      writeObject('apply', 'PATCH', obj, 'application/apply-patch+yaml', {
        fieldManager: a.fieldManager,
        force: String(a.force),
        dryRun: a.dryRun ? 'All' : undefined,
      }),

    create: (obj, c) =>
      writeObject('create', 'POST', obj, 'application/json', {
        fieldManager: c.fieldManager,
        dryRun: c.dryRun ? 'All' : undefined,
      }),

    update: (obj, u) =>
      writeObject('update', 'PUT', obj, 'application/json', {
        fieldManager: u.fieldManager,
        dryRun: u.dryRun ? 'All' : undefined,
      }),

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

/** apiVersion, kind, namespace and name of an object to write; a create may give generateName instead of a name. */
function identify(
  obj: KubeObject,
  verb: 'apply' | 'create' | 'update',
): { apiVersion: string; kind: string; namespace?: string; name: string } {
  const meta = isRec(obj.metadata) ? obj.metadata : {};
  const { apiVersion, kind } = obj;
  const generated = verb === 'create' && typeof meta.generateName === 'string' && meta.generateName;
  const name =
    typeof meta.name === 'string' && meta.name ? meta.name : generated ? `${meta.generateName as string}*` : '';
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !name)
    throw new KubeError(
      `${verb}: the object needs apiVersion, kind and metadata.name${verb === 'create' ? ' or generateName' : ''}`,
      { code: 'invalid' },
    );
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
