/**
 * The daemon's HTTP API on node:http, with no framework: probes, metrics, the app endpoints, the
 * Git webhook and the event stream of DESIGN.md. It knows the daemon only through DaemonApi, so it
 * is tested against a fake. Errors are JSON {"error": "..."}; bodies and headers are never logged.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DaemonApi } from '../../engine/daemon/daemon-api.js';
import { streamEvents, type OpenStream } from './event-stream.js';
import { HttpError, oneLine, replyError, sendReply, type Reply } from './http-io.js';
import { matchRoute, type RouteContext } from './routes.js';

export interface ApiServerOptions {
  /** host:port; port 0 picks a free one; an empty host (":8080") listens on every interface. */
  listen: string;
  api: DaemonApi;
  /** Without it the webhook endpoint answers 403 'webhook secret not configured'. */
  webhookSecret?: string;
  logger?: { info(o: object, m: string): void; warn(o: object, m: string): void };
  /** Default 1 MiB; larger bodies get 413. */
  maxBodyBytes?: number;
  /** Period of the keep-alive comment on /api/v1/events; default 15 s (tests shorten it). */
  keepAliveMs?: number;
}

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;
const DEFAULT_KEEP_ALIVE_MS = 15_000;
const QUIET = { info: () => undefined, warn: () => undefined };

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { host, port } = parseListen(opts.listen);
  const log = opts.logger ?? QUIET;
  const streams = new Set<OpenStream>();
  const server = createServer((req, res) => {
    handleRequest(req, res, opts, streams).catch((err: unknown) => {
      log.warn({ err: errorText(err) }, 'http handler failed');
      if (!res.headersSent) sendReply(res, replyError(500, `internal error: ${errorText(err)}`));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host === '' ? undefined : host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = urlOf(host, (server.address() as AddressInfo).port);
  log.info({ url }, 'http api listening');
  return { url, close: () => closeServer(server, streams) };
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  opts: ApiServerOptions,
  streams: Set<OpenStream>,
): Promise<void> {
  const log = opts.logger ?? QUIET;
  const target = new URL(req.url ?? '/', 'http://localhost');
  let reply: Reply | 'stream';
  try {
    const match = matchRoute(req.method ?? 'GET', target.pathname);
    if (match.kind === 'not-found') {
      reply = replyError(404, `no route for ${target.pathname}`);
    } else if (match.kind === 'wrong-method') {
      reply = replyError(405, `method ${req.method ?? ''} not allowed on ${target.pathname}`, { Allow: match.allow });
    } else {
      const ctx: RouteContext = {
        req,
        api: opts.api,
        params: match.params,
        query: target.searchParams,
        maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY,
        log,
        ...(opts.webhookSecret ? { webhookSecret: opts.webhookSecret } : {}),
      };
      reply = await match.handler(ctx);
    }
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    reply = replyError(err.status, err.message, err.headers);
  }
  if (reply === 'stream') {
    const stream = streamEvents(req, res, opts.api, opts.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS, () =>
      streams.delete(stream),
    );
    streams.add(stream);
    return;
  }
  if (req.method === 'POST') {
    log.info({ method: req.method, path: target.pathname, status: reply.status }, 'http request');
  }
  sendReply(res, reply);
}

/** Ends open event streams first: server.close() would otherwise wait for them forever. */
async function closeServer(server: Server, streams: Set<OpenStream>): Promise<void> {
  for (const stream of [...streams]) stream.end();
  await new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
  });
}

/** "host:port", "[::1]:port" or ":port"; the port must be 0..65535. */
export function parseListen(listen: string): { host: string; port: number } {
  const colon = listen.lastIndexOf(':');
  if (colon < 0) throw new Error(`--listen ${JSON.stringify(listen)}: expected host:port, e.g. 127.0.0.1:8080`);
  const host = listen.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const portText = listen.slice(colon + 1);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new Error(`--listen ${JSON.stringify(listen)}: port must be a number from 0 to 65535`);
  }
  return { host, port };
}

function urlOf(host: string, port: number): string {
  const shown = host === '' || host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

function errorText(err: unknown): string {
  return oneLine(err instanceof Error ? err.message : String(err));
}
