/**
 * An unchanged ref costs exactly one small request and no fetch: counted from the server's log.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitSource } from '../../src/adapters/git/git-source.js';
import { sampleFiles, startGitFixture, type GitFixture } from '../helpers/git-repo.js';

let fx: GitFixture;
beforeAll(async () => {
  fx = await startGitFixture();
  await fx.work.commitFiles('Initial', sampleFiles());
  await fx.work.push();
});
afterAll(() => fx.close());

it('asks for the ref with one small request per poll and never fetches when nothing moved', async () => {
  const source = createGitSource({ repo: fx.url, ref: { branch: 'main' }, cacheDir: fx.cacheDir });
  expect((await source.poll()).kind).toBe('updated');

  fx.server.clearLog();
  for (let i = 0; i < 5; i++) expect((await source.poll()).kind).toBe('unchanged');
  const log = fx.requests();
  expect(log).toHaveLength(5);
  for (const req of log) {
    // A protocol v2 ls-refs for the one ref: no discovery GET, no upload-pack negotiation.
    expect(req).toMatchObject({ method: 'POST', path: '/repo.git/git-upload-pack', status: 200 });
    expect(req.gitProtocol).toBe('version=2');
    expect(req.requestBytes).toBeLessThan(200);
    expect(req.responseBytes).toBeLessThan(200);
  }
});

it('fetches only when the ref moved, and only the new objects', async () => {
  const source = createGitSource({ repo: fx.url, cacheDir: fx.cacheDir });
  expect((await source.poll()).kind).toBe('updated');
  await fx.work.commitFiles('Touch one file', {
    'apps/web/app.yaml': 'apiVersion: sextant.dev/v1alpha1\nkind: Application\nmetadata: {name: web}\n',
  });
  await fx.work.push();
  fx.server.clearLog();
  const r = await source.poll();
  expect(r.kind).toBe('updated');
  const log = fx.requests();
  // ls-refs, then the fetch: ref advertisement + one upload-pack exchange.
  expect(log.map((e) => `${e.method} ${e.path}`)).toEqual([
    'POST /repo.git/git-upload-pack',
    'GET /repo.git/info/refs',
    'POST /repo.git/git-upload-pack',
  ]);
  expect(log[2]?.responseBytes).toBeLessThan(2_000);
});

it('falls back to one protocol v1 ref advertisement per poll on a server without protocol v2', async () => {
  const v1 = await startGitFixture({ protocolV2: false });
  try {
    await v1.work.commitFiles('Initial', sampleFiles());
    await v1.work.push();
    const source = createGitSource({ repo: v1.url, cacheDir: v1.cacheDir });
    expect((await source.poll()).kind).toBe('updated');
    v1.server.clearLog();
    expect((await source.poll()).kind).toBe('unchanged');
    expect(v1.requests().map((e) => `${e.method} ${e.path}?${e.query}`)).toEqual([
      'GET /repo.git/info/refs?service=git-upload-pack',
    ]);
    const next = await v1.work.commitFiles('Next', { 'apps/web/n.yaml': 'kind: ConfigMap\n' });
    await v1.work.push();
    expect(await source.poll()).toMatchObject({
      kind: 'updated',
      commit: next,
      content: { changedPaths: ['apps/web/n.yaml'] },
    });
  } finally {
    await v1.close();
  }
});
