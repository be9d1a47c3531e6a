/**
 * One HTTP round trip to the API server with raw bodies: auth headers from the kubeconfig,
 * TLS through an undici Agent for https servers, a deadline, and every failure turned into a
 * KubeError naming the call.
 */
import type { KubeAuth, KubeTarget } from './kube-config.js';
import { KubeError, errorFromNetwork, errorFromResponse } from './kube-error.js';

export interface TransportOptions {
  userAgent?: string;
  /** Deadline for a whole request (for watches: until the response headers arrive). */
  timeoutMs?: number;
}

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, starting with "/". */
  path: string;
  /** Names the call for messages: "apply Deployment shop/web". */
  what: string;
  body?: string;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  /** Return the response as soon as headers arrive; the caller reads the body. */
  stream?: boolean;
}

type FetchLike = (url: string, init: Record<string, unknown>) => Promise<Response>;

/** Tokens from exec plugins and projected service-account files change; re-read them this often. */
const AUTH_TTL_MS = 60_000;

export class KubeTransport {
  private auth?: { value: KubeAuth; at: number };
  private fetchFn?: Promise<FetchLike>;

  constructor(
    private readonly target: KubeTarget,
    private readonly opts: TransportOptions = {},
  ) {}

  get server(): string {
    return this.target.server;
  }

  /** Sends the request; a non-2xx answer throws a KubeError, a 2xx returns the Response. */
  async send(req: KubeRequest): Promise<Response> {
    const res = await this.sendOnce(req, false);
    if (res.status !== 401) return res;
    // A 401 may just be an expired token: fetch fresh credentials once before giving up.
    await res.body?.cancel();
    return this.sendOnce(req, true);
  }

  async json(req: KubeRequest): Promise<unknown> {
    const res = await this.send(req);
    const text = await res.text();
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  private async sendOnce(req: KubeRequest, refreshAuth: boolean): Promise<Response> {
    const auth = await this.resolveAuth(refreshAuth);
    const fetchFn = await (this.fetchFn ??= this.makeFetch(auth));
    const url = `${this.target.server}${req.path}`;
    const endpoint = `${req.method} ${url}`;
    const ctl = new AbortController();
    let timedOut = false;
    const timer =
      this.opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            ctl.abort(new Error('timeout'));
          }, this.opts.timeoutMs);
    const onAbort = (): void => ctl.abort(req.signal?.reason);
    if (req.signal?.aborted) onAbort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const headers: Record<string, string> = {
        ...auth.headers,
        Accept: req.accept ?? 'application/json',
        'User-Agent': this.opts.userAgent ?? 'sextant',
      };
      if (req.contentType) headers['Content-Type'] = req.contentType;
      const res = await fetchFn(url, {
        method: req.method,
        headers,
        signal: ctl.signal,
        ...(req.body !== undefined ? { body: req.body } : {}),
      });
      if (res.status === 401 && !refreshAuth) return res;
      if (res.status >= 300) {
        const text = await res.text();
        throw errorFromResponse(req.what, res.status, text, res.headers.get('retry-after'));
      }
      if (req.stream) return res;
      // Buffer now so the deadline covers the body, then hand back a complete Response.
      const buf = await res.arrayBuffer();
      return new Response(buf, { status: res.status, headers: res.headers });
    } catch (e) {
      if (e instanceof KubeError) throw e;
      if (req.signal?.aborted && !timedOut) throw e;
      throw errorFromNetwork(req.what, endpoint, e, timedOut);
    } finally {
      if (timer) clearTimeout(timer);
      if (!req.stream) req.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async resolveAuth(refresh: boolean): Promise<KubeAuth> {
    const now = Date.now();
    if (!refresh && this.auth && now - this.auth.at < AUTH_TTL_MS) return this.auth.value;
    const value = await this.target.resolveAuth();
    this.auth = { value, at: now };
    return value;
  }

  /** http:// needs nothing beyond Node's fetch; https gets an undici Agent carrying the TLS options. */
  private async makeFetch(auth: KubeAuth): Promise<FetchLike> {
    if (!this.target.server.startsWith('https:')) return (url, init) => fetch(url, init);
    const undici = await import('undici');
    const { ca, cert, key, rejectUnauthorized, servername } = auth.tls;
    const dispatcher = new undici.Agent({
      connect: {
        ...(ca !== undefined ? { ca } : {}),
        ...(cert !== undefined ? { cert } : {}),
        ...(key !== undefined ? { key } : {}),
        ...(rejectUnauthorized !== undefined ? { rejectUnauthorized } : {}),
        ...(servername !== undefined ? { servername } : {}),
      },
    });
    return async (url, init) => await undici.fetch(url, { ...init, dispatcher });
  }
}
