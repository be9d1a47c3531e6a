/**
 * A local repository given as a path: the committed tip of the ref is read from its object store,
 * never the working tree; an unmoved ref costs no read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitSource } from '../../src/adapters/git/git-source.js';
import { commitOf, runGit, sampleFiles, text, WorkRepo } from '../helpers/git-repo.js';

let dir: string;
let work: WorkRepo;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-local-'));
  work = await WorkRepo.create(path.join(dir, 'repo'), 'http://127.0.0.1:9/unused.git');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('reads committed content only, ignoring uncommitted edits and untracked files', async () => {
  const first = await work.commitFiles('Initial', sampleFiles());
  const source = createGitSource({ repo: work.dir, cacheDir: path.join(dir, 'cache') });
  expect(source.describe()).toBe(`${work.dir} (default branch)`);

  await work.write({
    'apps/web/app.yaml': 'uncommitted edit\n',
    'apps/web/untracked.yaml': 'kind: ConfigMap\n',
  });
  await runGit(work.dir, ['add', 'apps/web/untracked.yaml']); // staged but not committed
  const r = await source.poll();
  expect(r).toMatchObject({ kind: 'updated', commit: first, content: { provenance: { ref: 'main' } } });
  if (r.kind !== 'updated') return;
  const app = r.content.files.find((f) => f.path === 'apps/web/app.yaml');
  expect(text(app?.content ?? new Uint8Array())).toContain('kind: Application');
  expect(r.content.files.map((f) => f.path)).not.toContain('apps/web/untracked.yaml');
  expect(await source.poll()).toEqual({ kind: 'unchanged', commit: first });

  const second = await work.commit('Commit the edits');
  expect(await source.poll()).toMatchObject({
    kind: 'updated',
    commit: second,
    previousCommit: first,
    content: { changedPaths: ['apps/web/app.yaml', 'apps/web/untracked.yaml'] },
  });
});

it('reads a branch other than the checked-out one, and a bare repository', async () => {
  await work.git('branch', 'other');
  const other = await work.commitFiles('Only on main', { 'apps/web/main-only.yaml': 'kind: ConfigMap\n' });
  const source = createGitSource({ repo: work.dir, ref: { branch: 'other' }, cacheDir: path.join(dir, 'cache') });
  const r = await source.poll();
  expect(r.kind).toBe('updated');
  expect(commitOf(r)).not.toBe(other);
  if (r.kind === 'updated') expect(r.content.files.map((f) => f.path)).not.toContain('apps/web/main-only.yaml');

  const bare = path.join(dir, 'bare.git');
  await runGit(dir, ['clone', '--quiet', '--bare', work.dir, bare]);
  const fromBare = createGitSource({ repo: bare, ref: { branch: 'main' }, cacheDir: path.join(dir, 'cache') });
  expect(await fromBare.poll()).toMatchObject({ kind: 'updated', commit: other });
});

it('reports a path that is not a repository', async () => {
  const source = createGitSource({ repo: path.join(dir, 'nothing-here'), cacheDir: path.join(dir, 'cache') });
  expect(await source.poll()).toMatchObject({ kind: 'failed', error: { code: 'not-found' } });
});
