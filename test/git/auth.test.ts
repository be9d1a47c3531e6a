/**
 * A protected repository: the right credentials read it; wrong or missing ones are an 'auth'
 * failure; credentials never show in errors, describe() or logs.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitSource, type GitLogger } from '../../src/adapters/git/git-source.js';
import { sampleFiles, startGitFixture, type GitFixture } from '../helpers/git-repo.js';

const SECRET = 's3cr3t-p4ss';
let fx: GitFixture;
beforeAll(async () => {
  fx = await startGitFixture({ auth: { username: 'deploy', password: SECRET } });
  await fx.work.commitFiles('Initial', sampleFiles());
  await fx.work.push();
});
afterAll(() => fx.close());

function recordingLogger(lines: string[]): GitLogger {
  const rec = (obj: object, msg?: string): void => void lines.push(JSON.stringify({ ...obj, msg }));
  return { debug: rec, info: rec, warn: rec };
}

it('reads the repository with the right password, sent up front (no 401 round trip)', async () => {
  const lines: string[] = [];
  const source = createGitSource({
    repo: fx.url,
    cacheDir: fx.cacheDir,
    credentials: { username: 'deploy', password: SECRET },
    logger: recordingLogger(lines),
  });
  fx.server.clearLog();
  expect((await source.poll()).kind).toBe('updated');
  expect((await source.poll()).kind).toBe('unchanged');
  expect(fx.requests().every((e) => e.status === 200)).toBe(true);
  expect(lines.join('\n')).not.toContain(SECRET);
});

it('reads it with a token (basic auth, token as password)', async () => {
  const tokenFx = await startGitFixture({ auth: { username: 'x-access-token', password: 'tok-123' } });
  try {
    await tokenFx.work.commitFiles('Initial', sampleFiles());
    await tokenFx.work.push();
    const source = createGitSource({
      repo: tokenFx.url,
      cacheDir: tokenFx.cacheDir,
      credentials: { token: 'tok-123' },
    });
    expect((await source.poll()).kind).toBe('updated');
  } finally {
    await tokenFx.close();
  }
});

it('fails with auth on a wrong password, without printing it', async () => {
  const source = createGitSource({
    repo: fx.url,
    cacheDir: fx.cacheDir,
    credentials: { username: 'deploy', password: 'wrong-password' },
  });
  const r = await source.poll();
  expect(r).toMatchObject({ kind: 'failed', error: { code: 'auth', retryable: false } });
  if (r.kind !== 'failed') return;
  expect(r.error.message).toBe(`cannot read ${fx.url} (default branch): the credentials were refused (HTTP 401)`);
  expect(JSON.stringify(r)).not.toContain('wrong-password');
});

it('fails with auth when no credentials are given', async () => {
  const source = createGitSource({ repo: fx.url, ref: { branch: 'main' }, cacheDir: fx.cacheDir });
  const r = await source.poll();
  expect(r).toMatchObject({ kind: 'failed', error: { code: 'auth' } });
  if (r.kind === 'failed') {
    expect(r.error.message).toBe(
      `cannot read ${fx.url} (branch main): it needs credentials and none were given (HTTP 401)`,
    );
  }
});

it('takes credentials out of a URL and never prints them', async () => {
  const withCreds = fx.url.replace('http://', `http://deploy:${SECRET}@`);
  const source = createGitSource({ repo: withCreds, cacheDir: fx.cacheDir });
  expect(source.describe()).toBe(`${fx.url} (default branch)`);
  expect((await source.poll()).kind).toBe('updated');

  const wrong = createGitSource({ repo: fx.url.replace('http://', 'http://deploy:nope-nope@'), cacheDir: fx.cacheDir });
  const r = await wrong.poll();
  expect(r.kind).toBe('failed');
  expect(JSON.stringify(r)).not.toContain('nope-nope');
  expect(wrong.describe()).not.toContain('nope-nope');
});
