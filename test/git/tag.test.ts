/**
 * Following a tag: annotated and lightweight tags are peeled to their commit, and a tag that is
 * moved to another commit is picked up like a branch that moved.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitSource } from '../../src/adapters/git/git-source.js';
import { commitOf, sampleFiles, startGitFixture, type GitFixture } from '../helpers/git-repo.js';

let fx: GitFixture;
let v1: string;
beforeAll(async () => {
  fx = await startGitFixture();
  v1 = await fx.work.commitFiles('Release 1', sampleFiles());
  await fx.work.git('tag', '-a', 'v1', '-m', 'version 1');
  await fx.work.git('tag', 'light');
  await fx.work.commitFiles('Work after the release', { 'apps/web/later.yaml': 'kind: ConfigMap\n' });
  await fx.work.push();
  await fx.work.push('--tags');
});
afterAll(() => fx.close());

it('reads the commit an annotated tag points at, not the branch tip', async () => {
  const source = createGitSource({ repo: fx.url, ref: { tag: 'v1' }, cacheDir: fx.cacheDir });
  const r = await source.poll();
  expect(r).toMatchObject({ kind: 'updated', commit: v1 });
  if (r.kind !== 'updated') return;
  expect(r.content.provenance).toMatchObject({ commit: v1, subject: 'Release 1', ref: 'v1' });
  expect(r.content.files.map((f) => f.path)).not.toContain('apps/web/later.yaml');
  expect(source.describe()).toBe(`${fx.url} (tag v1)`);
  expect(await source.poll()).toEqual({ kind: 'unchanged', commit: v1 });
});

it('reads a lightweight tag', async () => {
  const source = createGitSource({ repo: fx.url, ref: { tag: 'light' }, cacheDir: fx.cacheDir });
  expect(await source.poll()).toMatchObject({ kind: 'updated', commit: v1 });
});

it('follows a tag that is moved, and says so when it is deleted', async () => {
  const source = createGitSource({ repo: fx.url, ref: { tag: 'v1' }, cacheDir: fx.cacheDir });
  expect(commitOf(await source.poll())).toBe(v1);
  const v1b = await fx.work.commitFiles('Release 1, fixed', { 'apps/web/fix.yaml': 'kind: ConfigMap\n' });
  await fx.work.git('tag', '-f', '-a', 'v1', '-m', 'version 1, moved');
  await fx.work.push('refs/tags/v1', { force: true });
  const r = await source.poll();
  expect(r).toMatchObject({ kind: 'updated', commit: v1b, previousCommit: v1, forced: false });
  if (r.kind === 'updated') {
    expect(r.content.changedPaths).toEqual(['apps/web/fix.yaml', 'apps/web/later.yaml']);
  }

  await fx.work.push(':refs/tags/v1');
  expect(await source.poll()).toMatchObject({
    kind: 'failed',
    lastGoodCommit: v1b,
    error: { code: 'ref-deleted', message: `tag v1 was deleted from ${fx.url}` },
  });
});
