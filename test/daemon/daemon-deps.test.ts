import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock.js';
import { createKubeClient, type KubeClient } from '../../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../../src/adapters/kube/kube-config.js';
import type { RunningDaemon } from '../../src/cli/run.js';
import { createHistoryStore } from '../../src/engine/history/history-store.js';
import { createAppStatusStore } from '../../src/engine/status/app-status-store.js';
import { appYaml, configMap, deployment } from '../engine/sync/sync-harness.js';
import { startGitFixture, type GitFixture } from '../helpers/git-repo.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { daemonFlags, deliverPush, startDaemon, waitFor } from './daemon-helpers.js';

let sandbox: TestSandbox;
let git: GitFixture;
let daemon: RunningDaemon;
let client: KubeClient;

function files(dbImage: string, apiValue: string): Record<string, string> {
  const policy = { createNamespace: true, timeout: '20s' };
  return {
    'apps/db/app.yaml': appYaml('db', policy, 'data'),
    'apps/db/db.yaml': deployment('db', dbImage).replace('spec:\n', 'spec:\n  progressDeadlineSeconds: 1\n'),
    'apps/api/app.yaml': appYaml('api', policy, 'shop').replace('spec: {', 'spec: {dependsOn: [db], '),
    'apps/api/api.yaml': configMap('api-config', { value: apiValue }),
  };
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  client = createKubeClient(loadKubeConfig({ env: {}, kubeconfigPath: sandbox.kubeconfigPath }));
  git = await startGitFixture();
  await git.work.commitFiles('db and api', files('nginx:1.27', 'one'));
  await git.work.push();
  daemon = await startDaemon(daemonFlags(git.url, path.join(git.dir, 'cache'), sandbox.kubeconfigPath));
}, 60_000);
afterAll(async () => {
  await daemon.stop();
  await git.close();
  await sandbox.stop();
});

describe('apps wait for the apps they depend on', () => {
  it('does not sync an app while its dependency is failing, and syncs it once the dependency is healthy', async () => {
    const status = createAppStatusStore(client, { namespace: 'sextant-system' });
    const history = createHistoryStore(client, { namespace: 'sextant-system', clock: systemClock });
    await waitFor('api synced', async () => ((await status.read('api'))?.syncStatus === 'Synced' ? true : undefined));

    const broken = await git.work.commitFiles('db broken, api two', files('nginx:fail-db', 'two'));
    await git.work.push();
    await deliverPush(daemon.url, broken);
    const api = await waitFor('api held back', async () => {
      const s = await status.read('api');
      return s?.message.includes('waiting for db (Failed, Degraded)') ? s : undefined;
    });
    expect(api.syncStatus).toBe('OutOfSync');
    expect((await client.get('v1', 'ConfigMap', 'shop', 'api-config'))?.data).toEqual({ value: 'one' });
    expect((await history.list('api')).length).toBe(1);

    const fixed = await git.work.commitFiles('db fixed', files('nginx:1.28', 'two'));
    await git.work.push();
    await deliverPush(daemon.url, fixed);
    await waitFor('api at two', async () => {
      const cm = await client.get('v1', 'ConfigMap', 'shop', 'api-config');
      return (cm?.data as { value?: string } | undefined)?.value === 'two' ? true : undefined;
    });
    // The object is written before the sync finishes and records its status.
    await waitFor('api Synced', async () => ((await status.read('api'))?.syncStatus === 'Synced' ? true : undefined));
  });

  it('leaves the objects of an app removed from Git in place and says so', async () => {
    const status = createAppStatusStore(client, { namespace: 'sextant-system' });
    const sha = await git.work.commitFiles('remove api', { 'apps/api/app.yaml': null, 'apps/api/api.yaml': null });
    await git.work.push();
    await deliverPush(daemon.url, sha);
    const s = await waitFor('api marked removed', async () => {
      const st = await status.read('api');
      return st?.message.includes('no longer in Git') ? st : undefined;
    });
    expect(s.syncStatus).toBe('OutOfSync');
    expect(s.message).toContain('kubectl delete all,cm,secret -A -l sextant.dev/app=api');
    expect(await client.get('v1', 'ConfigMap', 'shop', 'api-config')).toBeDefined();
  });
});
