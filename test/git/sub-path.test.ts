/**
 * A sub-path: only the files under it, with paths relative to it; escaping paths are refused.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitSource } from '../../src/adapters/git/git-source.js';
import { startGitFixture, type GitFixture } from '../helpers/git-repo.js';

let fx: GitFixture;
beforeAll(async () => {
  fx = await startGitFixture();
  await fx.work.commitFiles('Two clusters', {
    'clusters/prod/apps/web/deploy.yaml': 'kind: Deployment\n',
    'clusters/prod/policies/p.yaml': 'kind: Policy\n',
    'clusters/staging/apps/web/deploy.yaml': 'kind: Deployment\n',
    'top.yaml': 'kind: ConfigMap\n',
  });
  await fx.work.push();
});
afterAll(() => fx.close());

it('returns only the files under the sub-path, relative to it', async () => {
  const source = createGitSource({ repo: fx.url, path: './clusters/prod/', cacheDir: fx.cacheDir });
  expect(source.describe()).toBe(`${fx.url} (default branch, path clusters/prod)`);
  const r = await source.poll();
  expect(r.kind).toBe('updated');
  if (r.kind !== 'updated') return;
  expect(r.content.files.map((f) => f.path)).toEqual(['apps/web/deploy.yaml', 'policies/p.yaml']);
  expect(source.describe()).toBe(`${fx.url} (branch main, path clusters/prod)`);

  // A commit outside the sub-path moves the commit but changes none of its paths.
  const next = await fx.work.commitFiles('Staging only', {
    'clusters/staging/apps/web/deploy.yaml': 'kind: Service\n',
  });
  await fx.work.push();
  expect(await source.poll()).toMatchObject({ kind: 'updated', commit: next, content: { changedPaths: [] } });
});

it.each([['../outside'], ['/etc'], ['clusters/../../x']])('refuses the path %s', async (p) => {
  const source = createGitSource({ repo: fx.url, path: p, cacheDir: fx.cacheDir });
  expect(await source.poll()).toMatchObject({ kind: 'failed', error: { code: 'invalid', retryable: false } });
});

it('reports a sub-path that does not exist at the commit', async () => {
  const source = createGitSource({ repo: fx.url, path: 'clusters/dev', cacheDir: fx.cacheDir });
  const r = await source.poll();
  expect(r).toMatchObject({ kind: 'failed', error: { code: 'not-found' } });
  if (r.kind === 'failed') expect(r.error.message).toContain('path "clusters/dev" is not a directory in commit');
});
