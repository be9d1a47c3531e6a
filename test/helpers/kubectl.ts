/**
 * Running the real kubectl against a sandbox, with a fresh discovery cache per sandbox so cached
 * discovery never hides what the server answers.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

/** kubectl arguments of the status table DESIGN.md promises: one row per app, sync status and health. */
export const STATUS_TABLE = [
  'get',
  'cm',
  '-n',
  'sextant-system',
  '-l',
  'sextant.dev/kind=app-status',
  '-L',
  'sextant.dev/sync-status',
  '-L',
  'sextant.dev/health',
];

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kubectlFor(kubeconfigPath: string): (args: string[], input?: string) => Promise<KubectlResult> {
  const cacheDir = path.join(path.dirname(kubeconfigPath), 'kube-cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  return (args, input) =>
    new Promise((resolve) => {
      const child = execFile(
        KUBECTL,
        ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, ...args],
        { timeout: 60_000, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, KUBECONFIG: kubeconfigPath } },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      if (input !== undefined) child.stdin?.end(input);
    });
}

/** Starts `kubectl get --watch`-style commands and collects output until stopped. */
export function kubectlStream(
  kubeconfigPath: string,
  args: string[],
): { output: () => string; stop: () => Promise<void> } {
  const cacheDir = path.join(path.dirname(kubeconfigPath), 'kube-cache');
  const child = spawn(KUBECTL, ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, ...args]);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return {
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
