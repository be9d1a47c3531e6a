import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient, type KubeClient } from '../../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../../src/adapters/kube/kube-config.js';
import { createHistoryStore } from '../../src/engine/history/history-store.js';
import { systemClock } from '../../src/adapters/clock.js';
import type { RunningDaemon } from '../../src/cli/run.js';
import { runRollback } from '../../src/cli/rollback.js';
import { runResume, runSuspend } from '../../src/cli/intent-commands.js';
import { startGitFixture, type GitFixture } from '../helpers/git-repo.js';
import { kubectlFor, STATUS_TABLE, type KubectlResult } from '../helpers/kubectl.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { daemonFlags, deliverPush, startDaemon, waitFor, webFiles } from './daemon-helpers.js';

let sandbox: TestSandbox;
let git: GitFixture;
let daemon: RunningDaemon;
let client: KubeClient;
let kubectl: (args: string[], input?: string) => Promise<KubectlResult>;
const latencies: string[] = [];

async function image(): Promise<string | undefined> {
  const d = await client.get('apps/v1', 'Deployment', 'shop', 'web');
  const spec = d?.spec as { template: { spec: { containers: { image: string }[] } } } | undefined;
  return spec?.template.spec.containers[0]?.image;
}

async function statusOf(): Promise<{ sync?: string; health?: string }> {
  const cm = await client.get('v1', 'ConfigMap', 'sextant-system', 'sextant-app-web');
  const labels = (cm?.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
  return { sync: labels['sextant.dev/sync-status'], health: labels['sextant.dev/health'] };
}

/** Waits until the app runs `nginx:<version>` and is Synced (or `sync`) and Healthy. */
async function converged(version: string, sync = 'Synced'): Promise<void> {
  await waitFor(`web at ${version} and ${sync}`, async () => {
    const s = await statusOf();
    return (await image()) === `nginx:${version}` && s.sync === sync && s.health === 'Healthy' ? true : undefined;
  });
}

async function push(version: string, message: string, policy: Record<string, unknown> = {}): Promise<string> {
  const sha = await git.work.commitFiles(message, webFiles(version, policy));
  await git.work.push();
  return sha;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  client = createKubeClient(loadKubeConfig({ env: {}, kubeconfigPath: sandbox.kubeconfigPath }));
  kubectl = kubectlFor(sandbox.kubeconfigPath);
  git = await startGitFixture();
  await push('1.27', 'web 1.27');
  daemon = await startDaemon(
    daemonFlags(git.url, path.join(git.dir, 'cache'), sandbox.kubeconfigPath, { interval: '1s' }),
  );
}, 60_000);
afterAll(async () => {
  await daemon.stop();
  await git.close();
  await sandbox.stop();
  console.log(`push-to-converged: ${latencies.join(', ')}`);
});

