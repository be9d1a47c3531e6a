import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/sandbox/errors.js';
import type { Obj } from '../../../src/sandbox/model.js';
import { applyJsonPatch } from '../../../src/sandbox/patch/json-patch.js';

const cm = (): Obj => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'app', namespace: 'demo', annotations: { team: 'a' } },
  data: { a: '1', b: '2' },
  list: ['x', 'y', 'z'],
});

/** The 422 kube answers for an operation that cannot apply, with the library's text as the cause. */
function failure(doc: Obj, ops: unknown): ApiError {
  try {
    applyJsonPatch(doc, ops);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('patch applied');
}

describe('applyJsonPatch', () => {
  it('applies add, remove, replace, move, copy and test in order', () => {
    const out = applyJsonPatch(cm(), [
      { op: 'test', path: '/data/a', value: '1' },
      { op: 'add', path: '/data/c', value: '3' },
      { op: 'remove', path: '/data/b' },
      { op: 'replace', path: '/data/a', value: 'one' },
      { op: 'move', from: '/data/c', path: '/data/moved' },
      { op: 'copy', from: '/data/a', path: '/data/copied' },
    ]);
    expect(out.data).toEqual({ a: 'one', moved: '3', copied: 'one' });
  });

  it('never mutates the document it is given', () => {
    const doc = cm();
    applyJsonPatch(doc, [{ op: 'add', path: '/data/z', value: 'q' }]);
    expect(doc).toEqual(cm());
  });

  it('unescapes ~1 and ~0 in pointers (annotation keys with slashes)', () => {
    const out = applyJsonPatch(cm(), [
      { op: 'add', path: '/metadata/annotations/example.com~1owner', value: 'me' },
      { op: 'add', path: '/metadata/annotations/tilde~0key', value: 't' },
    ]);
    expect(out.metadata).toMatchObject({ annotations: { team: 'a', 'example.com/owner': 'me', 'tilde~key': 't' } });
  });

  it("appends with '-' and inserts at an index", () => {
    const out = applyJsonPatch(cm(), [
      { op: 'add', path: '/list/-', value: 'end' },
      { op: 'add', path: '/list/0', value: 'start' },
      { op: 'add', path: '/list/5', value: 'last' },
    ]);
    expect(out.list).toEqual(['start', 'x', 'y', 'z', 'end', 'last']);
  });

  it('counts negative indices from the end, as evanphx/json-patch does', () => {
    expect(applyJsonPatch(cm(), [{ op: 'remove', path: '/list/-1' }]).list).toEqual(['x', 'y']);
  });

  it('lets replace create a missing object key (kube behaviour, unlike strict RFC 6902)', () => {
    expect(applyJsonPatch(cm(), [{ op: 'replace', path: '/data/new', value: 'v' }]).data).toEqual({
      a: '1',
      b: '2',
      new: 'v',
    });
  });

  it('rejects an add under a missing parent with 422 and names the op in the cause', () => {
    const e = failure(cm(), [{ op: 'add', path: '/metadata/labels/app', value: 'web' }]);
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.message).toBe('the server rejected our request due to an error in our request');
    expect(e.details?.causes?.[0]?.message).toBe(
      'add operation does not apply: doc is missing path: "/metadata/labels/app": missing value',
    );
    expect(e.details?.causes?.[0]?.field).toBe('/metadata/labels/app');
  });

  it('rejects removing a key that is not there', () => {
    expect(failure(cm(), [{ op: 'remove', path: '/data/nope' }]).details?.causes?.[0]?.message).toBe(
      "error in remove for path: '/data/nope': Unable to remove nonexistent key: nope: missing value",
    );
  });

  it('rejects an index past the end', () => {
    expect(failure(cm(), [{ op: 'add', path: '/list/9', value: 1 }]).details?.causes?.[0]?.message).toBe(
      "error in add for path: '/list/9': Unable to access invalid index: 9: invalid index referenced",
    );
    expect(failure(cm(), [{ op: 'replace', path: '/list/3', value: 1 }]).details?.causes?.[0]?.message).toBe(
      'replace operation does not apply: doc is missing key: /list/3: missing value',
    );
  });

  it('fails the whole patch when a test fails, leaving nothing applied', () => {
    const doc = cm();
    const e = failure(doc, [
      { op: 'add', path: '/data/c', value: '3' },
      { op: 'test', path: '/data/a', value: 'not-1' },
    ]);
    expect(e.details?.causes?.[0]?.message).toBe('testing value /data/a failed: test failed');
    expect(doc).toEqual(cm());
  });

  it('treats a test for null as passing on a missing member', () => {
    expect(() => applyJsonPatch(cm(), [{ op: 'test', path: '/data/none', value: null }])).not.toThrow();
  });

  it('reports operations it does not know and operations without a path', () => {
    expect(failure(cm(), [{ op: 'frobnicate', path: '/a' }]).details?.causes?.[0]?.message).toBe(
      'Unexpected kind: frobnicate',
    );
    expect(failure(cm(), [{ op: 'add', value: 1 }]).details?.causes?.[0]?.message).toBe(
      'add operation failed to decode path: missing value',
    );
    expect(failure(cm(), [{ op: 'move', path: '/a' }]).details?.causes?.[0]?.message).toBe(
      'move operation failed to decode from: operation, missing from field: missing value',
    );
  });

  it('answers 400 when the body is not a list of operations', () => {
    const e = failure(cm(), { op: 'add', path: '/a', value: 1 });
    expect(e.code).toBe(400);
    expect(e.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    expect(failure(cm(), ['add']).message).toBe(
      'json: cannot unmarshal string into Go value of type jsonpatch.Operation',
    );
  });

  it('caps a patch at 10000 operations with 413', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/data/a', value: '1' }));
    expect(failure(cm(), ops).code).toBe(413);
  });
});
