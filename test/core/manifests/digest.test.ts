import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultAppSpec } from '../../../src/core/manifests/application.js';
import { canonicalJson, digestApp } from '../../../src/core/manifests/digest.js';
import { sha256Hex } from '../../../src/core/manifests/sha256.js';
import type { Resource } from '../../../src/core/snapshot.js';

const nodeSha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

describe('sha256Hex', () => {
  it('matches node:crypto on every length around the block boundaries', () => {
    for (let n = 0; n <= 200; n += 1) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      expect(sha256Hex(bytes)).toBe(nodeSha256(bytes));
    }
  });

  it('matches node:crypto on text and on a megabyte', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('héllo ✓')).toBe(nodeSha256('héllo ✓'));
    const big = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7) & 0xff);
    expect(sha256Hex(big)).toBe(nodeSha256(big));
  });
});

describe('app digests', () => {
  const resource = (name: string, data: Record<string, string>): Resource => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name,
    namespace: 'default',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data },
    source: { file: `apps/a/${name}.yaml`, line: 1, column: 1 },
  });

  it('sorts keys, so key order never matters', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }], e: null })).toBe('{"a":[{"c":"x","d":2}],"b":1,"e":null}');
  });

  it('is the SHA-256 of the canonical spec and resources in identity order', () => {
    const spec = defaultAppSpec();
    const a = resource('a', { k: 'v' });
    const b = resource('b', { k: 'w' });
    const expected = nodeSha256(canonicalJson({ spec, resources: [a.object, b.object] }));
    expect(digestApp(spec, [b, a])).toBe(`sha256:${expected}`);
  });

  it('ignores where resources were declared, but not what they say', () => {
    const spec = defaultAppSpec();
    const moved = { ...resource('a', { k: 'v' }), source: { file: 'apps/a/other.yaml', line: 9, column: 1 } };
    expect(digestApp(spec, [moved])).toBe(digestApp(spec, [resource('a', { k: 'v' })]));
    expect(digestApp(spec, [resource('a', { k: 'changed' })])).not.toBe(digestApp(spec, [resource('a', { k: 'v' })]));
    expect(digestApp({ ...spec, suspended: true }, [])).not.toBe(digestApp(spec, []));
  });
});
