import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../../src/adapters/http/api-server.js';
import type { DaemonApi, DaemonEvent, IntentAnswer, PushNotice } from '../../../src/engine/daemon/daemon-api.js';
import type { AppStatus } from '../../../src/engine/sync/sync-types.js';

const SECRET = 'hook-secret-123';

const webStatus: AppStatus = {
  app: 'web',
  syncStatus: 'Synced',
  health: 'Healthy',
  revision: 'abc123',
  historyRevision: 3,
  message: 'synced',
  syncedAt: '2024-01-01T00:00:00Z',
  objects: [],
};

/** A DaemonApi that records what it was asked and answers from fixed data. */
class FakeDaemon implements DaemonApi {
  calls: string[] = [];
  pushes: PushNotice[] = [];
  listeners = new Set<(e: DaemonEvent) => void>();
  isReady = { ready: true, reason: 'leader; git read at abc123' };
  healthy = () => true;
  ready = () => this.isReady;
  metrics = () => '# HELP sextant_up Up.\n# TYPE sextant_up gauge\nsextant_up 1\n';
  listApps = () => Promise.resolve([webStatus]);
  getApp = (app: string) => Promise.resolve(app === 'web' ? webStatus : undefined);
  diffApp = (app: string) =>
    Promise.resolve(app === 'web' ? { app, status: 'Synced' as const, objects: [] } : undefined);
  history = (app: string) => {
    if (app === 'boom') return Promise.reject(new Error('cluster unreachable\nstack line'));
    return Promise.resolve(app === 'web' ? [] : undefined);
  };
  sync = (app: string) => this.answer(`sync ${app}`, app);
  rollback = (app: string, revision?: number) => {
    if (revision === 99) return this.answer(`rollback ${app} 99`, app, 409, 'revision 99 failed; pick another');
    return this.answer(`rollback ${app} ${revision ?? '-'}`, app, 202, 'rolling back', revision ?? 2);
  };
  suspend = (app: string) => this.answer(`suspend ${app}`, app);
  resume = (app: string) => this.answer(`resume ${app}`, app);
  notifyPush = (n: PushNotice) => {
    this.pushes.push(n);
    return n.ref === 'refs/heads/main';
  };
  subscribe = (l: (e: DaemonEvent) => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  emit(e: DaemonEvent): void {
    for (const l of this.listeners) l(e);
  }
  private answer(call: string, app: string, code: IntentAnswer['code'] = 202, message = 'accepted', revision?: number) {
    this.calls.push(call);
    if (app !== 'web') return Promise.resolve<IntentAnswer>({ code: 404, message: `app "${app}" not found` });
    return Promise.resolve<IntentAnswer>({ code, message, ...(revision === undefined ? {} : { revision }) });
  }
}

const daemon = new FakeDaemon();
const logged: string[] = [];
const logger = {
  info: (o: object, m: string) => logged.push(`${m} ${JSON.stringify(o)}`),
  warn: (o: object, m: string) => logged.push(`${m} ${JSON.stringify(o)}`),
};
let server: ApiServer;
let noSecret: ApiServer;

beforeAll(async () => {
  server = await startApiServer({
    listen: '127.0.0.1:0',
    api: daemon,
    webhookSecret: SECRET,
    logger,
    maxBodyBytes: 4096,
    keepAliveMs: 50,
  });
  noSecret = await startApiServer({ listen: '127.0.0.1:0', api: daemon });
});

afterAll(async () => {
  await server.close();
  await noSecret.close();
});

async function call(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const json = res.headers.get('content-type')?.startsWith('application/json')
    ? (JSON.parse(text) as unknown)
    : undefined;
  return { status: res.status, headers: res.headers, text, json };
}

describe('probes and metrics', () => {
  it('answers liveness, readiness with its reason, and 503 when not ready', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, text: 'ok\n' });
    expect(await call('GET', '/readyz')).toMatchObject({ status: 200, json: { ready: true } });
    daemon.isReady = { ready: false, reason: 'no Git read yet' };
    expect((await call('GET', '/readyz')).json).toEqual({
      error: 'no Git read yet',
      ready: false,
      reason: 'no Git read yet',
    });
    expect((await call('GET', '/readyz')).status).toBe(503);
    daemon.isReady = { ready: true, reason: 'ok' };
  });

  it('serves metrics in the Prometheus text format', async () => {
    const r = await call('GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(r.text).toContain('sextant_up 1');
  });
});

