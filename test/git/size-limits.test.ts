/**
 * Size limits: a file over the per-file limit, or a snapshot over the total, fails with
 * 'too-large' naming the file, and the last good commit is kept.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitSource } from '../../src/adapters/git/git-source.js';
import { commitOf, sampleFiles, startGitFixture, type GitFixture } from '../helpers/git-repo.js';

let fx: GitFixture;
beforeAll(async () => {
  fx = await startGitFixture();
});
afterAll(() => fx.close());

it('refuses a file over the per-file limit and keeps the last good commit', async () => {
  const good = await fx.work.commitFiles('Small files', sampleFiles());
  await fx.work.push();
  const limits = { maxFileBytes: 2_000, maxTotalBytes: 100_000 };
  const source = createGitSource({ repo: fx.url, cacheDir: fx.cacheDir, limits });
  expect(commitOf(await source.poll())).toBe(good);

  await fx.work.commitFiles('Huge file', { 'apps/web/huge.yaml': `data: "${'x'.repeat(5_000)}"\n` });
  await fx.work.push();
  const r = await source.poll();
  expect(r).toMatchObject({ kind: 'failed', lastGoodCommit: good, error: { code: 'too-large', retryable: false } });
  if (r.kind === 'failed') {
    expect(r.error.message).toBe(
      `${fx.url} (branch main): apps/web/huge.yaml is 5009 bytes, over the 2000-byte limit per file`,
    );
  }
  // Files that are not manifests do not count.
  await fx.work.commitFiles('Move it out of the way', {
    'apps/web/huge.yaml': null,
    'docs/huge.bin': 'x'.repeat(5_000),
  });
  await fx.work.push();
  expect(await source.poll()).toMatchObject({ kind: 'updated', previousCommit: good });
});

it('refuses a snapshot over the total limit', async () => {
  const source = createGitSource({
    repo: fx.url,
    cacheDir: fx.cacheDir,
    limits: { maxFileBytes: 2_000, maxTotalBytes: 500 },
  });
  const r = await source.poll();
  expect(r).toMatchObject({ kind: 'failed', error: { code: 'too-large' } });
  if (r.kind === 'failed') expect(r.error.message).toMatch(/exceed the 500-byte limit \(at apps\/.+\)$/);
});

it('does not read a commit that failed for good again at every poll', async () => {
  const source = createGitSource({
    repo: fx.url,
    cacheDir: fx.cacheDir,
    limits: { maxFileBytes: 2_000, maxTotalBytes: 500 },
  });
  expect(await source.poll()).toMatchObject({ kind: 'failed', error: { code: 'too-large' } });
  fx.server.clearLog();
  const started = performance.now();
  expect(await source.poll()).toMatchObject({ kind: 'failed', error: { code: 'too-large' } });
  expect(performance.now() - started).toBeLessThan(500);
  expect(fx.requests()).toHaveLength(1); // just the ls-refs
});
