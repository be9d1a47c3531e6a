import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock.js';
import { createKubeClient, type KubeClient } from '../../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../../src/adapters/kube/kube-config.js';
import { createHistoryStore, type HistoryStore } from '../../src/engine/history/history-store.js';
import { startGitFixture, type GitFixture } from '../helpers/git-repo.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { dist, waitFor, webFiles, WEBHOOK_SECRET } from './daemon-helpers.js';

let sandbox: TestSandbox;
let git: GitFixture;
let client: KubeClient;
let history: HistoryStore;
const children = new Set<ChildProcess>();
const logs: string[] = [];

interface Child {
  proc: ChildProcess;
  url: string;
  identity: string;
}

/** `sextant run` as its own process, as a pod would run it; resolves once its API answers. */
async function spawnDaemon(identity: string, port: number): Promise<Child> {
  const proc = spawn(
    'node',
    [
      dist('src/main.js'),
      'run',
      '--repo',
      git.url,
      '--branch',
      'main',
      '--interval',
      '1s',
      '--cache-dir',
      path.join(git.dir, `cache-${identity}`),
      '--kubeconfig',
      sandbox.kubeconfigPath,
      '--listen',
      `127.0.0.1:${port}`,
      '--identity',
      identity,
      '--lease-duration',
      '5s',
      '--log-level',
      process.env.SEXTANT_TEST_DAEMON_LOGS ? 'info' : 'warn',
    ],
    { env: { ...process.env, SEXTANT_WEBHOOK_SECRET: WEBHOOK_SECRET }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Kept for the failure message: what the daemon said when a wait times out.
  proc.stderr?.on('data', (chunk: Buffer) => logs.push(`[${identity}] ${chunk.toString()}`));
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${identity} to answer`, async () => ((await fetch(`${url}/healthz`)).ok ? true : undefined));
  return { proc, url, identity };
}

async function readiness(c: Child): Promise<string> {
  return ((await (await fetch(`${c.url}/readyz`)).json()) as { reason: string }).reason;
}

function exited(c: Child): Promise<void> {
  return new Promise((resolve) => (c.proc.exitCode !== null ? resolve() : c.proc.once('exit', () => resolve())));
}

async function push(version: string, message: string, policy: Record<string, unknown> = {}): Promise<void> {
  await git.work.commitFiles(message, webFiles(version, policy));
  await git.work.push();
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  client = createKubeClient(loadKubeConfig({ env: {}, kubeconfigPath: sandbox.kubeconfigPath }));
  history = createHistoryStore(client, { namespace: 'sextant-system', clock: systemClock });
  git = await startGitFixture();
  await push('1.27', 'web 1.27');
}, 60_000);
afterAll(async () => {
  if (process.env.SEXTANT_TEST_DAEMON_LOGS) console.log(logs.join(''));
  for (const c of children) c.kill('SIGKILL');
  await git.close();
  await sandbox.stop();
});

describe('daemon restarts and replicas', () => {
  it('a daemon killed with -9 mid-sync leaves the revision Interrupted and the next daemon syncs again', async () => {
    // A rollout that stays Progressing (a 10-minute progress deadline) keeps the sync waiting on health.
    const stuck = webFiles('fail-stuck', { timeout: '5m' });
    stuck['apps/web/web.yaml'] = (stuck['apps/web/web.yaml'] ?? '').replace(
      'progressDeadlineSeconds: 2',
      'progressDeadlineSeconds: 600',
    );
    await git.work.commitFiles('stuck rollout', stuck);
    await git.work.push();
    const first = await spawnDaemon('daemon-1', 18611);
    await waitFor('a Running revision', async () => {
      const h = await history.list('web');
      return h[0]?.outcome === 'Running' ? h : undefined;
    });
    first.proc.kill('SIGKILL');
    await exited(first);
    // The dead leader never released its lease: the next daemon takes it after the lease duration (5 s here).
    const second = await spawnDaemon('daemon-2', 18612);
    const h = await waitFor(
      'revision 1 Interrupted and revision 2 started',
      async () => {
        const list = await history.list('web');
        return list.some((r) => r.revision === 1 && r.outcome === 'Interrupted') && list.some((r) => r.revision === 2)
          ? list
          : undefined;
      },
      40_000,
    );
    expect(h.find((r) => r.revision === 1)?.message).toMatch(/found unfinished/);
    second.proc.kill('SIGTERM');
    await exited(second);
    const last = (await history.list('web'))[0];
    expect(last).toMatchObject({ revision: 2, outcome: 'Cancelled' });
    expect(last?.message).toMatch(/shutting down/);
  }, 90_000);

  it('of two daemons only the leader writes; the standby takes over when the leader stops', async () => {
    await push('1.28', 'web 1.28');
    const a = await spawnDaemon('replica-a', 18621);
    await waitFor('replica-a leads', async () => ((await readiness(a)) === 'leading' ? true : undefined), 30_000);
    const b = await spawnDaemon('replica-b', 18622);
    await waitFor('web at 1.28', async () => {
      const s = await history.list('web');
      return s[0]?.outcome === 'Succeeded' && s[0].commit.subject === 'web 1.28' ? true : undefined;
    });
    expect(await readiness(b)).toBe('standby');
    const metricsB = await (await fetch(`${b.url}/metrics`)).text();
    expect(metricsB).toMatch(/^sextant_leader 0$/m);
    expect(metricsB).not.toMatch(/^sextant_syncs_total\{/m);
    const metricsA = await (await fetch(`${a.url}/metrics`)).text();
    expect(metricsA).toMatch(/^sextant_leader 1$/m);
    expect(metricsA).toMatch(/^sextant_syncs_total\{app="web",trigger="poll",outcome="Succeeded"\} 1$/m);

    a.proc.kill('SIGTERM');
    await exited(a);
    await waitFor('replica-b leads', async () => ((await readiness(b)) === 'leading' ? true : undefined), 20_000);
    await push('1.29', 'web 1.29');
    await waitFor('replica-b synced 1.29', async () => {
      const s = await history.list('web');
      return s[0]?.outcome === 'Succeeded' && s[0].commit.subject === 'web 1.29' ? true : undefined;
    });
    const metricsB2 = await (await fetch(`${b.url}/metrics`)).text();
    expect(metricsB2).toMatch(/^sextant_syncs_total\{app="web",trigger="poll",outcome="Succeeded"\} 1$/m);
    b.proc.kill('SIGTERM');
    await exited(b);
  }, 90_000);
});