describe('app endpoints', () => {
  it('lists, gets, diffs and shows history as JSON, 404 for an unknown app', async () => {
    expect(await call('GET', '/api/v1/apps')).toMatchObject({ status: 200, json: { apps: [{ app: 'web' }] } });
    expect(await call('GET', '/api/v1/apps/web')).toMatchObject({
      status: 200,
      json: { app: 'web', health: 'Healthy' },
    });
    expect(await call('GET', '/api/v1/apps/web/diff')).toMatchObject({ status: 200, json: { status: 'Synced' } });
    expect(await call('GET', '/api/v1/apps/web/history')).toMatchObject({ json: { app: 'web', revisions: [] } });
    const missing = await call('GET', '/api/v1/apps/nope');
    expect(missing).toMatchObject({ status: 404, json: { error: 'app "nope" not found' } });
    expect(missing.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('turns intents into their answer code', async () => {
    expect(await call('POST', '/api/v1/apps/web/sync')).toMatchObject({ status: 202, json: { message: 'accepted' } });
    expect(await call('POST', '/api/v1/apps/web/suspend')).toMatchObject({ status: 202 });
    expect(await call('POST', '/api/v1/apps/web/resume')).toMatchObject({ status: 202 });
    expect(await call('POST', '/api/v1/apps/ghost/sync')).toMatchObject({
      status: 404,
      json: { error: 'app "ghost" not found' },
    });
    expect(daemon.calls).toEqual(expect.arrayContaining(['sync web', 'suspend web', 'resume web', 'sync ghost']));
  });

  it('rolls back to the default, a JSON revision or a query revision, and refuses bad ones', async () => {
    expect(await call('POST', '/api/v1/apps/web/rollback')).toMatchObject({ status: 202, json: { revision: 2 } });
    expect(await call('POST', '/api/v1/apps/web/rollback', '{"revision": 5}')).toMatchObject({ json: { revision: 5 } });
    expect(await call('POST', '/api/v1/apps/web/rollback?revision=7')).toMatchObject({ json: { revision: 7 } });
    expect(await call('POST', '/api/v1/apps/web/rollback', '{"revision": 99}')).toMatchObject({
      status: 409,
      json: { error: 'revision 99 failed; pick another' },
    });
    expect(await call('POST', '/api/v1/apps/web/rollback', '{"revision": -1}')).toMatchObject({
      status: 400,
      json: { error: 'revision must be a positive integer' },
    });
    expect(await call('POST', '/api/v1/apps/web/rollback', '{oops')).toMatchObject({ status: 400 });
  });

  it('answers 404 for unknown routes, 405 with Allow for wrong methods, 500 in one line on failure', async () => {
    expect(await call('GET', '/api/v2/apps')).toMatchObject({
      status: 404,
      json: { error: 'no route for /api/v2/apps' },
    });
    const wrong = await call('DELETE', '/api/v1/apps/web');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect((await call('GET', '/api/v1/apps/web/sync')).headers.get('allow')).toBe('POST');
    expect(await call('GET', '/api/v1/apps/boom/history')).toMatchObject({
      status: 500,
      json: { error: 'internal error: cluster unreachable' },
    });
  });

  it('refuses a streamed (chunked) body once it passes the limit, and keeps serving', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(600));
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(chunk);
        c.close();
      },
    });
    const init = { method: 'POST', body, duplex: 'half', headers: { 'X-GitHub-Event': 'push' } };
    const r = await fetch(`${server.url}/api/v1/hooks/git`, init as RequestInit).catch((e: Error) => e);
    // The server answers 413 and closes; a client still sending may see the reset instead.
    if (!(r instanceof Error)) expect(r.status).toBe(413);
    expect((await call('GET', '/healthz')).status).toBe(200);
  });

  it('refuses a body over the limit with 413', async () => {
    const r = await call('POST', '/api/v1/apps/web/rollback', JSON.stringify({ revision: 1, pad: 'x'.repeat(5000) }));
    expect(r).toMatchObject({ status: 413, json: { error: 'request body larger than 4096 bytes' } });
  });
});

