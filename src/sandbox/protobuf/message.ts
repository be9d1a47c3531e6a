/**
 * Decodes one protobuf message into the JSON Go's encoding/json would write for the API struct
 * it unmarshals into: unset pointers, slices and maps are left out (null without omitempty),
 * non-pointer structs always appear, omitempty scalars only when non-zero, []byte is base64,
 * embedded structs are inlined and map keys sorted.
 */
import { MESSAGES } from './registry.js';
import type { FieldDesc, MessageDesc } from './schema.js';
import { SPECIAL_TYPES } from './special.js';
import {
  readFields,
  WireError,
  WireReader,
  WIRE_BYTES,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_VARINT,
  type Tag,
} from './wire.js';

/** Far deeper than any API type nests (CronJob -> ... -> LabelSelectorRequirement is ~15). */
const MAX_DEPTH = 64;

const utf8 = new TextDecoder();
const EMPTY = new Uint8Array(0);

/** What the wire said about one field: scalars as values, message fields as their byte chunks. */
type Collected =
  | { kind: 'single'; value: unknown; chunks: Uint8Array[] }
  | { kind: 'list'; items: unknown[] }
  | { kind: 'map'; entries: Map<string, unknown> };

function isMessageType(type: string): boolean {
  return MESSAGES.has(type) || SPECIAL_TYPES.has(type);
}

function wireTypeOf(type: string): number {
  switch (type) {
    case 'double':
      return WIRE_FIXED64;
    case 'float':
      return WIRE_FIXED32;
    case 'string':
    case 'bytes':
      return WIRE_BYTES;
    default:
      return isMessageType(type) ? WIRE_BYTES : WIRE_VARINT;
  }
}

function readScalar(r: WireReader, type: string): unknown {
  switch (type) {
    case 'string':
      return utf8.decode(r.readBytes());
    case 'bytes':
      return Buffer.from(r.readBytes()).toString('base64');
    case 'bool':
      return r.readVarint() !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, r.readVarint()));
    case 'uint32':
      return Number(BigInt.asUintN(32, r.readVarint()));
    case 'int64':
      return Number(BigInt.asIntN(64, r.readVarint()));
    case 'uint64':
      return Number(r.readVarint());
    case 'double':
      return finite(r.readFixed64().getFloat64(0, true));
    case 'float':
      return finite(r.readFixed32().getFloat32(0, true));
    default:
      throw new Error(`not a scalar type: ${type}`);
  }
}

/** encoding/json refuses NaN and infinities. */
function finite(n: number): number {
  if (!Number.isFinite(n)) throw new WireError(`json: unsupported value: ${n}`);
  return n;
}

/** Proto semantics: a message field seen twice is the merge of both, i.e. the parse of their concatenation. */
function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 0) return EMPTY;
  if (chunks.length === 1) return chunks[0] ?? EMPTY;
  return Buffer.concat(chunks);
}

function decodeValue(type: string, buf: Uint8Array, depth: number): unknown {
  const special = SPECIAL_TYPES.get(type);
  if (special) return special(buf);
  const msg = MESSAGES.get(type);
  if (!msg) throw new Error(`unknown message ${type}`);
  return decodeMessageDesc(msg, buf, depth);
}

/** A map entry is a message {1: key, 2: value}; missing parts are Go zero values. */
function readMapEntry(buf: Uint8Array, f: FieldDesc, depth: number): [string, unknown] {
  let key = '';
  let scalar: unknown;
  const chunks: Uint8Array[] = [];
  readFields(buf, (r, tag) => {
    if (tag.field === 1) {
      expectWire(tag, WIRE_BYTES, f, 'key');
      key = utf8.decode(r.readBytes());
    } else if (tag.field === 2) {
      expectWire(tag, wireTypeOf(f.type), f, 'value');
      if (isMessageType(f.type)) chunks.push(r.readBytes());
      else scalar = readScalar(r, f.type);
    } else {
      r.skip(tag.wireType);
    }
  });
  if (isMessageType(f.type)) return [key, decodeValue(f.type, concat(chunks), depth + 1)];
  // gogo starts a map value at []byte{}, not nil, so a missing bytes value is "" rather than null.
  return [key, scalar ?? (f.type === 'bytes' ? '' : zeroOf(f.type))];
}

