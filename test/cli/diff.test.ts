import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitFixture, type GitFixture } from '../helpers/git-repo.js';
import { kubectlFor, type KubectlResult } from '../helpers/kubectl.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(root, 'dist/src/main.js');

const APP = [
  'apiVersion: sextant.dev/v1alpha1',
  'kind: Application',
  'metadata:',
  '  name: demo',
  'spec:',
  '  namespace: default',
  '',
].join('\n');

/** The demo app's objects; `tracked` adds what sync writes (labels and tracking id) for applying by hand. */
function manifests(tracked: boolean): Record<string, string> {
  const meta = (group: string, kind: string, name: string): string =>
    tracked
      ? [
          `  labels: {app.kubernetes.io/managed-by: sextant, sextant.dev/app: demo}`,
          `  annotations: {sextant.dev/tracking-id: "demo:${group}/${kind}:default/${name}"}`,
        ].join('\n')
      : '';
  const doc = (lines: string[]): string => `${lines.filter((l) => l !== '').join('\n')}\n`;
  return {
    'apps/demo/settings.yaml': doc([
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: settings',
      meta('', 'ConfigMap', 'settings'),
      'data: {mode: fast}',
    ]),
    'apps/demo/web.yaml': doc([
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      meta('apps', 'Deployment', 'web'),
      'spec:',
      '  replicas: 3',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec: {containers: [{name: web, image: "nginx:1.27"}]}',
    ]),
    'apps/demo/token.yaml': doc([
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: token',
      meta('', 'Secret', 'token'),
      'stringData: {password: hunter2-in-git}',
    ]),
  };
}

let sandbox: TestSandbox;
let git: GitFixture;
let kubectl: (args: string[], input?: string) => Promise<KubectlResult>;

function sextant(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const all = ['diff', '--repo', git.url, '--cache-dir', path.join(git.dir, 'cache'), ...args];
  return new Promise((resolve) => {
    execFile(
      'node',
      [CLI, ...all, '--log-level', 'warn'],
      { timeout: 60_000, env: { ...process.env, KUBECONFIG: sandbox.kubeconfigPath } },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function applyTracked(file: string): Promise<void> {
  const r = await kubectl(['apply', '--server-side', '--field-manager=sextant', '-f', '-'], manifests(true)[file]);
  expect(r.stderr).toBe('');
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  kubectl = kubectlFor(sandbox.kubeconfigPath);
  git = await startGitFixture();
  await git.work.commitFiles('Add demo', { 'apps/demo/app.yaml': APP, ...manifests(false) });
  await git.work.push();
}, 60_000);
afterAll(async () => {
  await git.close();
  await sandbox.stop();
});

describe('sextant diff', () => {
  it('reports every object Missing before anything is applied (exit 1)', async () => {
    const r = await sextant([]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('app demo: OutOfSync (3 of 3 objects differ)');
    expect(r.stdout).toContain('+ ConfigMap default/settings (Missing)');
    expect(r.stdout).toContain('+ Deployment default/web (Missing)');
    expect(r.stdout).not.toContain('hunter2');
  });

  it('is Synced once the objects are applied by Sextant (exit 0)', async () => {
    for (const f of Object.keys(manifests(true))) await applyTracked(f);
    const r = await sextant([]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('app demo: Synced (3 objects)\n');
    expect(r.code).toBe(0);
  });

  it('explains a kubectl scale, naming kubectl as the field manager (exit 1)', async () => {
    expect((await kubectl(['scale', 'deployment/web', '-n', 'default', '--replicas=5'])).code).toBe(0);
    const r = await sextant(['--app', 'demo']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('app demo: OutOfSync (1 of 3 objects differ)');
    expect(r.stdout).toContain('~ Deployment default/web (OutOfSync)');
    expect(r.stdout).toMatch(/spec\.replicas: 3 in Git, 5 live, set by kubectl\S* at \d\d:\d\d/);
    expect(r.stdout).toMatch(/-\s*replicas: 5/);
    const json = await sextant(['-o', 'json']);
    const doc = JSON.parse(json.stdout) as {
      inSync: boolean;
      apps: { objects: { name: string; status: string; patch: unknown[]; changes: { manager?: string }[] }[] }[];
    };
    expect(doc.inSync).toBe(false);
    const web = doc.apps[0]?.objects.find((o) => o.name === 'web');
    expect(web?.status).toBe('OutOfSync');
    expect(web?.patch).toEqual([{ op: 'replace', path: '/spec/replicas', value: 3 }]);
    expect(web?.changes[0]?.manager).toMatch(/^kubectl/);
    await kubectl(['scale', 'deployment/web', '-n', 'default', '--replicas=3']);
  });

  it('shows a changed Secret without any of its values', async () => {
    const patch = JSON.stringify({ stringData: { password: 'hunter3-live' } });
    expect((await kubectl(['patch', 'secret/token', '-n', 'default', '-p', patch])).code).toBe(0);
    const r = await sextant([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('~ Secret default/token (OutOfSync)');
    expect(r.stdout).toContain('data.password: changed (values hidden)');
    for (const secret of ['hunter2', 'hunter3', 'aHVudGVy']) expect(r.stdout).not.toContain(secret);
    const json = await sextant(['-o', 'json']);
    for (const secret of ['hunter2', 'hunter3', 'aHVudGVy']) expect(json.stdout).not.toContain(secret);
  });

  it('lists an object Sextant tracks and Git no longer declares as Extraneous', async () => {
    // Renamed in Git: the old object is Sextant's and no longer declared. (Extraneous objects are found among
    // the kinds the app still declares.)
    await git.work.commitFiles('Rename settings', {
      'apps/demo/settings.yaml': (manifests(false)['apps/demo/settings.yaml'] ?? '').replace('settings', 'options'),
    });
    await git.work.push();
    // A look-alike the user labelled by hand, without the tracking id, is not ours.
    await kubectl(['create', 'configmap', 'lookalike', '-n', 'default']);
    await kubectl(['label', 'configmap/lookalike', '-n', 'default', 'sextant.dev/app=demo']);
    const r = await sextant([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('- ConfigMap default/settings (Extraneous)');
    expect(r.stdout).toContain('+ ConfigMap default/options (Missing)');
    expect(r.stdout).not.toContain('lookalike');
  });

  it('exits 2 with the list of apps for an unknown --app', async () => {
    const r = await sextant(['--app', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sextant diff: no app "nope" in the repository (apps: demo)\n');
  });

  it('exits 2 with one line when the kubeconfig cannot be read', async () => {
    const r = await sextant(['--kubeconfig', path.join(git.dir, 'no-such-kubeconfig')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no-such-kubeconfig');
    expect(r.stdout).toBe('');
  });
});
