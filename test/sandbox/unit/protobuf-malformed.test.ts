/**
 * Hostile and hand-built protobuf bodies: whatever arrives, the decoder answers with the object or
 * an ApiError (400 for a broken body, 415 for a kind it cannot read), never a crash or a hang.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/sandbox/errors.js';
import { decodeKubeProtobuf, supportsProtobufKind } from '../../../src/sandbox/protobuf/decode.js';
import type { Obj } from '../../../src/sandbox/model.js';

// A minimal protobuf writer for building bodies by hand.
function varint(n: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
const num = (field: number, n: bigint | number): number[] => [...varint(field << 3), ...varint(n)];
const bytes = (field: number, b: number[]): number[] => [...varint((field << 3) | 2), ...varint(b.length), ...b];
const str = (field: number, s: string): number[] => bytes(field, [...Buffer.from(s)]);
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

function envelope(apiVersion: string, kind: string, raw: number[], extra: number[] = []): Uint8Array {
  return Uint8Array.from([...MAGIC, ...bytes(1, [...str(1, apiVersion), ...str(2, kind)]), ...bytes(2, raw), ...extra]);
}

function errorOf(body: Uint8Array): ApiError {
  try {
    decodeKubeProtobuf(body);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('decoded without error');
}

const namespace = (raw: number[]): Obj => decodeKubeProtobuf(envelope('v1', 'Namespace', raw));

describe('a malformed body is a 400', () => {
  it.each([
    ['an empty body', [], 'empty data'],
    ['a JSON body', [...Buffer.from('{"kind":"Namespace"}')], 'expected prefix [107 56 115 0]'],
    ['the magic alone', MAGIC, 'empty body'],
    ['a truncated varint', [...MAGIC, 0x0a, 0x80], 'unexpected EOF'],
    ['a length past the end', [...MAGIC, 0x12, 0xe8, 0x07, 1, 2, 3], 'unexpected EOF'],
    ['an 11-byte varint', [...MAGIC, 0x48, ...Array<number>(10).fill(0xff), 0x01], 'proto: integer overflow'],
    ['field number 0', [...MAGIC, 0x00, 0x00], 'illegal tag 0'],
    ['wire type 7', [...MAGIC, 0x4f], 'illegal wireType 7'],
    ['a stray end-group', [...MAGIC, 0x0c], 'end group'],
  ])('%s', (_, body, message) => {
    const err = errorOf(Uint8Array.from(body));
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toContain(message);
  });

  it('names the kind once the envelope is readable, as kube-apiserver does', () => {
    const err = errorOf(envelope('v1', 'Namespace', num(1, 5)));
    expect(err.code).toBe(400);
    expect(err.message).toBe(
      'Namespace in version "v1" cannot be handled as a Namespace: proto: wrong wireType = 0 for field metadata',
    );
  });

  it('a truncated inner message', () => {
    expect(errorOf(envelope('v1', 'Namespace', [0x0a, 0x05, 0x0a, 0x09, 0x61])).code).toBe(400);
  });

  it('an envelope without kind or apiVersion', () => {
    expect(errorOf(envelope('v1', '', [])).message).toContain("'Kind' is missing");
    expect(errorOf(envelope('', 'Namespace', [])).message).toContain("'apiVersion' is missing");
  });

  it('start-groups nested 100000 deep end quickly in a 400, not a stack overflow', () => {
    const raw = [...Array<number>(100_000).fill((99 << 3) | 3)].flatMap((b) => varint(b));
    const started = Date.now();
    expect(errorOf(envelope('v1', 'Namespace', raw)).code).toBe(400);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an IntOrString of an impossible type', () => {
    const port = [...str(1, 'http'), ...num(3, 80), ...bytes(4, [...num(1, 7), ...num(2, 8080)])];
    const err = errorOf(envelope('v1', 'Service', bytes(2, bytes(1, port))));
    expect(err.message).toContain('impossible IntOrString.Type');
  });

  it('a quantity kube-apiserver could not parse', () => {
    const hard = bytes(1, [...str(1, 'cpu'), ...bytes(2, str(1, '12xyz'))]);
    const err = errorOf(envelope('v1', 'ResourceQuota', bytes(2, hard)));
    expect(err.code).toBe(400);
    expect(err.message).toContain('quantities must match the regular expression');
  });

  it('a timestamp beyond year 9999', () => {
    expect(errorOf(envelope('v1', 'Namespace', bytes(1, bytes(8, num(1, 253402300800n))))).code).toBe(400);
  });
});

describe('kinds the sandbox cannot read are a 415', () => {
  it('an unsupported kind', () => {
    const err = errorOf(envelope('apps/v1', 'StatefulSet', []));
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(err.message).toContain('the body of the request was in an unknown format');
    expect(supportsProtobufKind('apps/v1', 'StatefulSet')).toBe(false);
    expect(supportsProtobufKind('scheduling.k8s.io/v1', 'PriorityClass')).toBe(false);
    expect(supportsProtobufKind('v1', 'toString')).toBe(false);
    expect(supportsProtobufKind('apps/v1', 'Deployment')).toBe(true);
  });

  it('a compressed payload', () => {
    expect(errorOf(envelope('v1', 'Namespace', [], str(3, 'gzip'))).code).toBe(415);
  });
});

describe('wire details Go handles, so must we', () => {
  it('skips fields newer than the tables, of every wire type', () => {
    const unknown = [...num(99, 1), ...str(100, 'x'), 0xa5, 0x06, 1, 2, 3, 4, 0xa9, 0x06, 1, 2, 3, 4, 5, 6, 7, 8];
    expect(namespace([...unknown, ...bytes(1, [...str(1, 'demo'), ...unknown])])).toEqual({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name: 'demo', creationTimestamp: null },
      spec: {},
      status: {},
    });
  });

  it('merges a message field that appears twice', () => {
    const labels = bytes(11, [...str(1, 'b'), ...str(2, '2')]);
    const labels2 = bytes(11, [...str(1, 'a'), ...str(2, '1')]);
    const ns = namespace([...bytes(1, [...str(1, 'demo'), ...labels]), ...bytes(1, labels2)]);
    expect(ns.metadata).toEqual({ name: 'demo', creationTimestamp: null, labels: { a: '1', b: '2' } });
    expect(Object.keys((ns.metadata as Obj).labels as Obj)).toEqual(['a', 'b']);
  });

  it('writes Time as RFC 3339 seconds in UTC, dropping nanos; Go zero time is null', () => {
    const ts = (t: number[]): unknown => (namespace(bytes(1, bytes(8, t))).metadata as Obj).creationTimestamp;
    expect(ts([...num(1, 1714979289), ...num(2, 500)])).toBe('2024-05-06T07:08:09Z');
    expect(ts(num(1, -62135596800n))).toBeNull();
    expect(ts(num(2, 1))).toBe('1970-01-01T00:00:00Z');
  });

  it('reads packed and unpacked repeated numbers and negative int64s', () => {
    const sc = (b: number[]): unknown => {
      const pod = decodeKubeProtobuf(envelope('v1', 'Pod', bytes(2, bytes(14, b))));
      return ((pod.spec as Obj).securityContext as Obj).supplementalGroups;
    };
    expect(sc(bytes(4, [1, 2, 3]))).toEqual([1, 2, 3]);
    expect(sc([...num(4, 1), ...num(4, -5)])).toEqual([1, -5]);
  });

  it('gives a map entry without a value the Go zero value', () => {
    const cm = decodeKubeProtobuf(envelope('v1', 'ConfigMap', [...bytes(2, str(1, 'k')), ...bytes(3, str(1, 'b'))]));
    expect(cm.data).toEqual({ k: '' });
    expect(cm.binaryData).toEqual({ b: '' });
  });
});

describe('mutated real bodies', () => {
  const dir = fileURLToPath(new URL('../../fixtures/protobuf/', import.meta.url));
  const bodies = readdirSync(dir)
    .filter((f) => f.endsWith('.bin'))
    .map((f) => readFileSync(dir + f));

  function outcome(body: Uint8Array): string {
    try {
      decodeKubeProtobuf(body);
      return 'ok';
    } catch (e) {
      if (e instanceof ApiError && (e.code === 400 || e.code === 415)) return String(e.code);
      throw e;
    }
  }

  it('every truncation of every fixture decodes or is a 400', () => {
    for (const body of bodies) {
      for (let n = 0; n < body.length; n++) expect(['ok', '400']).toContain(outcome(body.subarray(0, n)));
    }
  });

  it('random byte flips never escape as anything but an ApiError', () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const body of bodies) {
      for (let i = 0; i < 300; i++) {
        const copy = Uint8Array.from(body);
        for (let k = 0; k < 3; k++) copy[4 + rand(copy.length - 4)] = rand(256);
        expect(['ok', '400', '415']).toContain(outcome(copy));
      }
    }
  });
});
