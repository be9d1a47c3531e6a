import { Command } from 'commander';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKubeClient, type KubeClient } from '../../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../../src/adapters/kube/kube-config.js';
import { registerIntentCommands, runResume, runSuspend, type IntentFlags } from '../../src/cli/intent-commands.js';
import { createIntentStore } from '../../src/engine/status/app-intent.js';
import { createAppStatusStore } from '../../src/engine/status/app-status-store.js';
import { kubectlFor, type KubectlResult } from '../helpers/kubectl.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const NS = 'sextant-system';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('sextant suspend and sextant resume', () => {
  let sb: TestSandbox;
  let kube: KubeClient;
  let kubectl: (args: string[]) => Promise<KubectlResult>;

  async function run(
    command: typeof runSuspend | typeof runResume,
    app: string,
    flags: Partial<IntentFlags> = {},
  ): Promise<Run> {
    const out: Run = { code: -1, stdout: '', stderr: '' };
    out.code = await command(
      app,
      { namespace: NS, output: 'text', kubeconfig: sb.kubeconfigPath, ...flags },
      { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), env: {}, now: () => new Date() },
    );
    return out;
  }

  /** The intent annotations as kubectl shows them: suspended, pinned-revision. */
  async function annotations(app: string): Promise<string> {
    const got = await kubectl([
      'get',
      'cm',
      `sextant-app-${app}`,
      '-n',
      NS,
      '-o',
      'jsonpath=suspended={.metadata.annotations.sextant\\.dev/suspended} pinned={.metadata.annotations.sextant\\.dev/pinned-revision}',
    ]);
    expect(got.stderr).toBe('');
    return got.stdout;
  }

  beforeAll(async () => {
    sb = await startTestSandbox({ controllers: false });
    kube = createKubeClient(loadKubeConfig({ kubeconfigPath: sb.kubeconfigPath, env: {} }));
    kubectl = kubectlFor(sb.kubeconfigPath);
    await createAppStatusStore(kube, { namespace: NS }).write({
      app: 'web',
      syncStatus: 'Synced',
      health: 'Healthy',
      revision: 'abc1234def',
      historyRevision: 4,
      message: 'applied 2 objects',
      syncedAt: new Date().toISOString(),
      objects: [],
    });
  });
  afterAll(() => sb.stop());

  it('suspend sets the annotation and says what it means; twice is harmless', async () => {
    expect(await run(runSuspend, 'web')).toEqual({
      code: 0,
      stdout: 'app web suspended: the daemon diffs it but never writes it until `sextant resume web`\n',
      stderr: '',
    });
    expect(await annotations('web')).toBe('suspended=true pinned=');
    expect((await run(runSuspend, 'web')).stdout).toBe(
      'app web was already suspended: the daemon diffs it but never writes it until `sextant resume web`\n',
    );
    // The daemon's status survives the intent write.
    expect((await createAppStatusStore(kube, { namespace: NS }).read('web'))?.historyRevision).toBe(4);
  });

  it('resume removes the suspension and the rollback pin, and says it released the pin', async () => {
    await createIntentStore(kube, { namespace: NS }).set('web', { pinnedRevision: '2' });
    expect(await annotations('web')).toBe('suspended=true pinned=2');
    expect(await run(runResume, 'web')).toEqual({
      code: 0,
      stdout: 'app web resumed and released the rollback pin to revision 2: it follows Git again from its next sync\n',
      stderr: '',
    });
    expect(await annotations('web')).toBe('suspended= pinned=');
    expect((await run(runResume, 'web')).stdout).toBe(
      'app web was neither suspended nor pinned: it already follows Git\n',
    );

    await createIntentStore(kube, { namespace: NS }).set('web', { pinnedRevision: '3' });
    expect(JSON.parse((await run(runResume, 'web', { output: 'json' })).stdout)).toEqual({
      app: 'web',
      suspended: false,
      wasSuspended: false,
      releasedPin: 3,
    });
    expect(await annotations('web')).toBe('suspended= pinned=');
  });

  it('suspends an app the daemon has not recorded yet, with a note on stderr', async () => {
    const out = await run(runSuspend, 'later');
    expect(out.code).toBe(0);
    expect(out.stderr).toBe(
      'note: no status recorded for app later in sextant-system yet; this applies once the daemon finds the app\n',
    );
    expect(await annotations('later')).toBe('suspended=true pinned=');
  });

  it('exits 2 naming the state namespace when it does not exist', async () => {
    expect(await run(runSuspend, 'web', { namespace: 'other' })).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'sextant suspend: state namespace "other" does not exist: no daemon has run with it (check --namespace)\n',
    });
  });

  it('are commands taking an app, --namespace, --kubeconfig and -o', async () => {
    expect((await kubectl(['create', 'namespace', 'other'])).code).toBe(0);
    const program = new Command('sextant').exitOverride().configureOutput({ writeErr: () => undefined });
    registerIntentCommands(program, () => ({ debug: () => undefined }) as unknown as Logger);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['suspend', 'api', '--kubeconfig', sb.kubeconfigPath, '-n', 'other', '-o', 'json'], {
        from: 'user',
      });
      expect(process.exitCode).toBe(0);
      expect(JSON.parse(String(out.mock.calls[0]?.[0]))).toEqual({ app: 'api', suspended: true });
      expect((await createIntentStore(kube, { namespace: 'other' }).read('api')).suspended).toBe(true);
      await program.parseAsync(['resume', 'api', '--kubeconfig', sb.kubeconfigPath, '-n', 'other'], { from: 'user' });
      expect(String(out.mock.calls[1]?.[0])).toBe('app api resumed: it follows Git again from its next sync\n');
    } finally {
      out.mockRestore();
      process.exitCode = undefined;
    }
  });
});