function expectWire(tag: Tag, wireType: number, f: FieldDesc, part = ''): void {
  if (tag.wireType !== wireType) {
    const name = (f.json || f.type) + (part ? `.${part}` : '');
    throw new WireError(`proto: wrong wireType = ${tag.wireType} for field ${name}`);
  }
}

function collectField(r: WireReader, tag: Tag, f: FieldDesc, slot: Collected | undefined, depth: number): Collected {
  if (f.shape === 'map') {
    expectWire(tag, WIRE_BYTES, f);
    const s = slot?.kind === 'map' ? slot : { kind: 'map' as const, entries: new Map<string, unknown>() };
    const [k, v] = readMapEntry(r.readBytes(), f, depth);
    s.entries.set(k, v);
    return s;
  }
  if (f.shape === 'list') {
    const s = slot?.kind === 'list' ? slot : { kind: 'list' as const, items: [] };
    const wt = wireTypeOf(f.type);
    if (isMessageType(f.type)) {
      expectWire(tag, WIRE_BYTES, f);
      s.items.push(decodeValue(f.type, r.readBytes(), depth + 1));
    } else if (tag.wireType === WIRE_BYTES && wt !== WIRE_BYTES) {
      // Packed repeated numbers: Go accepts both encodings.
      const packed = new WireReader(r.readBytes());
      while (!packed.done) s.items.push(readScalar(packed, f.type));
    } else {
      expectWire(tag, wt, f);
      s.items.push(readScalar(r, f.type));
    }
    return s;
  }
  const s = slot?.kind === 'single' ? slot : { kind: 'single' as const, value: undefined, chunks: [] };
  expectWire(tag, wireTypeOf(f.type), f);
  if (isMessageType(f.type)) s.chunks.push(r.readBytes());
  else s.value = readScalar(r, f.type);
  return s;
}

function zeroOf(type: string): unknown {
  switch (type) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'bytes':
      return null; // a nil []byte
    default:
      return 0;
  }
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false || v === null;
}

/** The JSON for one field, or undefined when Go would leave the key out. */
function renderField(f: FieldDesc, slot: Collected | undefined, depth: number): unknown {
  if (f.shape === 'list') {
    if (slot?.kind === 'list' && slot.items.length > 0) return slot.items;
    return f.omitempty ? undefined : null;
  }
  if (f.shape === 'map') {
    // encoding/json writes map keys sorted.
    if (slot?.kind === 'map')
      return Object.fromEntries([...slot.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return f.omitempty ? undefined : null;
  }
  const present = slot?.kind === 'single';
  if (isMessageType(f.type)) {
    // A nil pointer is left out (or null); a struct value always has a JSON form, zero or not.
    if (!present && f.pointer) return f.omitempty ? undefined : null;
    return decodeValue(f.type, present ? concat(slot.chunks) : EMPTY, depth + 1);
  }
  if (f.pointer) {
    if (!present || slot.value === undefined) return f.omitempty ? undefined : null;
    return slot.value;
  }
  const value = present && slot.value !== undefined ? slot.value : zeroOf(f.type);
  return f.omitempty && isZero(value) ? undefined : value;
}

export function decodeMessageDesc(msg: MessageDesc, buf: Uint8Array, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw new WireError('proto: message nested too deeply');
  const slots = new Map<number, Collected>();
  readFields(buf, (r, tag) => {
    const f = msg.byNum.get(tag.field);
    if (!f) return r.skip(tag.wireType); // a field newer than these tables: Go skips it too
    slots.set(f.num, collectField(r, tag, f, slots.get(f.num), depth));
  });
  const out: Record<string, unknown> = {};
  for (const f of msg.fields) {
    const value = renderField(f, slots.get(f.num), depth);
    if (value === undefined) continue;
    if (f.inline) {
      // Go flattens an embedded struct; a key the outer struct declares itself wins.
      if (typeof value === 'object' && value !== null) {
        for (const [k, v] of Object.entries(value)) if (!msg.fields.some((o) => o.json === k)) out[k] = v;
      }
      continue;
    }
    out[f.json] = value;
  }
  return out;
}

/** Decodes `buf` as the named message (e.g. 'core.Namespace'). */
export function decodeMessage(type: string, buf: Uint8Array): Record<string, unknown> {
  const msg = MESSAGES.get(type);
  if (!msg) throw new Error(`unknown message ${type}`);
  return decodeMessageDesc(msg, buf, 0);
}
