/**
 * A pushed commit is seen within one poll, with its provenance, only its manifest files, and the
 * paths it changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitSource } from '../../src/adapters/git/git-source.js';
import type { GitSource } from '../../src/ports/git-source.js';
import { sampleFiles, startGitFixture, text, type GitFixture } from '../helpers/git-repo.js';

describe('a Git source following a branch', () => {
  let fx: GitFixture;
  let source: GitSource;
  let first: string;

  beforeAll(async () => {
    fx = await startGitFixture();
    first = await fx.work.commitFiles('Add web and db\n\nLonger body.', sampleFiles());
    await fx.work.push();
    source = createGitSource({ repo: fx.url, cacheDir: fx.cacheDir });
  });
  afterAll(() => fx.close());

  it('reads the default branch on the first poll, manifests only, with provenance', async () => {
    const r = await source.poll();
    expect(r.kind).toBe('updated');
    if (r.kind !== 'updated') return;
    expect(r.commit).toBe(first);
    expect(r.previousCommit).toBeUndefined();
    expect(r.forced).toBe(false);
    expect(r.content.changedPaths).toBeUndefined();
    expect(r.content.provenance).toEqual({
      commit: first,
      subject: 'Add web and db',
      author: { name: 'Ada Tester', email: 'ada@example.com' },
      time: '2024-01-02T03:04:05Z',
      ref: 'main',
    });
    expect(r.content.files.map((f) => f.path)).toEqual([
      'apps/db/config.json',
      'apps/db/deployment.yml',
      'apps/web/app.yaml',
      'apps/web/deployment.yaml',
      'policies/platform.yaml',
    ]);
    const app = r.content.files.find((f) => f.path === 'apps/web/app.yaml');
    expect(text(app?.content ?? new Uint8Array())).toContain('kind: Application');
    expect(app?.blobId).toMatch(/^[0-9a-f]{40}$/);
    expect(source.describe()).toBe(`${fx.url} (branch main)`);
  });

  it('sees the next pushed commit within one poll and lists the changed paths', async () => {
    const second = await fx.work.commitFiles('Bump web, drop db config', {
      'apps/web/deployment.yaml': sampleFiles('1.1.0')['apps/web/deployment.yaml'] ?? '',
      'apps/db/config.json': null,
      'apps/cache/redis.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: redis}\n',
      'docs/notes.txt': 'not a manifest\n',
    });
    await fx.work.push();
    const r = await source.poll();
    expect(r.kind).toBe('updated');
    if (r.kind !== 'updated') return;
    expect(r.commit).toBe(second);
    expect(r.previousCommit).toBe(first);
    expect(r.forced).toBe(false);
    expect(r.content.provenance.subject).toBe('Bump web, drop db config');
    expect(r.content.provenance.time).toBe('2024-01-02T03:05:05Z');
    expect(r.content.changedPaths).toEqual([
      'apps/cache/redis.yaml',
      'apps/db/config.json',
      'apps/web/deployment.yaml',
    ]);
    expect(r.content.files.map((f) => f.path)).toEqual([
      'apps/cache/redis.yaml',
      'apps/db/deployment.yml',
      'apps/web/app.yaml',
      'apps/web/deployment.yaml',
      'policies/platform.yaml',
    ]);
    const web = r.content.files.find((f) => f.path === 'apps/web/deployment.yaml');
    expect(text(web?.content ?? new Uint8Array())).toContain('web:1.1.0');
  });

  it('then reports unchanged', async () => {
    const r = await source.poll();
    expect(r).toEqual({ kind: 'unchanged', commit: await fx.work.head() });
  });

  it('skips symbolic links instead of following them', async () => {
    await fx.work.git('config', 'core.symlinks', 'true');
    const { symlink } = await import('node:fs/promises');
    await symlink('/etc/passwd', `${fx.work.dir}/apps/web/escape.yaml`);
    await symlink('../db/deployment.yml', `${fx.work.dir}/apps/web/linked.yaml`);
    await fx.work.commit('Add links');
    await fx.work.push();
    const r = await source.poll();
    expect(r.kind).toBe('updated');
    if (r.kind !== 'updated') return;
    expect(r.content.files.map((f) => f.path)).not.toContain('apps/web/escape.yaml');
    expect(r.content.files.map((f) => f.path)).not.toContain('apps/web/linked.yaml');
    expect(r.content.changedPaths).toEqual([]);
  });
});
