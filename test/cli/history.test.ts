import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Command } from 'commander';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/adapters/clock.js';
import { createKubeClient, type KubeClient } from '../../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../../src/adapters/kube/kube-config.js';
import { registerHistory, runHistory, type HistoryFlags } from '../../src/cli/history.js';
import { registerRollback, runRollback, type RollbackFlags } from '../../src/cli/rollback.js';
import { createHistoryStore, type HistoryStore } from '../../src/engine/history/history-store.js';
import { createIntentStore } from '../../src/engine/status/app-intent.js';
import { createAppStatusStore } from '../../src/engine/status/app-status-store.js';
import type { SyncOutcome, SyncRecord, SyncTrigger } from '../../src/engine/sync/sync-types.js';
import { kubectlFor } from '../helpers/kubectl.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const NS = 'sextant-system';
const NOW = new Date('2024-05-01T12:00:00Z');
const PASSWORD = 'hunter2-very-secret';

const SHAS = ['1111111aaaa', '2222222bbbb', '3333333cccc'];
const SUBJECTS = [
  'first deploy',
  'scale web to 3 replicas and give it a much longer subject than fits a table cell',
  'bump image to 1.27',
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function record(app: string, i: number, outcome: SyncOutcome, extra: Partial<SyncRecord> = {}): SyncRecord {
  return {
    app,
    revision: 0,
    commit: { sha: SHAS[i] ?? '', subject: SUBJECTS[i] ?? '', author: { name: 'Ada', email: 'ada@example.com' } },
    trigger: 'poll',
    startedAt: new Date(NOW.getTime() - (30 - i * 10) * 60_000).toISOString(),
    outcome,
    message: outcome === 'Succeeded' ? 'applied 2 objects' : 'Deployment shop/web: 0 of 2 replicas ready',
    objects: [],
    manifests: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'shop' }, data: { n: String(i) } },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db', namespace: 'shop' },
        data: { password: Buffer.from(PASSWORD).toString('base64') },
      },
    ],
    appSpec: { namespace: 'shop' },
    ...extra,
  };
}

async function seed(history: HistoryStore, r: SyncRecord): Promise<number> {
  const { revision: _unused, ...input } = r;
  const n = await history.begin({ ...input, outcome: 'Running' });
  await history.finish({ ...r, revision: n, finishedAt: new Date(Date.parse(r.startedAt) + 30_000).toISOString() });
  return n;
}

