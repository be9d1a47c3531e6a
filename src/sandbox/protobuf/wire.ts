/**
 * The protobuf wire format, read defensively: every varint and length is bounds-checked, so a
 * truncated or hostile body ends in a WireError (the caller turns it into a 400), never a crash
 * or a loop. Error texts follow the Go (gogo) unmarshallers kube-apiserver uses.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

/** Groups are obsolete, but Go skips them in unknown fields; nesting is capped so a body of start-group tags cannot exhaust anything. */
const MAX_GROUP_DEPTH = 64;

export class WireError extends Error {}

export interface Tag {
  field: number;
  wireType: number;
}

export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** A 64-bit varint, as Go reads it: at most ten bytes, bits past the 64th dropped. */
  readVarint(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (shift >= 64n) throw new WireError('proto: integer overflow');
      const b = this.buf[this.pos];
      if (b === undefined) throw new WireError('unexpected EOF');
      this.pos++;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
  }

  readTag(): Tag {
    const key = this.readVarint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (wireType === WIRE_END_GROUP) throw new WireError('proto: wiretype end group for non-group');
    if (field <= 0 || field > 0x1fffffff) throw new WireError(`proto: illegal tag ${field} (wire type ${wireType})`);
    return { field, wireType };
  }

  readBytes(): Uint8Array {
    const len = this.readVarint();
    if (len > BigInt(Number.MAX_SAFE_INTEGER)) throw new WireError('proto: negative length found during unmarshaling');
    const end = this.pos + Number(len);
    if (end > this.buf.length) throw new WireError('unexpected EOF');
    const out = this.buf.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  readFixed32(): DataView {
    return this.take(4);
  }

  readFixed64(): DataView {
    return this.take(8);
  }

  /** Steps over a field this decoder has no descriptor for, the way Go's skipGenerated does. */
  skip(wireType: number, groupDepth = 0): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.readVarint();
        return;
      case WIRE_FIXED64:
        this.take(8);
        return;
      case WIRE_BYTES:
        this.readBytes();
        return;
      case WIRE_FIXED32:
        this.take(4);
        return;
      case WIRE_START_GROUP:
        this.skipGroup(groupDepth + 1);
        return;
      default:
        throw new WireError(`proto: illegal wireType ${wireType}`);
    }
  }

  private skipGroup(depth: number): void {
    if (depth > MAX_GROUP_DEPTH) throw new WireError('proto: groups nested too deeply');
    for (;;) {
      const key = this.readVarint();
      const wireType = Number(key & 7n);
      if (wireType === WIRE_END_GROUP) return;
      this.skip(wireType, depth);
    }
  }

  private take(n: number): DataView {
    if (this.pos + n > this.buf.length) throw new WireError('unexpected EOF');
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, n);
    this.pos += n;
    return view;
  }
}

/** Calls `onField` for each field of a message; the callback must consume the value (or skip it). */
export function readFields(buf: Uint8Array, onField: (r: WireReader, tag: Tag) => void): void {
  const r = new WireReader(buf);
  while (!r.done) onField(r, r.readTag());
}
