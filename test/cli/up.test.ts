import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kubectlFor, STATUS_TABLE } from '../helpers/kubectl.js';
import { waitFor } from '../daemon/daemon-helpers.js';

const CLI = path.join(process.cwd(), 'dist/src/main.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-up-'));
let child: ChildProcess | undefined;

function git(args: string[]): Promise<string> {
  const cwd = path.join(dir, 'repo');
  return new Promise((resolve, reject) =>
    execFile('git', ['-c', 'user.name=T', '-c', 'user.email=t@e', ...args], { cwd }, (err, out, stderr) =>
      err ? reject(new Error(stderr)) : resolve(out),
    ),
  );
}

afterAll(() => {
  child?.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('sextant up (what npm start runs)', () => {
  it('deploys examples-repo from its own Git server, follows a push, and stops on SIGTERM', async () => {
    let out = '';
    child = spawn('node', [CLI, 'up', '--dir', dir, '--listen', '127.0.0.1:18731', '--log-level', 'warn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    await waitFor(
      'the demo to start',
      () => Promise.resolve(out.includes('Sextant is running') ? true : undefined),
      30_000,
    );
    expect(out).toContain(`export KUBECONFIG=${path.join(dir, 'kubeconfig')}`);
    expect(out).toContain('sextant rollback api');
    const kubectl = kubectlFor(path.join(dir, 'kubeconfig'));
    const table = STATUS_TABLE;
    await waitFor(
      'database, api and web Synced and Healthy',
      async () => {
        const t = (await kubectl(table)).stdout;
        return ['database', 'api', 'web'].every((a) => new RegExp(`sextant-app-${a}\\s.*Synced\\s+Healthy`).test(t))
          ? true
          : undefined;
      },
      60_000,
    );
    const config = path.join(dir, 'repo/apps/api/config.yaml');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('LOG_LEVEL: info', 'LOG_LEVEL: debug'));
    await git(['commit', '-qam', 'api: debug logs']);
    await git(['push', '-q', 'origin', 'main']);
    await waitFor('api-config to say debug', async () => {
      const r = await kubectl(['get', 'cm', 'api-config', '-n', 'shop', '-o', 'jsonpath={.data.LOG_LEVEL}']);
      return r.stdout === 'debug' ? true : undefined;
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