/** A fake daemon: waits for the rollback request, records the rollback revision, clears the request, pins. */
async function performRollback(
  kube: KubeClient,
  app: string,
  outcome: SyncOutcome,
  trigger: SyncTrigger = 'rollback',
): Promise<void> {
  const intents = createIntentStore(kube, { namespace: NS });
  const history = createHistoryStore(kube, { namespace: NS, clock: systemClock });
  for (let i = 0; i < 100; i++) {
    const intent = await intents.read(app);
    if (intent.rollback) {
      await new Promise((r) => setTimeout(r, 300));
      const to = intent.rollback.revision;
      const restored = await history.get(app, to);
      await seed(
        history,
        record(app, 0, outcome, {
          commit: restored?.commit ?? record(app, 0, 'Succeeded').commit,
          trigger,
          rollbackOf: to,
          startedAt: new Date().toISOString(),
          message: outcome === 'Succeeded' ? 'applied 1 object, 1 unchanged' : 'Deployment shop/web: image pull failed',
        }),
      );
      await intents.set(app, { rollbackTo: null, rollbackRequestedAt: null, pinnedRevision: String(to) });
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no rollback request seen');
}

describe('sextant history and sextant rollback', () => {
  let sb: TestSandbox;
  let kube: KubeClient;
  let history: HistoryStore;

  /** App with revisions 1 Succeeded (poll), 2 Succeeded (webhook), 3 Failed (poll); status says 3. */
  async function seedApp(app: string): Promise<void> {
    await seed(history, record(app, 0, 'Succeeded'));
    await seed(history, record(app, 1, 'Succeeded', { trigger: 'webhook' }));
    await seed(history, record(app, 2, 'Failed'));
    await createAppStatusStore(kube, { namespace: NS }).write({
      app,
      syncStatus: 'Failed',
      health: 'Degraded',
      revision: SHAS[2] ?? '',
      historyRevision: 3,
      message: 'Deployment shop/web: 0 of 2 replicas ready',
      syncedAt: NOW.toISOString(),
      objects: [],
    });
  }

  function capture(): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; run: Run } {
    const run: Run = { code: -1, stdout: '', stderr: '' };
    return { io: { stdout: (t) => (run.stdout += t), stderr: (t) => (run.stderr += t) }, run };
  }

  async function historyOf(app: string, flags: Partial<HistoryFlags> = {}): Promise<Run> {
    const { io, run } = capture();
    run.code = await runHistory(
      app,
      { namespace: NS, output: 'text', kubeconfig: sb.kubeconfigPath, ...flags },
      { ...io, env: {}, now: () => NOW },
    );
    return run;
  }

  async function rollback(app: string, n?: string, flags: Partial<RollbackFlags> = {}): Promise<Run> {
    const { io, run } = capture();
    run.code = await runRollback(
      app,
      n,
      { namespace: NS, output: 'text', kubeconfig: sb.kubeconfigPath, wait: true, timeout: '10s', ...flags },
      { ...io, env: {}, now: () => new Date(), pollMs: 100 },
    );
    return run;
  }

  beforeAll(async () => {
    sb = await startTestSandbox({ controllers: false });
    kube = createKubeClient(loadKubeConfig({ kubeconfigPath: sb.kubeconfigPath, env: {} }));
    history = createHistoryStore(kube, { namespace: NS, clock: systemClock });
    await seedApp('web');
  });
  afterAll(() => sb.stop());

  it('lists revisions newest first with age, short sha, cut subject, trigger and outcome', async () => {
    await seed(history, record('api', 0, 'Succeeded'));
    await seed(history, record('api', 1, 'Succeeded', { trigger: 'rollback', rollbackOf: 1 }));
    expect(await historyOf('api')).toEqual({
      code: 0,
      stdout: [
        'N   STARTED   SHA       SUBJECT                                              TRIGGER         OUTCOME     MESSAGE',
        '2   20m       2222222   scale web to 3 replicas and give it a much longer…   rollback of 1   Succeeded   applied 2 objects',
        '1   30m       1111111   first deploy                                         poll            Succeeded   applied 2 objects',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('prints every full record with -o json, Secret values masked', async () => {
    const run = await historyOf('web', { output: 'json' });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    expect(run.stdout).not.toContain(PASSWORD);
    const out = JSON.parse(run.stdout) as { app: string; revisions: SyncRecord[] };
    expect(out.app).toBe('web');
    expect(out.revisions.map((r) => [r.revision, r.trigger, r.outcome])).toEqual([
      [3, 'poll', 'Failed'],
      [2, 'webhook', 'Succeeded'],
      [1, 'poll', 'Succeeded'],
    ]);
    const secret = out.revisions[0]?.manifests.find((m) => m.kind === 'Secret');
    expect(secret?.data).toEqual({ password: '++++++++' });
    expect(out.revisions[0]?.commit.author).toEqual({ name: 'Ada', email: 'ada@example.com' });
  });

  it('exits 1 for an app with no revisions and 2 when the cluster cannot be reached', async () => {
    for (const output of ['text', 'json'] as const)
      expect(await historyOf('nope', { output })).toEqual({
        code: 1,
        stdout: '',
        stderr: 'sextant history: app "nope" has no recorded revisions\n',
      });
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const kubeconfig = path.join(sb.dir, 'unreachable');
    fs.writeFileSync(
      kubeconfig,
      fs.readFileSync(sb.kubeconfigPath, 'utf8').replace(/server: \S+/, `server: http://127.0.0.1:${port}`),
    );
    const run = await historyOf('web', { kubeconfig });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sextant history: .*ECONNREFUSED.*\n$/);
  });

  it('refuses, in one line and without writing, a missing revision, a failed one, or no earlier success', async () => {
    expect(await rollback('web', '9')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'sextant rollback: app web has no revision 9 (kept: 3, 2, 1)\n',
    });
    expect(await rollback('web', '3')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'sextant rollback: revision 3 of app web is Failed (Deployment shop/web: 0 of 2 replicas ready): ' +
        'pass --allow-failed to restore it anyway\n',
    });
    expect((await rollback('web', 'two')).stderr).toBe('sextant rollback: "two" is not a revision number\n');
    expect((await rollback('nope')).stderr).toBe('sextant rollback: app "nope" has no recorded revisions\n');

    await seed(history, record('fresh', 0, 'Succeeded'));
    expect(await rollback('fresh')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'sextant rollback: app fresh has no successful revision before revision 1 to roll back to (kept: 1)\n',
    });
    expect((await createIntentStore(kube, { namespace: NS }).read('web')).rollback).toBeUndefined();
  });

  it('with --no-wait writes the request on the app-status ConfigMap, default target the last success before current', async () => {
    await seedApp('nowait');
    const run = await rollback('nowait', undefined, { wait: false });
    expect(run).toEqual({
      code: 0,
      stdout:
        'rollback of app nowait to revision 2 (2222222 "scale web to 3 replicas and give it a much longer…") ' +
        'requested: a running daemon performs it (follow it with `sextant history nowait`)\n',
      stderr: '',
    });
    const kubectl = kubectlFor(sb.kubeconfigPath);
    const get = await kubectl([
      'get',
      'cm',
      'sextant-app-nowait',
      '-n',
      NS,
      '-o',
      'jsonpath={.metadata.annotations.sextant\\.dev/rollback-to} {.metadata.annotations.sextant\\.dev/rollback-requested-at}',
    ]);
    expect(get.stderr).toBe('');
    const [to, at] = get.stdout.split(' ');
    expect(to).toBe('2');
    expect(Math.abs(Date.parse(at ?? '') - Date.now())).toBeLessThan(10_000);

    expect((await rollback('nowait', '3', { wait: false, allowFailed: true })).code).toBe(0);
    expect((await createIntentStore(kube, { namespace: NS }).read('nowait')).rollback?.revision).toBe(3);
  });

  it('waits for the daemon to record the rollback, then says the app is pinned', async () => {
    await seedApp('wait');
    const daemon = performRollback(kube, 'wait', 'Succeeded');
    const run = await rollback('wait', '1');
    await daemon;
    expect(run).toEqual({
      code: 0,
      stdout:
        'rolled back app wait to revision 1 (1111111 "first deploy"): revision 4 Succeeded; the app is pinned: ' +
        'auto-sync paused until a new commit changes it or `sextant resume wait`\n',
      stderr: 'waiting for the daemon to roll back app wait to revision 1 ...\n',
    });
    expect((await historyOf('wait')).stdout.split('\n')[1]).toMatch(/^4 .* rollback of 1 +Succeeded/);
  });

  it('exits 1 with the message when the recorded rollback failed; -o json gives the revision', async () => {
    await seedApp('bad');
    const daemon = performRollback(kube, 'bad', 'Failed');
    const run = await rollback('bad', undefined, { output: 'json' });
    await daemon;
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      app: 'bad',
      rollbackTo: 2,
      outcome: 'Failed',
      revision: { revision: 4 },
    });
    expect(run.stderr.split('\n').slice(1)).toEqual([
      'sextant rollback: rollback of app bad to revision 2 (2222222 "scale web to 3 replicas and give it a much longer…") ' +
        'ended Failed (revision 4): Deployment shop/web: image pull failed',
      '',
    ]);
  });

  it('says nothing was written when the daemon found the cluster already at the target', async () => {
    await seedApp('same');
    const intents = createIntentStore(kube, { namespace: NS });
    const daemon = (async () => {
      while (!(await intents.read('same')).rollback) await new Promise((r) => setTimeout(r, 50));
      // Already equal: the daemon records no revision, clears the request and pins.
      await intents.set('same', { rollbackTo: null, rollbackRequestedAt: null, pinnedRevision: '2' });
    })();
    const run = await rollback('same');
    await daemon;
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'app same already matched revision 2 (2222222 "scale web to 3 replicas and give it a much longer…"): ' +
        'nothing was written; the app is pinned: auto-sync paused until a new commit changes it or `sextant resume same`\n',
    );
  });

  it('exits 2 when no daemon acts within --timeout, leaving the request in place', async () => {
    await seedApp('alone');
    const started = Date.now();
    const run = await rollback('alone', '2', { timeout: '1s' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[1]).toBe(
      'sextant rollback: no daemon performed the rollback within 1s: is `sextant run` running against this cluster? ' +
        '(the request stays on ConfigMap sextant-system/sextant-app-alone)',
    );
    expect((await createIntentStore(kube, { namespace: NS }).read('alone')).rollback?.revision).toBe(2);
  });

  it('are commands with an app argument, an optional revision, and the flags', async () => {
    await seedApp('cli');
    const program = new Command('sextant').exitOverride().configureOutput({ writeErr: () => undefined });
    const logger = () => ({ debug: () => undefined }) as unknown as Logger;
    registerHistory(program, logger);
    registerRollback(program, logger);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['rollback', 'cli', '1', '--no-wait', '--kubeconfig', sb.kubeconfigPath, '-o', 'json'], {
        from: 'user',
      });
      expect(process.exitCode).toBe(0);
      expect(JSON.parse(String(out.mock.calls[0]?.[0]))).toMatchObject({ app: 'cli', rollbackTo: 1, waited: false });
      await program.parseAsync(['history', 'cli', '--kubeconfig', sb.kubeconfigPath], { from: 'user' });
      expect(process.exitCode).toBe(0);
      expect(String(out.mock.calls[1]?.[0])).toMatch(/^N +STARTED +SHA/);
    } finally {
      out.mockRestore();
      process.exitCode = undefined;
    }
    expect(() => program.parse(['history'], { from: 'user' })).toThrow(/missing required argument 'app'/);
  });
});