describe('sextant run against the sandbox and a Git server', () => {
  it('converges the first commit, then a push announced by a webhook', async () => {
    await converged('1.27');
    const sha = await push('1.28', 'web 1.28');
    const started = Date.now();
    const res = await deliverPush(daemon.url, sha);
    expect(res.status).toBe(202);
    await converged('1.28');
    latencies.push(`webhook ${Date.now() - started} ms`);
  });

  it('converges a push found by polling (1 s interval)', async () => {
    await push('1.29', 'web 1.29');
    const started = Date.now();
    await converged('1.29');
    latencies.push(`poll ${Date.now() - started} ms`);
  });

  it('repairs drift made with kubectl within seconds (selfHeal)', async () => {
    await kubectl(['scale', 'deployment/web', '-n', 'shop', '--replicas=5']);
    await waitFor('replicas back to 2', async () => {
      const d = await client.get('apps/v1', 'Deployment', 'shop', 'web');
      return (d?.spec as { replicas: number }).replicas === 2 ? true : undefined;
    });
    const history = await createHistoryStore(client, { namespace: 'sextant-system', clock: systemClock }).list('web');
    expect(history[0]?.trigger).toBe('self-heal');
  });

  it('records every sync as a revision', async () => {
    const history = await createHistoryStore(client, { namespace: 'sextant-system', clock: systemClock }).list('web');
    const summary = history.map((r) => `${r.revision}:${r.trigger}:${r.outcome}:${r.commit.subject}`);
    expect(summary).toEqual([
      '4:self-heal:Succeeded:web 1.29',
      '3:poll:Succeeded:web 1.29',
      '2:webhook:Succeeded:web 1.28',
      '1:poll:Succeeded:web 1.27',
    ]);
  });

  it('rolls back to revision 2 through the API, pins the app, and a new commit unpins it', async () => {
    const res = await fetch(`${daemon.url}/api/v1/apps/web/rollback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ revision: 2 }),
    });
    expect(res.status).toBe(202);
    await converged('1.28', 'Pinned');
    const cm = await client.get('v1', 'ConfigMap', 'default', 'web-config');
    expect(cm).toBeUndefined(); // the app lives in shop
    const config = await client.get('v1', 'ConfigMap', 'shop', 'web-config');
    expect(config?.data).toEqual({ version: '1.28' });
    const table = await kubectl(STATUS_TABLE);
    expect(table.stdout).toMatch(/sextant-app-web\s+1\s+\S+\s+Pinned\s+Healthy/);
    const history = await createHistoryStore(client, { namespace: 'sextant-system', clock: systemClock }).list('web');
    expect(history[0]).toMatchObject({ trigger: 'rollback', rollbackOf: 2, outcome: 'Succeeded' });
    // Polling goes on, but the pinned app is not synced back to 1.29.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await image()).toBe('nginx:1.28');

    await push('1.30', 'web 1.30');
    await converged('1.30');
  });

  it('rolls back a failing upgrade automatically (autoRollback)', async () => {
    await push('1.31', 'web 1.31', { autoRollback: true });
    await converged('1.31');
    await push('fail-1.32', 'web broken', { autoRollback: true });
    await waitFor('auto-rollback recorded', async () => {
      const h = await createHistoryStore(client, { namespace: 'sextant-system', clock: systemClock }).list('web');
      return h[0]?.trigger === 'auto-rollback' && h[0].outcome === 'Succeeded' ? h : undefined;
    });
    await converged('1.31', 'Pinned');
  });

  it('sextant rollback (CLI) asks the daemon through the app-status ConfigMap and waits for it', async () => {
    await push('1.35', 'web 1.35');
    await converged('1.35');
    const revisions = await createHistoryStore(client, { namespace: 'sextant-system', clock: systemClock }).list('web');
    const target = revisions.find((r) => r.outcome === 'Succeeded' && r.commit.subject === 'web 1.31');
    const out: string[] = [];
    const io = {
      stdout: (t: string) => void out.push(t),
      stderr: () => undefined,
      env: { KUBECONFIG: sandbox.kubeconfigPath },
      now: () => new Date(),
    };
    const flags = { namespace: 'sextant-system', output: 'text' as const, wait: true, timeout: '20s' };
    const code = await runRollback('web', String(target?.revision), flags, io);
    expect(out.join('')).toMatch(/rolled back app web to revision \d+ .*pinned/);
    expect(code).toBe(0);
    await converged('1.31', 'Pinned');
  });

  it('sextant suspend keeps a push out of the cluster until sextant resume', async () => {
    const io = {
      stdout: () => undefined,
      stderr: () => undefined,
      env: { KUBECONFIG: sandbox.kubeconfigPath },
      now: () => new Date(),
    };
    const flags = { namespace: 'sextant-system', output: 'text' as const };
    expect(await runSuspend('web', flags, io)).toBe(0);
    await waitFor('Suspended', async () => ((await statusOf()).sync === 'Suspended' ? true : undefined));
    await push('1.36', 'web 1.36');
    await new Promise((r) => setTimeout(r, 2500));
    expect(await image()).toBe('nginx:1.31');
    expect((await statusOf()).sync).toBe('Suspended');
    expect(await runResume('web', flags, io)).toBe(0);
    await converged('1.36');
  });

  it('a newer commit cancels a sync still waiting on health, records it, and syncs the new one', async () => {
    await push('fail-slow', 'web stuck', { timeout: '5m', autoRollback: false });
    const store = createHistoryStore(client, { namespace: 'sextant-system', clock: systemClock });
    const stuck = await waitFor('a Running revision', async () => {
      const h = await store.list('web');
      return h[0]?.outcome === 'Running' && h[0].commit.subject === 'web stuck' ? h[0] : undefined;
    });
    const sha = await push('1.37', 'web 1.37');
    await deliverPush(daemon.url, sha);
    await converged('1.37');
    const h = await store.list('web');
    expect(h.find((r) => r.revision === stuck.revision)).toMatchObject({ outcome: 'Cancelled' });
    expect(h.find((r) => r.revision === stuck.revision)?.message).toMatch(/superseded/);
    expect(h[0]).toMatchObject({
      outcome: 'Succeeded',
      commit: expect.objectContaining({ subject: 'web 1.37' }) as unknown,
    });
  });

  it('git revert restores exactly the previous declared state', async () => {
    await push('1.33', 'web 1.33');
    await converged('1.33');
    const before = await client.get('apps/v1', 'Deployment', 'shop', 'web');
    await push('1.34', 'web 1.34');
    await converged('1.34');
    await git.work.git('revert', '--no-edit', 'HEAD');
    await git.work.push();
    await converged('1.33');
    const after = await client.get('apps/v1', 'Deployment', 'shop', 'web');
    expect(after?.spec).toEqual(before?.spec);
    const ann = (o: typeof after): Record<string, string> =>
      (o?.metadata as { annotations: Record<string, string> }).annotations;
    expect(ann(after)['sextant.dev/tracking-id']).toBe(ann(before)['sextant.dev/tracking-id']);
  });
});
