/**
 * Turning whatever a Git operation threw (isomorphic-git errors, fetch/network errors, HTTP
 * statuses, our own) into a GitSourceError with a stable code, a retryable flag, and a message
 * that names the repository (redacted URL) and the ref but never a credential.
 */
import { GitSourceError, type GitErrorCode } from '../../ports/git-source.js';

/** A non-2xx answer from the server to a request we made ourselves (not through isomorphic-git). */
export class HttpStatusError extends Error {
  constructor(
    readonly statusCode: number,
    statusMessage: string,
  ) {
    super(`HTTP ${statusCode} ${statusMessage}`.trim());
  }
}

export interface ErrorContext {
  repo: string; // redacted URL or local path
  ref: string; // e.g. 'branch main'
  hasCredentials: boolean;
  scrub: (text: string) => string;
}

function field(err: unknown, key: string): unknown {
  return typeof err === 'object' && err !== null && key in err ? (err as Record<string, unknown>)[key] : undefined;
}

function httpStatus(err: unknown): number | undefined {
  if (err instanceof HttpStatusError) return err.statusCode;
  if (field(err, 'code') === 'HttpError') {
    const status = field(field(err, 'data'), 'statusCode');
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/** The innermost useful message: fetch wraps socket errors as TypeError('fetch failed', {cause}). */
function rootMessage(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 5; i++) {
    const cause = field(e, 'cause');
    if (cause instanceof Error) e = cause;
    else break;
  }
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : 'unknown error';
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function isNetworkError(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 5 && e !== undefined; i++) {
    const code = field(e, 'code');
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (e instanceof TypeError && e.message === 'fetch failed') return true;
    e = field(e, 'cause');
  }
  return false;
}

function isAbort(err: unknown): 'timeout' | 'aborted' | undefined {
  const name = field(err, 'name');
  if (name === 'TimeoutError') return 'timeout';
  if (name === 'AbortError') return 'aborted';
  return undefined;
}

export function toGitSourceError(err: unknown, ctx: ErrorContext, timeoutMs: number): GitSourceError {
  if (err instanceof GitSourceError) return new GitSourceError(err.code, ctx.scrub(err.message), err.retryable);
  const make = (code: GitErrorCode, message: string, retryable: boolean): GitSourceError =>
    new GitSourceError(code, ctx.scrub(message), retryable);
  const where = `${ctx.repo} (${ctx.ref})`;

  const abort = isAbort(err);
  if (abort === 'timeout') return make('unreachable', `cannot reach ${where}: timed out after ${timeoutMs} ms`, true);
  if (abort === 'aborted') return make('unreachable', `reading ${where} was cancelled`, true);

  const status = httpStatus(err);
  if (status === 401 || status === 403) {
    const why = ctx.hasCredentials ? 'the credentials were refused' : 'it needs credentials and none were given';
    return make('auth', `cannot read ${where}: ${why} (HTTP ${status})`, false);
  }
  if (status === 404) {
    const hint = ctx.hasCredentials ? '' : ' (a private repository looks like this without credentials)';
    return make('not-found', `repository ${ctx.repo} not found (HTTP 404)${hint}`, false);
  }
  if (status !== undefined && (status >= 500 || status === 408 || status === 429)) {
    return make('unreachable', `cannot reach ${where}: server answered HTTP ${status}`, true);
  }
  if (status !== undefined) return make('invalid', `cannot read ${where}: server answered HTTP ${status}`, false);

  if (isNetworkError(err)) return make('unreachable', `cannot reach ${where}: ${rootMessage(err)}`, true);

  const code = field(err, 'code');
  if (code === 'NotFoundError') return make('not-found', `${where}: ${rootMessage(err)}`, false);
  if (code === 'SmartHttpError' || code === 'UnknownTransportError' || code === 'UrlParseError') {
    return make('invalid', `${ctx.repo} is not a Git smart-HTTP repository: ${rootMessage(err)}`, false);
  }
  return make('invalid', `cannot read ${where}: ${rootMessage(err)}`, false);
}
