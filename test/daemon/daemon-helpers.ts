/**
 * A daemon under test: the sandbox, a Git server with a work repo, and `sextant run` started in-process
 * (or as a child process, for kill -9), plus the waits and webhook deliveries the tests share.
 */
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { createLogger } from '../../src/adapters/log.js';
import { startRun, type RunFlags, type RunningDaemon } from '../../src/cli/run.js';
import { appYaml, configMap, deployment } from '../engine/sync/sync-harness.js';

export const WEBHOOK_SECRET = 'test-webhook-secret';

export function daemonFlags(
  repoUrl: string,
  cacheDir: string,
  kubeconfig: string,
  over: Partial<RunFlags> = {},
): RunFlags {
  return {
    repo: repoUrl,
    branch: 'main',
    path: '',
    cacheDir,
    interval: '60s',
    kubeconfig,
    listen: '127.0.0.1:0',
    namespace: 'sextant-system',
    concurrency: 4,
    leaderElect: true,
    identity: 'daemon-a',
    ...over,
  };
}

export async function startDaemon(flags: RunFlags): Promise<RunningDaemon> {
  process.env.SEXTANT_WEBHOOK_SECRET = WEBHOOK_SECRET;
  return startRun(flags, createLogger({ level: 'silent', pretty: false }));
}

/** A GitHub push delivery for refs/heads/main, signed like GitHub signs it. */
export async function deliverPush(apiUrl: string, after: string): Promise<Response> {
  const body = JSON.stringify({
    ref: 'refs/heads/main',
    after,
    repository: { clone_url: 'http://127.0.0.1/repo.git' },
  });
  const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
  return fetch(`${apiUrl}/api/v1/hooks/git`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': signature },
    body,
  });
}

/** Polls `probe` every 50 ms until it returns a value other than undefined; fails with `what` after `ms`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The web app: a ConfigMap and a Deployment whose image tag is the version. */
export function webFiles(version: string, policy: Record<string, unknown> = {}): Record<string, string> {
  return {
    'apps/web/app.yaml': appYaml('web', { selfHeal: true, createNamespace: true, timeout: '20s', ...policy }, 'shop'),
    'apps/web/web.yaml': [
      configMap('web-config', { version }),
      deployment('web', `nginx:${version}`).replace('spec:\n', 'spec:\n  progressDeadlineSeconds: 2\n'),
    ].join('---\n'),
  };
}

export const dist = (...p: string[]): string => path.join(process.cwd(), 'dist', ...p);
