import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/sandbox/errors.js';
import { applyMergePatch, mergePatchObject } from '../../../src/sandbox/patch/merge-patch.js';

describe('applyMergePatch (RFC 7386)', () => {
  // The examples of RFC 7386 appendix A.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (doc, patch, want) => {
    expect(applyMergePatch(doc, patch)).toEqual(want);
  });

  it('replaces lists wholesale, as kubectl label/annotate patches rely on for maps only', () => {
    const live = { metadata: { labels: { a: '1', b: '2' }, finalizers: ['x', 'y'] } };
    expect(applyMergePatch(live, { metadata: { labels: { b: null, c: '3' }, finalizers: ['z'] } })).toEqual({
      metadata: { labels: { a: '1', c: '3' }, finalizers: ['z'] },
    });
  });

  it('never mutates its inputs', () => {
    const live = { metadata: { labels: { a: '1' } } };
    const patch = { metadata: { labels: { a: null } } };
    applyMergePatch(live, patch);
    expect(live).toEqual({ metadata: { labels: { a: '1' } } });
    expect(patch).toEqual({ metadata: { labels: { a: null } } });
  });
});

describe('mergePatchObject', () => {
  it('answers 400 "Invalid JSON Patch" for a patch that is not an object', () => {
    for (const bad of [null, 'x', 3]) {
      try {
        mergePatchObject({ a: 1 }, bad);
        throw new Error('accepted');
      } catch (e) {
        expect(e).toBeInstanceOf(ApiError);
        expect((e as ApiError).code).toBe(400);
        expect((e as ApiError).message).toBe('Invalid JSON Patch');
      }
    }
  });
});
