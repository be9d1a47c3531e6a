/**
 * The HTTP client handed to isomorphic-git, built on Node's fetch: unlike the bundled simple-get
 * client it reuses keep-alive connections (a poll every few seconds should not open a new TCP/TLS
 * connection each time), honours a timeout and an AbortSignal, and counts bytes. The timeout runs
 * until the server starts answering; a large pack then streams for as long as data keeps coming
 * (undici's own inactivity timeout still ends a stalled body).
 */
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';

export interface HttpCounters {
  requests: number;
  bytesSent: number;
  bytesReceived: number;
}

export interface GitHttpClient extends HttpClient {
  counters: HttpCounters;
}

const USER_AGENT = 'git/isomorphic-git (sextant)';

async function collectBody(body: GitHttpRequest['body']): Promise<Buffer | undefined> {
  if (!body) return undefined;
  const chunks: Uint8Array[] = [];
  // isomorphic-git passes arrays of buffers as well as async iterators.
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* countChunks(
  stream: ReadableStream<Uint8Array> | null,
  counters: HttpCounters,
): AsyncGenerator<Uint8Array> {
  if (!stream) return;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    counters.bytesReceived += chunk.byteLength;
    yield chunk;
  }
}

/**
 * A keep-alive connection the server closed while it sat idle in the pool fails the next request
 * with "other side closed" or ECONNRESET before anything was sent back; such a request is safe
 * to send again once (every Git request here is a read) on a fresh connection.
 */
function isStaleConnection(err: unknown): boolean {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  return cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'ECONNRESET';
}

export function createHttpClient(opts: { timeoutMs: number; signal?: AbortSignal }): GitHttpClient {
  const counters: HttpCounters = { requests: 0, bytesSent: 0, bytesReceived: 0 };
  return {
    counters,
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      const body = await collectBody(req.body);
      const timeout = new AbortController();
      const timer = setTimeout(
        () => timeout.abort(new DOMException(`no answer within ${opts.timeoutMs} ms`, 'TimeoutError')),
        opts.timeoutMs,
      );
      const signal = opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal;
      counters.requests++;
      counters.bytesSent += body?.length ?? 0;
      const method = req.method ?? 'GET';
      const init: RequestInit = {
        method,
        headers: { 'User-Agent': USER_AGENT, ...req.headers },
        ...(body ? { body } : {}),
        signal,
        redirect: 'follow',
      };
      let res: Response;
      try {
        res = await fetch(req.url, init);
      } catch (err) {
        if (!isStaleConnection(err) || signal.aborted) throw err;
        res = await fetch(req.url, init);
      } finally {
        clearTimeout(timer);
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => (headers[key] = value));
      return {
        url: res.url,
        method,
        statusCode: res.status,
        statusMessage: res.statusText,
        headers,
        body: countChunks(res.body, counters),
      };
    },
  };
}
