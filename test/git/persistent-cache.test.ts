/**
 * The cache directory persists across restarts: a new source on the same cache fetches only what
 * is new and compares with the commit read before the restart; a cache that gathered too many
 * packfiles is rebuilt without losing its place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitSource } from '../../src/adapters/git/git-source.js';
import { commitOf, sampleFiles, startGitFixture, type GitFixture } from '../helpers/git-repo.js';

let fx: GitFixture;
beforeAll(async () => {
  fx = await startGitFixture();
});
afterAll(() => fx.close());

function bytesFetched(fx: GitFixture): number {
  return fx.requests().reduce((n, e) => n + e.responseBytes, 0);
}

it('after a restart, reads from the cache without fetching, relative to the commit read before', async () => {
  const first = await fx.work.commitFiles('Initial', sampleFiles());
  await fx.work.push();
  expect(commitOf(await createGitSource({ repo: fx.url, cacheDir: fx.cacheDir }).poll())).toBe(first);

  // Restarted, nothing new: protocol discovery and one ls-refs (protocol v2), no fetch (v1).
  fx.server.clearLog();
  const again = await createGitSource({ repo: fx.url, cacheDir: fx.cacheDir }).poll();
  expect(again).toMatchObject({ kind: 'updated', commit: first, previousCommit: first, content: { changedPaths: [] } });
  expect(fx.requests().map((e) => `${e.method} ${e.path} ${e.gitProtocol}`)).toEqual([
    'GET /repo.git/info/refs version=2',
    'POST /repo.git/git-upload-pack version=2',
  ]);

  // Restarted after a push: an incremental fetch, and changedPaths relative to the last read.
  const second = await fx.work.commitFiles('One change', { 'apps/web/app.yaml': 'kind: Application\n' });
  await fx.work.push();
  fx.server.clearLog();
  const r = await createGitSource({ repo: fx.url, cacheDir: fx.cacheDir }).poll();
  expect(r).toMatchObject({
    kind: 'updated',
    commit: second,
    previousCommit: first,
    forced: false,
    content: { changedPaths: ['apps/web/app.yaml'] },
  });
  expect(bytesFetched(fx)).toBeLessThan(3_000);
});

it('rebuilds a cache with too many packfiles and keeps polling incrementally', async () => {
  const cacheDir = path.join(fx.dir, 'cache-packs');
  const source = createGitSource({ repo: fx.url, cacheDir, maxPacks: 2 });
  await source.poll();
  const packDir = fs.readdirSync(path.join(cacheDir, 'git')).find((d) => !d.endsWith('.json')) ?? '';
  const packs = (): number =>
    fs.readdirSync(path.join(cacheDir, 'git', packDir, 'objects', 'pack')).filter((f) => f.endsWith('.pack')).length;

  for (let i = 0; i < 3; i++) {
    const c = await fx.work.commitFiles(`Change ${i}`, { 'apps/web/n.yaml': `kind: ConfigMap\n# ${i}\n` });
    await fx.work.push();
    expect(await source.poll()).toMatchObject({ kind: 'updated', commit: c, forced: false });
    expect(packs()).toBeLessThanOrEqual(2);
  }
  const last = await fx.work.commitFiles('After the rebuild', { 'apps/db/x.yaml': 'kind: ConfigMap\n' });
  await fx.work.push();
  expect(await source.poll()).toMatchObject({
    kind: 'updated',
    commit: last,
    forced: false,
    content: { changedPaths: ['apps/db/x.yaml'] },
  });
});
