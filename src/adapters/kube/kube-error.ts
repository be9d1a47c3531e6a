/**
 * KubeError: one typed error for every way a Kubernetes API call fails, carrying the
 * metav1.Status message and causes, whether retrying can help, and the server's Retry-After.
 */
import { isObj as isRecord } from '../../core/snapshot.js';

export type KubeErrorCode =
  | 'not-found'
  | 'conflict'
  | 'already-exists'
  | 'invalid'
  | 'forbidden'
  | 'unauthorized'
  | 'gone'
  | 'throttled'
  | 'server'
  | 'unreachable'
  | 'timeout'
  | 'bad-request'
  | 'unsupported';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface KubeErrorInit {
  code: KubeErrorCode;
  status?: number;
  reason?: string;
  causes?: StatusCause[];
  retryAfterMs?: number;
  cause?: unknown;
}

export class KubeError extends Error {
  readonly code: KubeErrorCode;
  readonly status?: number;
  /** metav1.Status reason, e.g. "Conflict", "AlreadyExists", "Expired". */
  readonly reason?: string;
  readonly details: { causes: StatusCause[] };
  /**
   * True when the same call may succeed later: 429, 5xx, network failures, timeouts, and 409s
   * from a stale resourceVersion (re-read first). Field-manager conflicts are not retryable.
   */
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(message: string, init: KubeErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'KubeError';
    this.code = init.code;
    if (init.status !== undefined) this.status = init.status;
    if (init.reason !== undefined) this.reason = init.reason;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.details = { causes: init.causes ?? [] };
    this.retryable = isRetryable(init.code, this.details.causes);
  }

  /** Managers named by server-side apply conflicts ("conflict with \"kubectl\" using apps/v1"). */
  get conflictingManagers(): string[] {
    const names = this.details.causes
      .filter((c) => c.reason === 'FieldManagerConflict')
      .map((c) => /conflict with "([^"]+)"/.exec(c.message ?? '')?.[1])
      .filter((n): n is string => n !== undefined);
    return [...new Set(names)];
  }
}

function isRetryable(code: KubeErrorCode, causes: StatusCause[]): boolean {
  if (code === 'conflict') return !causes.some((c) => c.reason === 'FieldManagerConflict');
  return code === 'throttled' || code === 'server' || code === 'unreachable' || code === 'timeout';
}

export function isKubeError(e: unknown, code?: KubeErrorCode): e is KubeError {
  return e instanceof KubeError && (code === undefined || e.code === code);
}

/** Maps an HTTP status (and Status reason) to a code, as apimachinery's errors.Is* helpers do. */
export function codeForStatus(status: number, reason?: string): KubeErrorCode {
  if (reason === 'AlreadyExists') return 'already-exists';
  if (reason === 'Timeout' || status === 408 || status === 504) return 'timeout';
  switch (status) {
    case 400:
      return 'bad-request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
    case 406:
    case 415:
      return 'unsupported';
    case 409:
      return 'conflict';
    case 410:
      return 'gone';
    case 422:
      return 'invalid';
    case 429:
      return 'throttled';
    default:
      return status >= 500 ? 'server' : 'bad-request';
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function parseCauses(details: unknown): StatusCause[] {
  if (!isRecord(details) || !Array.isArray(details.causes)) return [];
  return details.causes.filter(isRecord).map((c) => {
    // metav1.StatusCause serialises its Type as "reason"; accept "type" from servers that differ.
    const reason = typeof c.reason === 'string' ? c.reason : typeof c.type === 'string' ? c.type : undefined;
    return {
      ...(reason !== undefined ? { reason } : {}),
      ...(typeof c.message === 'string' ? { message: c.message } : {}),
      ...(typeof c.field === 'string' ? { field: c.field } : {}),
    };
  });
}

/** Retry-After is seconds (or an HTTP date); Status.details.retryAfterSeconds is the fallback. */
function retryAfter(header: string | null, details: unknown, now: number): number | undefined {
  if (header) {
    const secs = Number(header);
    if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
    const at = Date.parse(header);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  if (isRecord(details) && typeof details.retryAfterSeconds === 'number') return details.retryAfterSeconds * 1000;
  return undefined;
}

/**
 * Builds the error for a non-2xx response. `what` names the call and object ("apply Deployment
 * shop/web"), so the message reads "apply Deployment shop/web: 409 Conflict: Apply failed ...".
 */
export function errorFromResponse(
  what: string,
  status: number,
  body: string,
  retryAfterHeader: string | null,
): KubeError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const st = isRecord(parsed) && parsed.kind === 'Status' ? parsed : undefined;
  const reason = typeof st?.reason === 'string' ? st.reason : undefined;
  const message = typeof st?.message === 'string' ? st.message : body.trim().slice(0, 500);
  const code = codeForStatus(status, reason);
  const statusText = STATUS_TEXT[status] ?? reason ?? 'Error';
  const ms = retryAfter(retryAfterHeader, st?.details, Date.now());
  return new KubeError(`${what}: ${status} ${statusText}${message ? `: ${message}` : ''}`, {
    code,
    status,
    ...(reason !== undefined ? { reason } : {}),
    causes: parseCauses(st?.details),
    ...(ms !== undefined ? { retryAfterMs: ms } : {}),
  });
}

/** An ERROR event inside a watch stream carries a Status object; 410 means "re-list". */
export function errorFromStatusObject(what: string, obj: unknown): KubeError {
  const st = isRecord(obj) ? obj : {};
  const status = typeof st.code === 'number' ? st.code : 500;
  return errorFromResponse(what, status, JSON.stringify({ ...st, kind: 'Status' }), null);
}

/** Network failures and our own timeouts: the request may not have reached the server. */
export function errorFromNetwork(what: string, endpoint: string, e: unknown, timedOut: boolean): KubeError {
  if (timedOut) return new KubeError(`${what}: timed out calling ${endpoint}`, { code: 'timeout', cause: e });
  const detail = describeNetworkError(e);
  return new KubeError(`${what}: cannot reach ${endpoint}: ${detail}`, { code: 'unreachable', cause: e });
}

function describeNetworkError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  // undici wraps the socket error: "fetch failed" with cause ECONNREFUSED.
  const cause: unknown = e.cause;
  if (cause instanceof Error) {
    const c = (cause as Error & { code?: unknown }).code;
    return typeof c === 'string' ? `${c} (${cause.message})` : cause.message;
  }
  return e.message;
}
