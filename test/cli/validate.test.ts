import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitFixture, type GitFixture } from '../helpers/git-repo.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(root, 'dist/src/main.js');

function readTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, readTree(path.join(dir, e.name), rel));
    else out[rel] = fs.readFileSync(path.join(dir, e.name), 'utf8');
  }
  return out;
}

function sextant(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [CLI, ...args, '--log-level', 'warn'], { timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

let git: GitFixture;
const example = readTree(path.join(root, 'examples-repo'));

beforeAll(async () => {
  git = await startGitFixture();
  await git.work.commitFiles('Add the shop', example);
  await git.work.push();
});
afterAll(async () => git.close());

describe('sextant validate', () => {
  it('summarises a valid repository served over HTTP, in dependency order (exit 0)', async () => {
    const r = await sextant(['validate', '--repo', git.url, '--cache-dir', path.join(git.dir, 'c1')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(main) "Add the shop" by Ada Tester');
    expect(r.stdout).toMatch(/database\s+shop\s+2\s+-\n\s+api\s+shop\s+4\s+database\n\s+web\s+shop\s+3\s+api/);
    expect(r.stdout).toContain('nightly-report (CronWorkflow)');
    expect(r.stdout).toContain('Valid: 3 apps, 9 resources, 1 workflow, 1 policy.');
  });

  it('prints every error as file:line:column and exits 1, for a broken commit', async () => {
    await git.work.commitFiles('Break things', {
      'apps/web/web.yaml': (example['apps/web/web.yaml'] ?? '').replace('  replicas: 2', '  replicaz: 2'),
      'apps/web/app.yaml': (example['apps/web/app.yaml'] ?? '').replace('dependsOn: [api]', 'dependsOn: [apii]'),
    });
    await git.work.push();
    const r = await sextant(['validate', '--repo', git.url, '--cache-dir', path.join(git.dir, 'c1')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('apps/web/web.yaml:7:3: spec.replicaz: unknown field "replicaz"');
    expect(r.stdout).toMatch(/apps\/web\/app\.yaml:7:15: .*"apii"/);
    expect(r.stdout).toContain('2 errors: this commit would not be applied.');
  });

  it('gives JSON with -o json', async () => {
    const r = await sextant(['validate', '--repo', git.url, '--cache-dir', path.join(git.dir, 'c2'), '-o', 'json']);
    const doc = JSON.parse(r.stdout) as { valid: boolean; errors: { file: string; line: number }[] };
    expect(doc.valid).toBe(false);
    expect(doc.errors.map((e) => `${e.file}:${e.line}`)).toEqual(['apps/web/app.yaml:7', 'apps/web/web.yaml:7']);
  });

  it('exits 2 with a one-line reason when the repository cannot be read', async () => {
    const r = await sextant(['validate', '--repo', `${git.url}-missing`, '--cache-dir', path.join(git.dir, 'c3')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('repo.git-missing');
  });

  it('reads a local repository at its committed tip, with a sub-path', async () => {
    const r = await sextant([
      'validate',
      '--repo',
      root,
      '--path',
      'examples-repo',
      '--cache-dir',
      path.join(git.dir, 'c4'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Valid: 3 apps');
  });
});
