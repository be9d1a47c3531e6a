import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../../src/core/manifests/load.js';
import { formatError, type Snapshot } from '../../../src/core/snapshot.js';
import { sourceFile } from './fixture-files.js';

const configMap = (name: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\n`;

function report(snapshot: Snapshot): string[] {
  return snapshot.errors.map((e) => `${formatError(e)} [${e.code}]`);
}

describe('hostile input', () => {
  it('refuses a file over the size limit and still reads the others', () => {
    const snapshot = loadSnapshot(
      [
        sourceFile('apps/web/big.yaml', configMap('big') + `data: {x: "${'a'.repeat(200)}"}\n`),
        sourceFile('apps/web/small.yaml', configMap('small')),
      ],
      { limits: { maxFileBytes: 200 } },
    );
    expect(report(snapshot)).toEqual(['apps/web/big.yaml:1:1: file is 288 bytes, over the limit of 200 [too-large]']);
    expect(snapshot.apps[0]?.resources.map((r) => r.name)).toEqual(['small']);
  });

  it('stops reading once the snapshot is over its size limit', () => {
    const files = ['a', 'b', 'c', 'd'].map((n) => sourceFile(`apps/web/${n}.yaml`, configMap(n)));
    const size = files[0]?.content.byteLength ?? 0;
    const snapshot = loadSnapshot(files, { limits: { maxSnapshotBytes: size * 2 + 1 } });
    expect(report(snapshot)).toEqual([
      `apps/web/c.yaml:1:1: manifests exceed ${size * 2 + 1} bytes in total; this file and those after it are not read [too-large]`,
    ]);
    expect(snapshot.apps[0]?.resources.map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('refuses a file with too many documents, at the first document over the limit', () => {
    const text = ['x', 'y', 'z'].map(configMap).join('---\n');
    const snapshot = loadSnapshot([sourceFile('apps/web/many.yaml', text)], { limits: { maxDocumentsPerFile: 2 } });
    expect(report(snapshot)).toEqual([
      'apps/web/many.yaml:12:1: more than 2 documents in one file [too-many-documents]', // at its `---`,
    ]);
    expect(snapshot.apps[0]?.resources).toEqual([]);
  });

  it('refuses paths that could escape the repository, printing them safely', () => {
    const paths = [
      '../outside.yaml',
      '/etc/passwd.yaml',
      'apps/web/../../x.yaml',
      'apps\\web\\x.yaml',
      'apps/web/./x.yaml',
      'apps//x.yaml',
      'C:/x.yaml',
      'apps/web/evil\n.yaml',
    ];
    const snapshot = loadSnapshot(paths.map((p) => sourceFile(p, configMap('x'))));
    expect(report(snapshot)).toEqual([
      '../outside.yaml:1:1: paths that escape the repository (..) are refused [unsafe-path]',
      '/etc/passwd.yaml:1:1: absolute paths are refused [unsafe-path]',
      'C:/x.yaml:1:1: absolute paths are refused [unsafe-path]',
      'apps//x.yaml:1:1: paths with empty or "." segments are refused [unsafe-path]',
      'apps/web/../../x.yaml:1:1: paths that escape the repository (..) are refused [unsafe-path]',
      'apps/web/./x.yaml:1:1: paths with empty or "." segments are refused [unsafe-path]',
      'apps/web/evil\\u000a.yaml:1:1: control characters in paths are refused [unsafe-path]',
      'apps\\web\\x.yaml:1:1: backslashes in paths are refused [unsafe-path]',
    ]);
    expect(snapshot.apps).toEqual([]);
  });

  it('turns a billion-laughs document into one error, quickly', () => {
    let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol, namespace: default}\ndata:\n  l0: &l0 "lol"\n';
    for (let i = 1; i <= 30; i += 1)
      text += `  l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(',')}]\n`;
    const started = performance.now();
    const snapshot = loadSnapshot([sourceFile('apps/web/lol.yaml', text)]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(report(snapshot)).toEqual([
      'apps/web/lol.yaml:1:1: too many alias expansions (a "billion laughs" document?) [yaml-alias]',
    ]);
  });

  it('refuses deep nesting before the recursive parser sees it, again and again', () => {
    // Without the guard, a second deeply nested file in one process crashed V8 itself (not catchable).
    const deep = (n: number, i: number): string =>
      `# ${i}\n${'- '.repeat(n)}x\n---\na: ${'['.repeat(n)}${']'.repeat(n)}\n`;
    const files = [0, 1, 2, 3].map((i) => sourceFile(`apps/web/deep${i}.yaml`, deep(100_000, i)));
    const snapshot = loadSnapshot(files);
    expect(report(snapshot)).toEqual([
      'apps/web/deep0.yaml:2:255: nesting or indentation too deep to parse safely (over 128 levels) [too-deep]',
      'apps/web/deep1.yaml:2:255: nesting or indentation too deep to parse safely (over 128 levels) [too-deep]',
      'apps/web/deep2.yaml:2:255: nesting or indentation too deep to parse safely (over 128 levels) [too-deep]',
      'apps/web/deep3.yaml:2:255: nesting or indentation too deep to parse safely (over 128 levels) [too-deep]',
    ]);
  });

  it('keeps "__proto__" keys as plain data', () => {
    const text = `${configMap('proto')}data:\n  __proto__: {polluted: "yes"}\n`;
    const snapshot = loadSnapshot([sourceFile('apps/web/proto.yaml', text)]);
    expect(snapshot.errors).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const data = snapshot.apps[0]?.resources[0]?.object.data as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(data)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
  });

  it('executes no tags, reporting them instead', () => {
    const text = `${configMap('tags')}data:\n  a: !!js/function "function () { globalThis.pwned = true }"\n  b: !!python/object:os.system "id"\n`;
    const snapshot = loadSnapshot([sourceFile('apps/web/tags.yaml', text)]);
    expect(snapshot.errors.map((e) => e.code)).toEqual(['yaml-tag', 'yaml-tag']);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });
});
