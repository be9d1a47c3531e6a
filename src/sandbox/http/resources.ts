/**
 * The REST verbs on resource URLs: get, list, watch, create, update, patch, delete and
 * deletecollection, including the status, scale and finalize subresources and dryRun=All.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, notFound } from '../errors.js';
import { isObj, metaOf, nameOf, namespaceOf, type Obj, type ResourceType } from '../model.js';
import type { SandboxApi, RequestOptions } from '../api/sandbox-api.js';
import { parseFieldValidation } from '../api/schema-check.js';
import { applyPatchBody, PATCH_CONTENT_TYPES } from '../api/patch-body.js';
import { fromScale, toScale } from '../api/scale.js';
import { matchesSelectors, parseFieldSelector, parseLabelSelector } from '../api/selectors.js';
import type { DeleteOptions } from '../api/types.js';
import { toTable } from '../table/table.js';
import { BODY_MEDIA_TYPES, decodeBody, mediaType, readBody } from './body.js';
import { listResource } from './list.js';
import { includeObjectOf, representation } from './negotiate.js';
import type { ResourceRoute } from './routes.js';
import { serveWatch, type WatchSettings } from './watch.js';

export interface Reply {
  status: number;
  body: Obj;
  warnings?: string[];
}

const SUBRESOURCES = new Set(['status', 'scale', 'finalize', 'binding']);

/** The field manager kube derives from the User-Agent when the request names none. */
function managerOf(q: URLSearchParams, req: IncomingMessage): string {
  const m = q.get('fieldManager');
  if (m) {
    if (m.length > 128) throw badRequest('fieldManager: Too long: may not be longer than 128');
    return m;
  }
  const ua = req.headers['user-agent'] ?? 'unknown';
  return ua.split('/')[0]?.slice(0, 128) || 'unknown';
}

function writeOptions(q: URLSearchParams, req: IncomingMessage, subresource: string): RequestOptions {
  const dryRun = q.getAll('dryRun');
  if (dryRun.some((d) => d !== 'All')) throw badRequest(`Invalid dryRun parameter: ${dryRun.join(',')}`);
  return {
    manager: managerOf(q, req),
    dryRun: dryRun.includes('All'),
    fieldValidation: parseFieldValidation(q.get('fieldValidation')),
    ...(subresource ? { subresource } : {}),
  };
}

async function readObject(req: IncomingMessage): Promise<{ body: unknown; media: string }> {
  const media = mediaType(req.headers['content-type']);
  if (!BODY_MEDIA_TYPES.has(media))
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
    );
  const buf = await readBody(req);
  return { body: decodeBody(buf, media), media };
}

