/**
 * The sandbox's HTTP front end: health, version, discovery and OpenAPI endpoints, then the
 * resource URLs. Every failure leaves as a metav1.Status; nothing a client sends can crash it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApiError } from '../errors.js';
import type { Obj } from '../model.js';
import type { SandboxApi } from '../api/sandbox-api.js';
import type { TypeRegistry } from '../registry/type-registry.js';
import { openApiV3Document, openApiV3Index } from '../schema/openapi.js';
import {
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  coreVersions,
  versionInfo,
  wantsAggregated,
} from './discovery.js';
import { ResourceHandler, type Reply } from './resources.js';
import { parseResourcePath } from './routes.js';
import type { WatchSettings } from './watch.js';

export interface RequestLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ServerOptions {
  watch: WatchSettings;
  logger?: RequestLogger;
  clock?: () => Date;
}

function statusOf(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(500, 'InternalError', `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: Obj,
  contentType = 'application/json',
  warnings: string[] = [],
): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | string[]> = {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-cache, private',
  };
  if (warnings.length > 0) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(status, headers);
  res.end(text);
}

export function createSandboxServer(api: SandboxApi, registry: TypeRegistry, opts: ServerOptions): Server {
  const resources = new ResourceHandler(api, opts.watch, opts.clock);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const accept = req.headers.accept;
    const get = req.method === 'GET';

    if (get && (path === '/healthz' || path === '/livez' || path === '/readyz')) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (get && path === '/version') return sendJson(res, 200, versionInfo());
    if (get && (path === '/api' || path === '/apis')) {
      const core = path === '/api';
      if (wantsAggregated(accept) === 'v2')
        return sendJson(res, 200, aggregatedDiscovery(registry, core), AGGREGATED_CONTENT_TYPE);
      return sendJson(res, 200, core ? coreVersions() : apiGroupList(registry));
    }
    if (get && path.startsWith('/openapi/v3')) {
      const rest = path.slice('/openapi/v3'.length).replace(/^\//, '');
      if (rest === '') return sendJson(res, 200, openApiV3Index(registry.all()));
      const m = /^(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(rest);
      const doc = m ? openApiV3Document(m[2] ?? '', m[1] ?? m[3] ?? '', registry.all()) : undefined;
      if (doc) return sendJson(res, 200, doc);
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    if (get && path === '/api/v1')
      return sendJson(res, 200, apiResourceList('', 'v1', registry.inGroupVersion('', 'v1')));
    const gv = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (get && gv?.[1]) {
      const group = gv[1];
      if (gv[2] === undefined) {
        const doc = apiGroup(registry, group);
        if (doc) return sendJson(res, 200, doc);
      } else {
        const types = registry.inGroupVersion(group, gv[2]);
        if (types.length > 0) return sendJson(res, 200, apiResourceList(group, gv[2], types));
      }
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }

    const r = parseResourcePath(path);
    const t = r ? registry.lookup(r.group, r.version, r.resource) : undefined;
    if (!r || !t) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    const reply: Reply | undefined = await resources.handle(req, res, r, t, url.searchParams);
    if (reply) sendJson(res, reply.status, reply.body, 'application/json', reply.warnings);
  }

  return createServer((req, res) => {
    const started = Date.now();
    route(req, res)
      .catch((e: unknown) => {
        const err = statusOf(e);
        if (err.code >= 500) opts.logger?.error({ err: e, method: req.method, url: req.url }, 'request failed');
        if (res.headersSent) {
          res.end();
          return;
        }
        // Drain what the client is still sending so the connection stays usable.
        req.resume();
        sendJson(res, err.code, err.toStatus());
      })
      .finally(() => {
        opts.logger?.debug(
          { method: req.method, url: req.url, status: res.statusCode, ms: Date.now() - started },
          'request',
        );
      });
  });
}
