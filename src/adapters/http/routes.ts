/**
 * The API's routes: which path and method reach which DaemonApi call, and how its answer becomes a
 * reply. Handlers return values; the server writes them, so every route answers JSON the same way.
 */
import type { IncomingMessage } from 'node:http';
import type { DaemonApi, IntentAnswer } from '../../engine/daemon/daemon-api.js';
import { METRICS_CONTENT_TYPE } from '../../engine/metrics/metrics.js';
import { HttpError, parseJsonObject, readBody, replyError, replyJson, type Reply } from './http-io.js';
import { answerHook } from './webhook-route.js';

export interface RouteContext {
  req: IncomingMessage;
  api: DaemonApi;
  /** Decoded path parameters (the app name). */
  params: string[];
  query: URLSearchParams;
  maxBodyBytes: number;
  webhookSecret?: string;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
}

/** 'stream' means the handler took over the response (server-sent events). */
export type Handler = (ctx: RouteContext) => Promise<Reply | 'stream'>;

export type Method = 'GET' | 'POST';

interface Route {
  pattern: RegExp;
  handlers: Partial<Record<Method, Handler>>;
}

const APP = '([^/]+)';

export const ROUTES: Route[] = [
  { pattern: /^\/healthz$/, handlers: { GET: checkHealth } },
  { pattern: /^\/readyz$/, handlers: { GET: checkReady } },
  { pattern: /^\/metrics$/, handlers: { GET: exposeMetrics } },
  { pattern: /^\/api\/v1\/apps$/, handlers: { GET: listApps } },
  { pattern: new RegExp(`^/api/v1/apps/${APP}$`), handlers: { GET: getApp } },
  { pattern: new RegExp(`^/api/v1/apps/${APP}/diff$`), handlers: { GET: diffApp } },
  { pattern: new RegExp(`^/api/v1/apps/${APP}/history$`), handlers: { GET: listHistory } },
  { pattern: new RegExp(`^/api/v1/apps/${APP}/sync$`), handlers: { POST: (c) => intend(c.api.sync(appOf(c))) } },
  { pattern: new RegExp(`^/api/v1/apps/${APP}/rollback$`), handlers: { POST: rollback } },
  { pattern: new RegExp(`^/api/v1/apps/${APP}/suspend$`), handlers: { POST: (c) => intend(c.api.suspend(appOf(c))) } },
  { pattern: new RegExp(`^/api/v1/apps/${APP}/resume$`), handlers: { POST: (c) => intend(c.api.resume(appOf(c))) } },
  { pattern: /^\/api\/v1\/hooks\/git$/, handlers: { POST: answerHook } },
  // The server answers this one itself (it owns the open streams); listed so 404/405 stay right.
  { pattern: /^\/api\/v1\/events$/, handlers: { GET: () => Promise.resolve('stream' as const) } },
];

export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: string[] }
  | { kind: 'wrong-method'; allow: string }
  | { kind: 'not-found' };

export function matchRoute(method: string, pathname: string): RouteMatch {
  for (const route of ROUTES) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    const handler = route.handlers[method as Method];
    if (!handler) return { kind: 'wrong-method', allow: Object.keys(route.handlers).join(', ') };
    return { kind: 'found', handler, params: m.slice(1).map(decodeSegment) };
  }
  return { kind: 'not-found' };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `malformed path segment ${JSON.stringify(segment)}`);
  }
}

function appOf(ctx: RouteContext): string {
  return ctx.params[0] ?? '';
}

function noApp(app: string): Reply {
  return replyError(404, `app ${JSON.stringify(app)} not found`);
}

function checkHealth(ctx: RouteContext): Promise<Reply> {
  return Promise.resolve(ctx.api.healthy() ? { status: 200, text: 'ok\n' } : replyError(503, 'not healthy'));
}

function checkReady(ctx: RouteContext): Promise<Reply> {
  const { ready, reason } = ctx.api.ready();
  return Promise.resolve(
    ready ? replyJson(200, { ready, reason }) : { status: 503, json: { error: reason || 'not ready', ready, reason } },
  );
}

function exposeMetrics(ctx: RouteContext): Promise<Reply> {
  return Promise.resolve({ status: 200, text: ctx.api.metrics(), contentType: METRICS_CONTENT_TYPE });
}

async function listApps(ctx: RouteContext): Promise<Reply> {
  return replyJson(200, { apps: await ctx.api.listApps() });
}

async function getApp(ctx: RouteContext): Promise<Reply> {
  const status = await ctx.api.getApp(appOf(ctx));
  return status ? replyJson(200, status) : noApp(appOf(ctx));
}

async function diffApp(ctx: RouteContext): Promise<Reply> {
  const diff = await ctx.api.diffApp(appOf(ctx));
  return diff ? replyJson(200, diff) : noApp(appOf(ctx));
}

async function listHistory(ctx: RouteContext): Promise<Reply> {
  const revisions = await ctx.api.history(appOf(ctx));
  return revisions ? replyJson(200, { app: appOf(ctx), revisions }) : noApp(appOf(ctx));
}

async function rollback(ctx: RouteContext): Promise<Reply> {
  const body = parseJsonObject(await readBody(ctx.req, ctx.maxBodyBytes));
  const fromQuery = ctx.query.get('revision');
  const raw = body.revision ?? (fromQuery === null ? undefined : fromQuery);
  return intend(ctx.api.rollback(appOf(ctx), parseRevision(raw)));
}

/** A positive integer from JSON (number or digits) or the query string; undefined when absent. */
function parseRevision(raw: unknown): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new HttpError(400, 'revision must be a positive integer');
  return n;
}

/** IntentAnswer.code is the HTTP status; refusals read as errors, acceptances as messages. */
async function intend(answer: Promise<IntentAnswer>): Promise<Reply> {
  const a = await answer;
  const extra = a.revision === undefined ? {} : { revision: a.revision };
  return a.code === 202
    ? replyJson(202, { message: a.message, ...extra })
    : replyJson(a.code, { error: a.message, ...extra });
}
