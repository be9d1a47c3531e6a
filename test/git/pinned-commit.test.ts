/**
 * A pinned commit is read once (even when it is not a branch tip) and never asked about again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitSource } from '../../src/adapters/git/git-source.js';
import { sampleFiles, startGitFixture, type GitFixture } from '../helpers/git-repo.js';

let fx: GitFixture;
let pinned: string;
beforeAll(async () => {
  fx = await startGitFixture();
  pinned = await fx.work.commitFiles('The pinned one', sampleFiles());
  await fx.work.commitFiles('Later', { 'apps/web/later.yaml': 'kind: ConfigMap\n' });
  await fx.work.push();
});
afterAll(() => fx.close());

it('reads the pinned commit once, then answers unchanged without any request', async () => {
  const source = createGitSource({ repo: fx.url, ref: { commit: pinned }, cacheDir: fx.cacheDir });
  const r = await source.poll();
  expect(r).toMatchObject({ kind: 'updated', commit: pinned, forced: false });
  if (r.kind === 'updated') {
    expect(r.content.provenance).toMatchObject({ subject: 'The pinned one', ref: pinned });
    expect(r.content.files.map((f) => f.path)).not.toContain('apps/web/later.yaml');
  }
  expect(source.describe()).toBe(`${fx.url} (commit ${pinned.slice(0, 12)})`);

  fx.server.clearLog();
  await fx.work.commitFiles('Even later', { 'apps/web/x.yaml': 'kind: ConfigMap\n' });
  await fx.work.push();
  fx.server.clearLog();
  expect(await source.poll()).toEqual({ kind: 'unchanged', commit: pinned });
  expect(fx.requests()).toHaveLength(0);
});

it('reports not-found for a commit the server does not have', async () => {
  const source = createGitSource({ repo: fx.url, ref: { commit: 'f'.repeat(40) }, cacheDir: fx.cacheDir });
  expect(await source.poll()).toMatchObject({ kind: 'failed', error: { code: 'not-found' } });
});

it('refuses an abbreviated sha', async () => {
  const source = createGitSource({ repo: fx.url, ref: { commit: pinned.slice(0, 7) }, cacheDir: fx.cacheDir });
  expect(await source.poll()).toMatchObject({ kind: 'failed', error: { code: 'invalid' } });
});
