/**
 * A real Git smart-HTTP server for the demo, tests and benchmarks: a Node http server on 127.0.0.1 that runs
 * the installed `git http-backend` (CGI) once per request, with optional HTTP basic auth and a log
 * of every request so callers can count requests and bytes. Pushes work (http.receivepack is on).
 * `sextant up` serves its demo repository with it; the tests and benchmarks use it as their Git host.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface GitServerOptions {
  /** Directory holding the bare repositories, served as /<name>.git. */
  root: string;
  /** When set, every request needs these basic-auth credentials (401 otherwise). */
  auth?: { username: string; password: string };
  /** Port to listen on; 0 (default) picks a free one, kept across stop()/start(). */
  port?: number;
  /** false: ignore the client's Git-Protocol header, so the server speaks only protocol v0/v1. */
  protocolV2?: boolean;
}

export interface GitRequestLogEntry {
  method: string;
  path: string; // e.g. /repo.git/info/refs
  query: string; // e.g. service=git-upload-pack
  status: number;
  /** Body bytes received and sent. */
  requestBytes: number;
  responseBytes: number;
  /** Bytes on the wire for this request (headers included), from the socket counters. */
  wireIn: number;
  wireOut: number;
  gitProtocol?: string;
}

export interface GitServer {
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  readonly port: number;
  /** URL of a repository under root: url('repo') -> http://127.0.0.1:<port>/repo.git */
  url(name: string): string;
  readonly log: GitRequestLogEntry[];
  clearLog(): void;
  /** Listen again on the same port after stop(). */
  start(): Promise<void>;
  /** Close the listener and every open connection: clients get "connection refused" afterwards. */
  stop(): Promise<void>;
}

export async function startGitServer(opts: GitServerOptions): Promise<GitServer> {
  const log: GitRequestLogEntry[] = [];
  const wireSeen = new WeakMap<Socket, { in: number; out: number }>();
  let server: Server | undefined;
  let port = opts.port ?? 0;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void handleRequest(req, res, opts, log, wireSeen).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  };

  async function listen(): Promise<void> {
    const s = createServer({ keepAliveTimeout: 5_000 }, handler);
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    const addr = s.address();
    if (addr && typeof addr === 'object') port = addr.port;
    server = s;
  }

  await listen();
  const api: GitServer = {
    get baseUrl() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    url: (name) => `http://127.0.0.1:${port}/${name}.git`,
    log,
    clearLog: () => void log.splice(0),
    start: async () => {
      if (!server) await listen();
    },
    stop: async () => {
      const s = server;
      if (!s) return;
      server = undefined;
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      s.closeAllConnections();
      await closed;
    },
  };
  return api;
}

function checkAuth(req: IncomingMessage, auth: GitServerOptions['auth']): string | undefined | false {
  if (!auth) return undefined;
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = decoded.slice(0, colon);
  const pass = decoded.slice(colon + 1);
  return colon >= 0 && user === auth.username && pass === auth.password ? user : false;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  opts: GitServerOptions,
  log: GitRequestLogEntry[],
  wireSeen: WeakMap<Socket, { in: number; out: number }>,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body = await readBody(req);
  const entry: GitRequestLogEntry = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    status: 0,
    requestBytes: body.length,
    responseBytes: 0,
    wireIn: 0,
    wireOut: 0,
    ...(typeof req.headers['git-protocol'] === 'string' ? { gitProtocol: req.headers['git-protocol'] } : {}),
  };
  log.push(entry);
  const socket = req.socket;
  res.on('finish', () => {
    // Socket counters are cumulative over a keep-alive connection: take the difference.
    const before = wireSeen.get(socket) ?? { in: 0, out: 0 };
    const now = { in: socket.bytesRead, out: socket.bytesWritten };
    entry.wireIn = now.in - before.in;
    entry.wireOut = now.out - before.out;
    wireSeen.set(socket, now);
  });

  const user = checkAuth(req, opts.auth);
  if (user === false) {
    entry.status = 401;
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain' });
    res.end('authentication required\n');
    return;
  }

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: opts.root,
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.receivepack',
    GIT_CONFIG_VALUE_0: 'true',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: entry.query,
    REQUEST_METHOD: entry.method,
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    CONTENT_LENGTH: String(body.length),
    REMOTE_ADDR: '127.0.0.1',
    ...(entry.gitProtocol && opts.protocolV2 !== false ? { GIT_PROTOCOL: entry.gitProtocol } : {}),
    ...(typeof req.headers['content-encoding'] === 'string'
      ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] }
      : {}),
    ...(typeof user === 'string' ? { REMOTE_USER: user } : {}),
  };
  await runBackend(env, body, res, entry);
}

/** Runs one CGI request: feeds the body, parses the CGI header block, streams the rest. */
function runBackend(
  env: NodeJS.ProcessEnv,
  body: Buffer,
  res: ServerResponse,
  entry: GitRequestLogEntry,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let head = Buffer.alloc(0);
    let headersDone = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.on('error', () => undefined); // the backend may exit before reading everything
    child.stdin.end(body);
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        entry.responseBytes += chunk.length;
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const crlf = head.indexOf('\r\n\r\n');
      const lf = head.indexOf('\n\n');
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : -1;
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = parseInt(value, 10) || 500;
        else headers[name] = value;
      }
      entry.status = status;
      res.writeHead(status, headers);
      const rest = head.subarray(end);
      entry.responseBytes += rest.length;
      if (rest.length > 0) res.write(rest);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (!headersDone) {
        entry.status = 500;
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`git http-backend exited with ${code}: ${stderr}`);
      } else {
        res.end();
      }
      resolve();
    });
  });
}
