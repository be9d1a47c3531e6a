import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../../../src/adapters/kube/kube-config.js';
import { KubeError } from '../../../src/adapters/kube/kube-error.js';
import { startKube } from './client-for.js';

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

function kubeconfigAt(url: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-kube-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "${url}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: u, user: {token: secret-token}}]',
      'contexts: [{name: x, context: {cluster: c, user: u, namespace: shop}}]',
      'current-context: x',
    ].join('\n'),
  );
  return file;
}

/** A fake API server answering every request with one canned response. */
async function fakeServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('failures and configuration', () => {
  it('reports a stopped server as unreachable and retryable', async () => {
    const { sb, kube } = await startKube({ controllers: false });
    await kube.discover();
    await sb.stop();
    const err = await kube.get('v1', 'ConfigMap', 'default', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).code).toBe('unreachable');
    expect((err as KubeError).retryable).toBe(true);
    expect((err as KubeError).message).toMatch(
      /^get ConfigMap default\/x: cannot reach GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/default\/configmaps\/x: (ECONNREFUSED|UND_ERR_SOCKET)/,
    );
  });

  it('reads KUBECONFIG from the given env, sends the token, and honours Retry-After on 429', async () => {
    const seen: Array<string | undefined> = [];
    const url = await fakeServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '3' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'TooManyRequests',
          message: 'slow down',
          code: 429,
        }),
      );
    });
    const target = loadKubeConfig({ env: { KUBECONFIG: kubeconfigAt(url) } });
    expect(target.server).toBe(url);
    expect(target.namespace).toBe('shop');
    const err = await createKubeClient(target)
      .discover()
      .catch((e: unknown) => e);
    expect((err as KubeError).code).toBe('throttled');
    expect((err as KubeError).retryable).toBe(true);
    expect((err as KubeError).retryAfterMs).toBe(3000);
    expect((err as KubeError).message).toContain('429 Too Many Requests: slow down');
    expect(seen[0]).toBe('Bearer secret-token');
  });

  it('times out a server that never answers', async () => {
    const url = await fakeServer(() => undefined);
    const kube = createKubeClient(loadKubeConfig({ kubeconfigPath: kubeconfigAt(url), env: {} }), { timeoutMs: 200 });
    const err = await kube.discover().catch((e: unknown) => e);
    expect((err as KubeError).code).toBe('timeout');
    expect((err as KubeError).retryable).toBe(true);
  });

  it('says where to put a kubeconfig when there is none', () => {
    expect(() => loadKubeConfig({ env: { HOME: os.tmpdir() } })).toThrow(/no kubeconfig found/);
  });
});
