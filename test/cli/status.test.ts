import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Command } from 'commander';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKubeClient } from '../../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../../src/adapters/kube/kube-config.js';
import { registerStatus, runStatus, type StatusFlags } from '../../src/cli/status.js';
import { createAppStatusStore } from '../../src/engine/status/app-status-store.js';
import type { AppStatus } from '../../src/engine/sync/sync-types.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const NOW = new Date('2024-05-01T12:00:00Z');

const web: AppStatus = {
  app: 'web',
  syncStatus: 'Synced',
  health: 'Healthy',
  revision: '3f2a9c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49',
  historyRevision: 7,
  message: 'applied 1 object, 2 unchanged',
  syncedAt: '2024-05-01T11:57:00Z',
  objects: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      sync: 'Synced',
      health: 'Healthy',
      message: 'Deployment "web" successfully rolled out',
    },
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      namespace: '',
      name: 'shop',
      sync: 'Synced',
      health: 'Healthy',
      message: '',
    },
  ],
};
const db: AppStatus = {
  ...web,
  app: 'db',
  syncStatus: 'Failed',
  health: 'Degraded',
  revision: '0badc0ffee0badc0ffee0badc0ffee0badc0ffee',
  historyRevision: 12,
  message: 'StatefulSet data/db: 0 of 1 replicas ready',
  syncedAt: '2024-04-29T09:00:00Z',
  objects: [],
};

/** A port nothing listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('sextant status', () => {
  let sb: TestSandbox;

  async function status(flags: Partial<StatusFlags>): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runStatus(
      { namespace: 'sextant-system', output: 'text', kubeconfig: sb.kubeconfigPath, ...flags },
      { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, now: () => NOW },
    );
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    sb = await startTestSandbox({ controllers: false });
  });
  afterAll(() => sb.stop());

  it('says so when no app has been synced yet', async () => {
    expect(await status({})).toEqual({
      code: 0,
      stdout: 'No apps have been synced yet (namespace sextant-system).\n',
      stderr: '',
    });
  });

  it('prints an aligned table of every app, and JSON with -o json', async () => {
    const kube = createKubeClient(loadKubeConfig({ kubeconfigPath: sb.kubeconfigPath, env: {} }));
    const store = createAppStatusStore(kube, { namespace: 'sextant-system' });
    await store.write(web);
    await store.write(db);

    const table = await status({});
    expect(table.code).toBe(0);
    expect(table.stdout).toBe(
      [
        'APP   SYNC     HEALTH     REVISION   HISTORY   SYNCED   MESSAGE',
        'db    Failed   Degraded   0badc0f    12        2d3h     StatefulSet data/db: 0 of 1 replicas ready',
        'web   Synced   Healthy    3f2a9c1    7         3m       applied 1 object, 2 unchanged',
        '',
      ].join('\n'),
    );

    const json = await status({ output: 'json' });
    expect(JSON.parse(json.stdout)).toEqual({ namespace: 'sextant-system', apps: [db, web] });
  });

  it('shows one app with its objects', async () => {
    const detail = await status({ app: 'web' });
    expect(detail.code).toBe(0);
    expect(detail.stdout).toBe(
      [
        'App:        web',
        'Sync:       Synced',
        'Health:     Healthy',
        'Revision:   3f2a9c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49',
        'History:    7',
        'Synced:     2024-05-01T11:57:00Z (3m ago)',
        'Message:    applied 1 object, 2 unchanged',
        '',
        'KIND         NAMESPACE   NAME   SYNC     HEALTH    MESSAGE',
        'Deployment   shop        web    Synced   Healthy   Deployment "web" successfully rolled out',
        'Namespace    <none>      shop   Synced   Healthy',
        '',
      ].join('\n'),
    );
    expect(JSON.parse((await status({ app: 'db', output: 'json' })).stdout)).toEqual(db);
  });

  it('exits 1 naming the apps that have a status when the app has none', async () => {
    expect(await status({ app: 'nope' })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'sextant status: no status for app "nope" (apps with status: db, web)\n',
    });
  });

  it('exits 2 naming the endpoint when the cluster cannot be reached', async () => {
    const kubeconfig = path.join(sb.dir, 'unreachable');
    const port = await closedPort();
    const text = fs.readFileSync(sb.kubeconfigPath, 'utf8').replace(/server: \S+/, `server: http://127.0.0.1:${port}`);
    fs.writeFileSync(kubeconfig, text);
    const run = await status({ kubeconfig });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(`^sextant status: .*cannot reach .*http://127\\.0\\.0\\.1:${port}.*ECONNREFUSED`),
    );
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it('is a command with --app, --namespace, --kubeconfig and -o', async () => {
    const program = new Command('sextant').exitOverride().configureOutput({ writeErr: () => undefined });
    registerStatus(program, () => ({ debug: () => undefined }) as unknown as Logger);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['status', '--kubeconfig', sb.kubeconfigPath, '-n', 'elsewhere', '-o', 'json'], {
        from: 'user',
      });
      expect(process.exitCode).toBe(0);
      expect(JSON.parse(String(out.mock.calls[0]?.[0]))).toEqual({ namespace: 'elsewhere', apps: [] });
    } finally {
      out.mockRestore();
      process.exitCode = undefined;
    }
    expect(() => program.parse(['status', '-o', 'yaml'], { from: 'user' })).toThrow(/Allowed choices are text, json/);
  });
});
