import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitFixture, type GitFixture } from '../helpers/git-repo.js';
import { kubectlFor, STATUS_TABLE, type KubectlResult } from '../helpers/kubectl.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { appYaml, configMap, deployment, service } from '../engine/sync/sync-harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(root, 'dist/src/main.js');

let sandbox: TestSandbox;
let git: GitFixture;
let kubectl: (args: string[], input?: string) => Promise<KubectlResult>;

function sextant(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      [CLI, ...args, '--log-level', 'warn'],
      { timeout: 90_000, env: { ...process.env, KUBECONFIG: sandbox.kubeconfigPath } },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

const repo = (): string[] => ['--repo', git.url, '--cache-dir', path.join(git.dir, 'cache')];

const SECRET = [
  'apiVersion: v1',
  'kind: Secret',
  'metadata: {name: db-password}',
  'stringData: {password: hunter2-in-git}',
  '',
].join('\n');

const db = {
  'apps/db/app.yaml': appYaml('db', { createNamespace: true }, 'data'),
  'apps/db/db.yaml': [deployment('db'), service('db'), SECRET].join('---\n'),
};
const web = (image: string): Record<string, string> => ({
  'apps/web/app.yaml': appYaml('web', { createNamespace: true }, 'shop').replace('spec: {', 'spec: {dependsOn: [db], '),
  'apps/web/web.yaml': [configMap('web-config'), deployment('web', image)].join('---\n'),
});

beforeAll(async () => {
  sandbox = await startTestSandbox();
  kubectl = kubectlFor(sandbox.kubeconfigPath);
  git = await startGitFixture();
  await git.work.commitFiles('Add db and web', { ...db, ...web('nginx:1.27') });
  await git.work.push();
}, 60_000);
afterAll(async () => {
  await git.close();
  await sandbox.stop();
});

describe('sextant sync and sextant status', () => {
  it('a dry run shows the plan, checks with the API server, and writes nothing', async () => {
    const r = await sextant(['sync', ...repo(), '--dry-run']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('app db: would sync');
    expect(r.stdout).toContain('Missing    Deployment/data/db');
    expect(r.stdout).toMatch(/Plan:\n\s+Level 1:/);
    expect(r.stdout).not.toContain('hunter2');
    expect((await kubectl(['get', 'ns', 'data'])).code).not.toBe(0);
  });

  it('syncs every app in dependsOn order, object by object, and exits 0', async () => {
    const r = await sextant(['sync', ...repo()]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.indexOf('app db: Succeeded')).toBeLessThan(r.stdout.indexOf('app web: revision 1'));
    expect(r.stdout).toMatch(/ok\s+Deployment\/shop\/web applied, Healthy \(\d+\.\d+s\)/);
    expect(r.stdout).toMatch(/app web: Succeeded revision 1, health Healthy: synced [0-9a-f]{7}: 2 applied/);
    expect(r.stdout).not.toContain('hunter2');
    const deploys = await kubectl(['get', 'deploy', '-A', '-l', 'app.kubernetes.io/managed-by=sextant']);
    expect(deploys.stdout).toMatch(/data\s+db\s+2\/2/);
    expect(deploys.stdout).toMatch(/shop\s+web\s+2\/2/);
    const diff = await sextant(['diff', ...repo()]);
    expect(diff.code).toBe(0);
  });

  it('a second sync writes nothing; sextant status prints the table', async () => {
    const again = await sextant(['sync', ...repo()]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      'app db: in sync, nothing written (Healthy)\napp web: in sync, nothing written (Healthy)\n',
    );
    const json = await sextant(['sync', ...repo(), '-o', 'json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { apps: { app: string; outcome: string }[] };
    expect(doc.apps.map((a) => `${a.app}:${a.outcome}`)).toEqual(['db:NoOp', 'web:NoOp']);
    const status = await sextant(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^APP\s+SYNC\s+HEALTH\s+REVISION\s+HISTORY/);
    expect(status.stdout).toMatch(/\ndb\s+Synced\s+Healthy\s+[0-9a-f]{7}\s+1\s/);
    expect(status.stdout).toMatch(/\nweb\s+Synced\s+Healthy\s+[0-9a-f]{7}\s+1\s/);
  });

  it('a failing image fails web (exit 1) and says why; the status table shows it', async () => {
    await git.work.commitFiles('Break web', web('registry.example/web:fail-now'));
    await git.work.push();
    await kubectl([
      'patch',
      'deploy',
      'web',
      '-n',
      'shop',
      '--type=merge',
      '-p',
      '{"spec":{"progressDeadlineSeconds":1}}',
    ]);
    const r = await sextant(['sync', ...repo(), '--app', 'web']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL Deployment\/shop\/web failed, Degraded/);
    expect(r.stdout).toMatch(/app web: Failed revision 2, health Degraded/);
    const table = await kubectl(STATUS_TABLE);
    expect(table.stdout).toMatch(/sextant-app-web\s+1\s+\S+\s+Failed\s+Degraded/);
    const status = await sextant(['status', '--app', 'web']);
    expect(status.stdout).toContain('Degraded');
  });

  it('sextant diff finds an object of a kind the app no longer declares (Extraneous)', async () => {
    await git.work.commitFiles('web without its ConfigMap', {
      'apps/web/web.yaml': deployment('web', 'registry.example/web:fail-now'),
    });
    await git.work.push();
    const r = await sextant(['diff', ...repo(), '--app', 'web']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('- ConfigMap shop/web-config (Extraneous)');
  });

  it('a commit with a broken file is never applied in part (exit 2)', async () => {
    await git.work.commitFiles('Broken YAML', { 'apps/web/web.yaml': 'kind: [unclosed\n' });
    await git.work.push();
    const r = await sextant(['sync', ...repo()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/apps\/web\/web\.yaml:\d+:\d+: /);
    expect(r.stdout).toContain('nothing was applied');
  });
});
