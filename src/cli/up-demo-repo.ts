/**
 * The demo repository of `sextant up`: a bare repository served over HTTP on 127.0.0.1 (so the daemon
 * runs its real remote code path) and a working clone holding examples-repo/, committed with the git
 * CLI, where the user edits, commits, pushes and reverts.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** examples-repo/ of the installed package (dist/src/cli -> package root). */
export function defaultExamplesDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples-repo');
}

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'user.name=Sextant Demo', '-c', 'user.email=demo@sextant.invalid', ...args],
      { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout, stderr) =>
        err ? reject(new Error(`git ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout.trim()),
    );
  });
}

export interface DemoRepo {
  /** Directory holding demo.git, served by the Git server. */
  servedRoot: string;
  /** The working clone the user edits. */
  workDir: string;
}

/**
 * Creates <dir>/served/demo.git and <dir>/repo (a clone with examples-repo committed), unless a previous
 * run left them: then they are kept, so the user's commits survive a restart of the demo.
 */
export async function prepareDemoRepo(
  dir: string,
  examplesDir: string,
  remoteUrl: string,
): Promise<DemoRepo & { created: boolean }> {
  const servedRoot = path.join(dir, 'served');
  const bare = path.join(servedRoot, 'demo.git');
  const workDir = path.join(dir, 'repo');
  const exists = await fs
    .stat(path.join(bare, 'HEAD'))
    .then(() => true)
    .catch(() => false);
  if (exists) {
    await git(workDir, ['remote', 'set-url', 'origin', remoteUrl]);
    return { servedRoot, workDir, created: false };
  }
  await fs.mkdir(bare, { recursive: true });
  await git(bare, ['init', '--quiet', '--bare', '-b', 'main']);
  await fs.rm(workDir, { recursive: true, force: true });
  await fs.cp(examplesDir, workDir, { recursive: true });
  await git(workDir, ['init', '--quiet', '-b', 'main']);
  await git(workDir, ['remote', 'add', 'origin', remoteUrl]);
  await git(workDir, ['add', '-A']);
  await git(workDir, ['commit', '--quiet', '-m', 'Shop: database, api and web']);
  return { servedRoot, workDir, created: true };
}

export async function pushDemoRepo(workDir: string): Promise<void> {
  await git(workDir, ['push', '--quiet', 'origin', 'main']);
}
