/**
 * History rewritten on the server (a force-push) is read like any new commit and reported as forced.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitSource } from '../../src/adapters/git/git-source.js';
import { commitOf, sampleFiles, startGitFixture, type GitFixture } from '../helpers/git-repo.js';

let fx: GitFixture;
beforeAll(async () => {
  fx = await startGitFixture();
});
afterAll(() => fx.close());

it('reports forced: true when the new commit does not descend from the last one read', async () => {
  const base = await fx.work.commitFiles('Base', sampleFiles());
  await fx.work.commitFiles('Good change', { 'apps/web/extra.yaml': 'kind: ConfigMap\n' });
  const bad = await fx.work.commitFiles('Bad change', { 'apps/web/bad.yaml': 'kind: Secret\n' });
  await fx.work.push();
  const source = createGitSource({ repo: fx.url, ref: { branch: 'main' }, cacheDir: fx.cacheDir });
  expect(commitOf(await source.poll())).toBe(bad);

  // Drop the bad commit and rewrite history on the server.
  await fx.work.git('reset', '--hard', base);
  const rewritten = await fx.work.commitFiles('Rewritten change', { 'apps/web/other.yaml': 'kind: Service\n' });
  await fx.work.push(undefined, { force: true });

  const r = await source.poll();
  expect(r.kind).toBe('updated');
  if (r.kind !== 'updated') return;
  expect(r).toMatchObject({ commit: rewritten, previousCommit: bad, forced: true });
  expect(r.content.changedPaths).toEqual(['apps/web/bad.yaml', 'apps/web/extra.yaml', 'apps/web/other.yaml']);
  expect(r.content.files.map((f) => f.path)).not.toContain('apps/web/extra.yaml');

  // A plain fast-forward afterwards is not forced.
  const next = await fx.work.commitFiles('Next', { 'apps/web/other.yaml': 'kind: Service\nmetadata: {name: x}\n' });
  await fx.work.push();
  expect(await source.poll()).toMatchObject({
    kind: 'updated',
    commit: next,
    previousCommit: rewritten,
    forced: false,
  });
});

it('reports forced: true when the branch is reset to an older commit', async () => {
  const source = createGitSource({ repo: fx.url, cacheDir: fx.cacheDir });
  const current = commitOf(await source.poll());
  await fx.work.git('reset', '--hard', 'HEAD~1');
  const older = await fx.work.head();
  await fx.work.push(undefined, { force: true });
  fx.server.clearLog();
  expect(await source.poll()).toMatchObject({ kind: 'updated', commit: older, previousCommit: current, forced: true });
  // The older commit was already in the cache: nothing was fetched.
  expect(fx.requests().map((e) => e.path)).toEqual(['/repo.git/git-upload-pack']);
});
