/**
 * A followed branch that disappears is reported as deleted, with the last good commit kept;
 * a branch that never existed is not found.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitSource } from '../../src/adapters/git/git-source.js';
import { commitOf, sampleFiles, startGitFixture, type GitFixture } from '../helpers/git-repo.js';

let fx: GitFixture;
beforeAll(async () => {
  fx = await startGitFixture();
  await fx.work.commitFiles('Initial', sampleFiles());
  await fx.work.push();
});
afterAll(() => fx.close());

it('reports ref-deleted and keeps the last good commit when the branch is deleted', async () => {
  await fx.work.git('checkout', '--quiet', '-b', 'release');
  const release = await fx.work.commitFiles('Release', { 'apps/web/release.yaml': 'kind: ConfigMap\n' });
  await fx.work.push('release');
  const source = createGitSource({ repo: fx.url, ref: { branch: 'release' }, cacheDir: fx.cacheDir });
  expect(commitOf(await source.poll())).toBe(release);

  await fx.work.push(':release');
  const r = await source.poll();
  expect(r.kind).toBe('failed');
  if (r.kind !== 'failed') return;
  expect(r.lastGoodCommit).toBe(release);
  expect(r.error.code).toBe('ref-deleted');
  expect(r.error.retryable).toBe(false);
  expect(r.error.message).toBe(`branch release was deleted from ${fx.url}`);

  // Pushed again: followed again.
  await fx.work.push('release');
  expect(await source.poll()).toMatchObject({ kind: 'unchanged', commit: release });
});

it('reports not-found for a branch that never existed', async () => {
  const source = createGitSource({ repo: fx.url, ref: { branch: 'nope' }, cacheDir: fx.cacheDir });
  const r = await source.poll();
  expect(r).toMatchObject({
    kind: 'failed',
    error: { code: 'not-found', message: `branch nope not found in ${fx.url}` },
  });
});

it('reports not-found for a repository the server does not have', async () => {
  const source = createGitSource({ repo: fx.server.url('missing'), cacheDir: fx.cacheDir });
  const r = await source.poll();
  expect(r).toMatchObject({ kind: 'failed', error: { code: 'not-found', retryable: false } });
  if (r.kind === 'failed') expect(r.error.message).toContain(`${fx.server.url('missing')} not found (HTTP 404)`);
});
