import { describe, expect, it } from 'vitest';
import { createParseCache, loadSnapshot, type ParseCache, type ParsedFile } from '../../../src/core/manifests/load.js';
import { formatError } from '../../../src/core/snapshot.js';
import { readFixture, sourceFile } from './fixture-files.js';

/** A cache that counts parses: the loader stores every file it had to parse. */
function countingCache(): ParseCache & { parses: number; hits: number } {
  const inner = createParseCache();
  const cache = {
    parses: 0,
    hits: 0,
    get(blobId: string): ParsedFile | undefined {
      const found = inner.get(blobId);
      if (found) cache.hits += 1;
      return found;
    },
    set(blobId: string, parsed: ParsedFile): void {
      cache.parses += 1;
      inner.set(blobId, parsed);
    },
  };
  return cache;
}

describe('the parse cache', () => {
  const files = readFixture('good');
  const manifests = files.filter((f) => /^(apps|workflows|policies)\/.*\.(ya?ml|json)$/.test(f.path)).length;

  it('parses each manifest once, then reuses the parse for an unchanged commit', () => {
    const cache = countingCache();
    const first = loadSnapshot(files, { parseCache: cache });
    expect(cache.parses).toBe(manifests);
    const second = loadSnapshot(files, { parseCache: cache });
    expect(cache.parses).toBe(manifests);
    expect(cache.hits).toBe(manifests);
    expect(second).toEqual(first);
  });

  it('re-parses only the file a commit changed', () => {
    const cache = countingCache();
    loadSnapshot(files, { parseCache: cache });
    const changed = files.map((f) =>
      f.path === 'apps/db/service.yaml'
        ? sourceFile(f.path, new TextDecoder().decode(f.content).replace('port: 5432', 'port: 5433'))
        : f,
    );
    const snapshot = loadSnapshot(changed, { parseCache: cache });
    expect(cache.parses).toBe(manifests + 1);
    expect(snapshot.errors).toEqual([]);
  });

  it('gives a blob found at two paths the right file in every error and source', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: same, namespace: default}\n';
    const cache = countingCache();
    const snapshot = loadSnapshot([sourceFile('apps/a/cm.yaml', text), sourceFile('apps/b/cm.yaml', text)], {
      parseCache: cache,
    });
    expect(cache.parses).toBe(1);
    expect(snapshot.apps.map((a) => a.resources[0]?.source.file)).toEqual(['apps/a/cm.yaml', 'apps/b/cm.yaml']);
    expect(snapshot.errors.map(formatError)).toEqual([
      'apps/b/cm.yaml:1:1: ConfigMap "default/same" is declared twice: at apps/a/cm.yaml:1:1 and at apps/b/cm.yaml:1:1',
    ]);
  });

  it('keeps files with errors too, reporting them again without parsing', () => {
    const cache = countingCache();
    const bad = [sourceFile('apps/a/bad.yaml', 'a: [1, 2\n')];
    const first = loadSnapshot(bad, { parseCache: cache });
    const second = loadSnapshot(bad, { parseCache: cache });
    expect(cache.parses).toBe(1);
    expect(second.errors).toEqual(first.errors);
    expect(second.errors).toHaveLength(1);
  });

  it('forgets the least recently used entry when full', () => {
    const cache = createParseCache(2);
    const parsed = (n: number): ParsedFile => ({
      documents: [],
      problems: [{ line: n, column: 1, code: 'x', message: '' }],
    });
    cache.set('a', parsed(1));
    cache.set('b', parsed(2));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', parsed(3));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.problems[0]?.line).toBe(1);
    expect(cache.get('c')?.problems[0]?.line).toBe(3);
  });
});