function deleteOptions(q: URLSearchParams, body: unknown): DeleteOptions {
  const b = isObj(body) ? body : {};
  const policy = (b.propagationPolicy ?? q.get('propagationPolicy') ?? undefined) as string | undefined;
  if (b.orphanDependents === true && !policy) return { propagationPolicy: 'Orphan' };
  if (policy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(policy))
    throw badRequest(
      `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  const dry = Array.isArray(b.dryRun) ? b.dryRun.includes('All') : q.getAll('dryRun').includes('All');
  const pre = isObj(b.preconditions) ? b.preconditions : {};
  return {
    ...(policy ? { propagationPolicy: policy as DeleteOptions['propagationPolicy'] } : {}),
    dryRun: dry,
    preconditions: {
      ...(typeof pre.uid === 'string' ? { uid: pre.uid } : {}),
      ...(typeof pre.resourceVersion === 'string' ? { resourceVersion: pre.resourceVersion } : {}),
    },
  };
}

export class ResourceHandler {
  constructor(
    private readonly api: SandboxApi,
    private readonly watchSettings: WatchSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Handles one request; returns undefined when it streamed the response itself (watch). */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    route: ResourceRoute,
    t: ResourceType,
    q: URLSearchParams,
  ): Promise<Reply | undefined> {
    const method = req.method ?? 'GET';
    if (route.subresource && !SUBRESOURCES.has(route.subresource))
      throw notFound(t, `${route.name}/${route.subresource}`);
    if (route.subresource === 'status' && !t.subresources.status) throw notFound(t, route.name);
    if (route.subresource === 'scale' && !t.subresources.scale) throw notFound(t, route.name);
    if (route.subresource === 'finalize' && t.kind !== 'Namespace') throw notFound(t, route.name);
    if (route.subresource === 'binding' && (t.kind !== 'Pod' || t.group !== '')) throw notFound(t, route.name);
    if (t.namespaced && route.name && !route.namespace) throw notFound(t, route.name);
    const ns = t.namespaced ? route.namespace : '';
    const rep = representation(req.headers.accept);
    if (!route.name) return this.collection(req, res, method, t, ns, q, rep);

    if (route.subresource === 'binding') {
      if (method !== 'POST')
        throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      return this.bind(req, t, ns, route.name, q);
    }
    switch (method) {
      case 'GET': {
        const obj = this.api.get(t, ns, route.name);
        if (!obj) throw notFound(t, route.name);
        if (route.subresource === 'scale') return { status: 200, body: toScale(t, obj) };
        if (rep === 'table')
          return { status: 200, body: toTable(t, [obj], { now: this.clock(), includeObject: includeObjectOf(q) }) };
        if (rep === 'metadata')
          return {
            status: 200,
            body: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: metaOf(obj) },
          };
        return { status: 200, body: obj };
      }
      case 'PUT': {
        const { body } = await readObject(req);
        if (!isObj(body)) throw badRequest('the request body must be an object');
        const opts = writeOptions(q, req, route.subresource);
        if (route.subresource === 'scale') return this.writeScale(t, ns, route.name, body, opts);
        const name = metaOf(body).name;
        if (name !== undefined && name !== route.name)
          throw badRequest(
            `the name of the object (${JSON.stringify(name)}) does not match the name on the URL (${route.name})`,
          );
        metaOf(body).name = route.name;
        const r = this.api.updateObject(t, body, opts, ns);
        return { status: 200, body: r.object, warnings: r.warnings };
      }
      case 'PATCH': {
        const media = mediaType(req.headers['content-type']);
        const type = PATCH_CONTENT_TYPES[media];
        if (!type)
          throw new ApiError(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
          );
        const body = decodeBody(await readBody(req), media);
        const opts = writeOptions(q, req, route.subresource);
        const force = q.get('force') === 'true';
        if (q.get('force') !== null && type !== 'apply')
          throw badRequest('force flag is only supported for apply patches');
        if (route.subresource === 'scale') {
          const parent = this.api.get(t, ns, route.name);
          if (!parent) throw notFound(t, route.name);
          const scale =
            type === 'apply'
              ? body
              : applyPatchBody(
                  { ...t, builtin: true },
                  toScale(t, parent),
                  type === 'strategic' ? 'merge' : type,
                  body,
                );
          if (!isObj(scale)) throw badRequest('the patched Scale is not an object');
          return this.writeScale(t, ns, route.name, scale, opts);
        }
        const r = this.api.patch(t, ns, route.name, type, body, { ...opts, force });
        return { status: r.created ? 201 : 200, body: r.object, warnings: r.warnings };
      }
      case 'DELETE': {
        const buf = await readBody(req);
        const body = buf.length > 0 ? decodeBody(buf, 'application/json') : undefined;
        const r = this.api.deleteObject(t, ns, route.name, deleteOptions(q, body));
        return { status: r.gone ? 200 : 202, body: r.object };
      }
      default:
        throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    }
  }

  /** POST pods/NAME/binding: assigns the pod to the Binding's target node. */
  private async bind(
    req: IncomingMessage,
    t: ResourceType,
    ns: string,
    name: string,
    q: URLSearchParams,
  ): Promise<Reply> {
    const { body } = await readObject(req);
    const target = isObj(body) && isObj(body.target) ? body.target.name : undefined;
    if (typeof target !== 'string' || !target) throw badRequest('Binding target.name is required');
    const pod = this.api.get(t, ns, name);
    if (!pod) throw notFound(t, name);
    pod.spec = { ...(isObj(pod.spec) ? pod.spec : {}), nodeName: target };
    this.api.updateObject(t, pod, writeOptions(q, req, 'binding'), ns);
    return { status: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
  }

  private writeScale(t: ResourceType, ns: string, name: string, scale: Obj, opts: RequestOptions): Reply {
    const parent = this.api.get(t, ns, name);
    if (!parent) throw notFound(t, name);
    const next = fromScale(t, parent, scale);
    const r = this.api.updateObject(t, next, { ...opts, subresource: 'scale', fieldValidation: 'Ignore' }, ns);
    return { status: 200, body: toScale(t, r.object), warnings: r.warnings };
  }

  private async collection(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    t: ResourceType,
    ns: string,
    q: URLSearchParams,
    rep: ReturnType<typeof representation>,
  ): Promise<Reply | undefined> {
    switch (method) {
      case 'GET': {
        const watch = q.get('watch');
        if (watch === 'true' || watch === '1') {
          serveWatch(this.api, t, ns, q, rep, req, res, this.watchSettings);
          return undefined;
        }
        return { status: 200, body: listResource(this.api, t, ns, q, rep, this.clock()) };
      }
      case 'POST': {
        if (t.namespaced && !ns)
          throw new ApiError(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          );
        const { body } = await readObject(req);
        if (!isObj(body)) throw badRequest('the request body must be an object');
        const r = this.api.createObject(t, body, writeOptions(q, req, ''), ns);
        return { status: 201, body: r.object, warnings: r.warnings };
      }
      case 'DELETE': {
        const buf = await readBody(req);
        const opts = deleteOptions(q, buf.length > 0 ? decodeBody(buf, 'application/json') : undefined);
        const labels = parseLabelSelector(q.get('labelSelector') ?? undefined);
        const fields = parseFieldSelector(q.get('fieldSelector') ?? undefined, t.kind);
        const items: Obj[] = [];
        for (const o of this.api.list(t, ns || undefined)) {
          if (!matchesSelectors(o, labels, fields)) continue;
          items.push(this.api.deleteObject(t, ns || namespaceOf(o), nameOf(o), opts).object);
        }
        return {
          status: 200,
          body: {
            kind: t.listKind,
            apiVersion: t.group ? `${t.group}/${t.version}` : t.version,
            metadata: { resourceVersion: String(this.api.resourceVersion) },
            items,
          },
        };
      }
      default:
        throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    }
  }
}
