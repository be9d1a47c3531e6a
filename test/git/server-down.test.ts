/**
 * An unreachable server is a retryable failure naming the repository and ref; the last good
 * commit is kept, and polling resumes when the server is back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitSource } from '../../src/adapters/git/git-source.js';
import { commitOf, sampleFiles, startGitFixture, type GitFixture } from '../helpers/git-repo.js';

let fx: GitFixture;
beforeAll(async () => {
  fx = await startGitFixture();
});
afterAll(() => fx.close());

it('fails retryably while the server is down and picks up where it was when it is back', async () => {
  const first = await fx.work.commitFiles('Initial', sampleFiles());
  await fx.work.push();
  const source = createGitSource({ repo: fx.url, ref: { branch: 'main' }, cacheDir: fx.cacheDir });
  expect(commitOf(await source.poll())).toBe(first);

  await fx.server.stop();
  const r = await source.poll();
  expect(r.kind).toBe('failed');
  if (r.kind !== 'failed') return;
  expect(r.lastGoodCommit).toBe(first);
  expect(r.error.code).toBe('unreachable');
  expect(r.error.retryable).toBe(true);
  expect(r.error.message).toBe(
    `cannot reach ${fx.url} (branch main): connect ECONNREFUSED 127.0.0.1:${fx.server.port}`,
  );

  await fx.server.start();
  const second = await fx.work.commitFiles('While it was down', { 'apps/web/new.yaml': 'kind: ConfigMap\n' });
  await fx.work.push();
  expect(await source.poll()).toMatchObject({ kind: 'updated', commit: second, previousCommit: first, forced: false });
});

it('a server that never answers in time is unreachable too', async () => {
  const { createServer } = await import('node:net');
  const sockets: import('node:net').Socket[] = [];
  const silent = createServer((s) => void sockets.push(s)); // accepts connections, never replies
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  const source = createGitSource({
    repo: `http://127.0.0.1:${port}/x.git`,
    cacheDir: fx.cacheDir,
    fetchTimeoutMs: 200,
  });
  const r = await source.poll();
  expect(r).toMatchObject({ kind: 'failed', error: { code: 'unreachable', retryable: true } });
  if (r.kind === 'failed') expect(r.error.message).toContain('timed out after 200 ms');
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});