describe('git webhook', () => {
  const push = (ref: string) =>
    JSON.stringify({ ref, after: 'f'.repeat(40), repository: { clone_url: 'https://h/r.git' } });
  const sig = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

  it('notifies the daemon of a signed push to the followed branch', async () => {
    const body = push('refs/heads/main');
    const r = await call('POST', '/api/v1/hooks/git', body, {
      'X-GitHub-Event': 'push',
      'X-Hub-Signature-256': sig(body),
    });
    expect(r.status).toBe(202);
    expect(daemon.pushes.at(-1)).toEqual({
      provider: 'github',
      ref: 'refs/heads/main',
      after: 'f'.repeat(40),
      repositoryUrls: ['https://h/r.git'],
    });
  });

  it('ignores another branch and non-push events with 202, pongs a ping', async () => {
    const body = push('refs/heads/feature');
    const other = await call('POST', '/api/v1/hooks/git', body, {
      'X-GitHub-Event': 'push',
      'X-Hub-Signature-256': sig(body),
    });
    expect(other).toMatchObject({
      status: 202,
      json: { ignored: expect.stringContaining('refs/heads/feature') as unknown },
    });
    const star = await call('POST', '/api/v1/hooks/git', '{}', {
      'X-GitHub-Event': 'star',
      'X-Hub-Signature-256': sig('{}'),
    });
    expect(star).toMatchObject({ status: 202, json: { ignored: 'github event "star" is not a push' } });
    const ping = await call('POST', '/api/v1/hooks/git', '{}', {
      'X-GitHub-Event': 'ping',
      'X-Hub-Signature-256': sig('{}'),
    });
    expect(ping).toMatchObject({ status: 200, json: { message: 'pong' } });
  });

  it('rejects a wrong signature or token with 401 and does not tell the daemon', async () => {
    const before = daemon.pushes.length;
    const body = push('refs/heads/main');
    const bad = await call('POST', '/api/v1/hooks/git', body, {
      'X-GitHub-Event': 'push',
      'X-Hub-Signature-256': 'sha256=00',
    });
    expect(bad).toMatchObject({
      status: 401,
      json: { error: expect.stringContaining('X-Hub-Signature-256') as unknown },
    });
    const token = await call('POST', '/api/v1/hooks/git', body, {
      'X-Gitlab-Event': 'Push Hook',
      'X-Gitlab-Token': 'guess',
    });
    expect(token.status).toBe(401);
    const gitea = await call('POST', '/api/v1/hooks/git', body, { 'X-Gitea-Event': 'push', 'X-Gitea-Signature': 'ff' });
    expect(gitea.status).toBe(401);
    expect(daemon.pushes.length).toBe(before);
  });

  it('accepts GitLab and Gitea pushes', async () => {
    const body = push('refs/heads/main');
    const lab = await call('POST', '/api/v1/hooks/git', body, {
      'X-Gitlab-Event': 'Push Hook',
      'X-Gitlab-Token': SECRET,
    });
    expect(lab.status).toBe(202);
    expect(daemon.pushes.at(-1)?.provider).toBe('gitlab');
    const hex = createHmac('sha256', SECRET).update(body).digest('hex');
    const tea = await call('POST', '/api/v1/hooks/git', body, { 'X-Gitea-Event': 'push', 'X-Gitea-Signature': hex });
    expect(tea.status).toBe(202);
    expect(daemon.pushes.at(-1)?.provider).toBe('gitea');
  });

  it('answers 403 when no secret is configured, and never logs the secret', async () => {
    const r = await fetch(`${noSecret.url}/api/v1/hooks/git`, {
      method: 'POST',
      body: '{}',
      headers: { 'X-Gitlab-Token': SECRET },
    });
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ error: 'webhook secret not configured' });
    expect(logged.join('\n')).not.toContain(SECRET);
  });
});

describe('event stream', () => {
  it('streams events as SSE with keep-alive comments and unsubscribes when the client leaves', async () => {
    const chunks: string[] = [];
    const closed = new Promise<void>((resolve, reject) => {
      const req = request(`${server.url}/api/v1/events`, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          chunks.push(c);
          const all = chunks.join('');
          if (all.includes('event: sync-finished') && all.includes(': keep-alive')) req.destroy();
        });
        res.on('close', () => resolve());
      });
      req.on('error', (e) =>
        e.message.includes('aborted') || e.message.includes('socket hang up') ? resolve() : reject(e),
      );
      req.end();
    });
    await waitFor(() => daemon.listeners.size === 1);
    daemon.emit({ type: 'sync-finished', app: 'web', at: '2024-01-01T00:00:00Z', message: 'synced abc123' });
    await closed;
    const all = chunks.join('');
    expect(all).toContain('id: 1\nevent: sync-finished\ndata: {"type":"sync-finished","app":"web"');
    await waitFor(() => daemon.listeners.size === 0);
  });

  it('ends open streams when the server closes', async () => {
    const extra = await startApiServer({ listen: '127.0.0.1:0', api: daemon });
    const res = await fetch(`${extra.url}/api/v1/events`);
    expect(res.status).toBe(200);
    await waitFor(() => daemon.listeners.size === 1);
    await extra.close();
    expect(daemon.listeners.size).toBe(0);
    await res.body?.cancel().catch(() => undefined);
  });
});

async function waitFor(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
