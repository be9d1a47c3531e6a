/**
 * The frame around every Kubernetes protobuf body: the 4-byte magic `k8s\0`, then a
 * runtime.Unknown {typeMeta{apiVersion, kind}, raw, contentEncoding, contentType} whose `raw`
 * holds the typed message (which itself carries no apiVersion or kind).
 */
import { readFields, WireError, WIRE_BYTES } from './wire.js';

export const PROTOBUF_MAGIC: readonly number[] = [0x6b, 0x38, 0x73, 0x00];

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

const utf8 = new TextDecoder();

function readTypeMeta(buf: Uint8Array): { apiVersion: string; kind: string } {
  const tm = { apiVersion: '', kind: '' };
  readFields(buf, (r, tag) => {
    if (tag.field !== 1 && tag.field !== 2) return r.skip(tag.wireType);
    if (tag.wireType !== WIRE_BYTES) throw new WireError(`proto: wrong wireType = ${tag.wireType} for field TypeMeta`);
    const value = utf8.decode(r.readBytes());
    if (tag.field === 1) tm.apiVersion = value;
    else tm.kind = value;
  });
  return tm;
}

/** Splits a body into its envelope; the messages mirror the Go protobuf serializer's. */
export function readEnvelope(body: Uint8Array): Envelope {
  if (body.length === 0) throw new WireError('empty data');
  if (body.length < PROTOBUF_MAGIC.length || PROTOBUF_MAGIC.some((b, i) => body[i] !== b)) {
    throw new WireError(
      `provided data does not appear to be a protobuf message, expected prefix [${PROTOBUF_MAGIC.join(' ')}]`,
    );
  }
  if (body.length === PROTOBUF_MAGIC.length) throw new WireError('empty body');
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  readFields(body.subarray(PROTOBUF_MAGIC.length), (r, tag) => {
    if (tag.field < 1 || tag.field > 4) return r.skip(tag.wireType);
    if (tag.wireType !== WIRE_BYTES) throw new WireError(`proto: wrong wireType = ${tag.wireType} for field Unknown`);
    const bytes = r.readBytes();
    if (tag.field === 1) Object.assign(env, readTypeMeta(bytes));
    else if (tag.field === 2) env.raw = bytes;
    else if (tag.field === 3) env.contentEncoding = utf8.decode(bytes);
    else env.contentType = utf8.decode(bytes);
  });
  return env;
}
