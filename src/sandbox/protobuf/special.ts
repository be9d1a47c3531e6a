/**
 * The API types whose JSON form is not "an object of their fields": metav1.Time, metav1.FieldsV1,
 * intstr.IntOrString and resource.Quantity. Each decodes its proto bytes to exactly what Go's
 * MarshalJSON of the unmarshalled value writes; an empty buffer is the Go zero value.
 */
import { readFields, WireError, WIRE_BYTES, WIRE_VARINT, type Tag, type WireReader } from './wire.js';

const utf8 = new TextDecoder();

/** Seconds of 0001-01-01T00:00:00Z, Go's zero time.Time. */
const GO_ZERO_TIME = -62135596800n;
/** Go's Time.MarshalJSON refuses years outside [0, 9999]. */
const MIN_JSON_SECONDS = -62167219200n;
const MAX_JSON_SECONDS = 253402300799n;

/** Go rejects a field whose wire type does not match its declaration instead of skipping it. */
function expectWire(tag: Tag, wireType: number, field: string): void {
  if (tag.wireType !== wireType) throw new WireError(`proto: wrong wireType = ${tag.wireType} for field ${field}`);
}

/** metav1.Time: zero is null; otherwise RFC 3339 in UTC at whole seconds (Go drops the nanos on decode). */
function decodeTime(buf: Uint8Array): string | null {
  if (buf.length === 0) return null;
  let seconds = 0n;
  readFields(buf, (r, tag) => {
    if (tag.field !== 1) return r.skip(tag.wireType);
    expectWire(tag, WIRE_VARINT, 'Seconds');
    seconds = BigInt.asIntN(64, r.readVarint());
  });
  if (seconds === GO_ZERO_TIME) return null;
  if (seconds < MIN_JSON_SECONDS || seconds > MAX_JSON_SECONDS) {
    throw new WireError('Time.MarshalJSON: year outside of range [0,9999]');
  }
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.FieldsV1: its raw bytes are the JSON. */
function decodeFieldsV1(buf: Uint8Array): unknown {
  let raw: Uint8Array | undefined;
  readFields(buf, (r, tag) => {
    if (tag.field !== 1) return r.skip(tag.wireType);
    expectWire(tag, WIRE_BYTES, 'Raw');
    raw = r.readBytes();
  });
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(utf8.decode(raw)) as unknown;
  } catch {
    throw new WireError('json: error calling MarshalJSON for type *v1.FieldsV1: invalid JSON in fieldsV1');
  }
}

/** intstr.IntOrString: a number for type 0, a string for type 1. */
function decodeIntOrString(buf: Uint8Array): number | string {
  let type = 0n;
  let intVal = 0;
  let strVal = '';
  readFields(buf, (r: WireReader, tag) => {
    switch (tag.field) {
      case 1:
        expectWire(tag, WIRE_VARINT, 'Type');
        type = BigInt.asIntN(64, r.readVarint());
        return;
      case 2:
        expectWire(tag, WIRE_VARINT, 'IntVal');
        intVal = Number(BigInt.asIntN(32, r.readVarint()));
        return;
      case 3:
        expectWire(tag, WIRE_BYTES, 'StrVal');
        strVal = utf8.decode(r.readBytes());
        return;
      default:
        r.skip(tag.wireType);
    }
  });
  if (type === 0n) return intVal;
  if (type === 1n) return strVal;
  throw new WireError('impossible IntOrString.Type');
}

/** The syntax resource.ParseQuantity accepts: a signed decimal, then a binary/decimal SI suffix or an exponent. */
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

/**
 * resource.Quantity travels as its canonical string (kubectl writes q.String()), so it is passed
 * through after the syntax check Go's decoder makes; the zero Quantity is "0".
 */
function decodeQuantity(buf: Uint8Array): string {
  let s: string | undefined;
  readFields(buf, (r, tag) => {
    if (tag.field !== 1) return r.skip(tag.wireType);
    expectWire(tag, WIRE_BYTES, 'String_');
    s = utf8.decode(r.readBytes());
  });
  if (s === undefined) return '0';
  if (!QUANTITY.test(s))
    throw new WireError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  return s;
}

export const SPECIAL_TYPES: ReadonlyMap<string, (buf: Uint8Array) => unknown> = new Map<
  string,
  (buf: Uint8Array) => unknown
>([
  ['meta.Time', decodeTime],
  ['meta.FieldsV1', decodeFieldsV1],
  ['intstr.IntOrString', decodeIntOrString],
  ['resource.Quantity', decodeQuantity],
]);
