import { describe, expect, it } from 'vitest';
import { appsChangedBetween, loadSnapshot } from '../../../src/core/manifests/load.js';
import type { SourceFile } from '../../../src/core/snapshot.js';
import { readFixture, sourceFile } from './fixture-files.js';

const base = readFixture('good');

function edit(files: SourceFile[], path: string, change: (text: string) => string): SourceFile[] {
  return files.map((f) => (f.path === path ? sourceFile(path, change(new TextDecoder().decode(f.content))) : f));
}

describe('which apps a commit changed', () => {
  const before = loadSnapshot(base);

  it('is every app on the first load', () => {
    expect(appsChangedBetween(undefined, before)).toEqual(['api', 'db', 'platform']);
  });

  it('is none when nothing a cluster would see changed: comments, key order, layout, file order', () => {
    let files = edit(
      base,
      'apps/db/deployment.yaml',
      (t) =>
        `# reformatted\n${t.replace('replicas: 1\n  selector:', 'selector:').replace('spec:\n', 'spec:\n  replicas: 1\n')}`,
    );
    // Move the Secret into a file of its own.
    files = edit(files, 'apps/db/service.yaml', (t) => t.slice(0, t.indexOf('---')));
    files.push(
      sourceFile(
        'apps/db/secret.yml',
        'apiVersion: v1\nkind: Secret\nmetadata: {name: postgres-auth}\ntype: Opaque\nstringData: {password: not-a-real-secret}\n',
      ),
    );
    const after = loadSnapshot(files.reverse());
    expect(after.errors).toEqual([]);
    expect(appsChangedBetween(before, after)).toEqual([]);
  });

  it('is the app whose resource changed', () => {
    const after = loadSnapshot(edit(base, 'apps/db/deployment.yaml', (t) => t.replace('postgres:16', 'postgres:17')));
    expect(appsChangedBetween(before, after)).toEqual(['db']);
  });

  it('is the app whose spec changed, even with the same resources', () => {
    const after = loadSnapshot(
      edit(base, 'apps/db/app.yaml', (t) => t.replace('historyLimit: 20', 'historyLimit: 30')),
    );
    expect(appsChangedBetween(before, after)).toEqual(['db']);
  });

  it('includes added and removed apps', () => {
    const files = base.filter((f) => !f.path.startsWith('apps/api/'));
    files.push(
      sourceFile('apps/cache/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: data}\n'),
    );
    expect(appsChangedBetween(before, loadSnapshot(files))).toEqual(['api', 'cache']);
  });

  it('does not depend on workflows or policies', () => {
    const after = loadSnapshot(edit(base, 'policies/windows.yaml', (t) => t.replace('1h30m', '2h')));
    expect(appsChangedBetween(before, after)).toEqual([]);
  });
});
