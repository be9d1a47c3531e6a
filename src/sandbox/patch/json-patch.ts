/**
 * JSON patch (RFC 6902) as kube-apiserver applies application/json-patch+json, with the
 * behaviour and messages of the evanphx/json-patch v4 library it uses (a replace of a missing
 * object key adds it; negative array indices count from the end).
 */
import { ApiError, badRequest } from '../errors.js';
import { clone, isObj, type Obj } from '../model.js';

const MAX_OPERATIONS = 10000;

type Container = Obj | unknown[];

class OpError extends Error {}

const missing = (msg: string): OpError => new OpError(`${msg}: missing value`);

function decodeKey(k: string): string {
  return k.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** strconv.Atoi, with its error text. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new OpError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

function invalidIndex(idx: number): OpError {
  return new OpError(`Unable to access invalid index: ${idx}: invalid index referenced`);
}

function isContainer(v: unknown): v is Container {
  return Array.isArray(v) || isObj(v);
}

/** The container holding the last path segment, and that segment (unescaped). */
function findObject(doc: Container, path: string): [Container, string] | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let cur: Container = doc;
  for (const part of split.slice(1, -1)) {
    let next: unknown;
    try {
      next = get(cur, decodeKey(part));
    } catch {
      return undefined;
    }
    if (!isContainer(next)) return undefined;
    cur = next;
  }
  return [cur, decodeKey(split[split.length - 1] ?? '')];
}

function get(con: Container, key: string): unknown {
  if (!Array.isArray(con)) return con[key];
  const idx = atoi(key);
  if (idx >= con.length || idx < 0) throw invalidIndex(idx);
  return con[idx];
}

function add(con: Container, key: string, val: unknown): void {
  if (!Array.isArray(con)) {
    con[key] = val;
    return;
  }
  if (key === '-') {
    con.push(val);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (e) {
    throw new OpError(`value was not a proper array index: '${key}': ${(e as Error).message}`);
  }
  const size = con.length + 1;
  if (idx >= size || idx < -size) throw invalidIndex(idx);
  con.splice(idx < 0 ? idx + size : idx, 0, val);
}

function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!(key in con)) throw missing(`Unable to remove nonexistent key: ${key}`);
    delete con[key];
    return;
  }
  const idx = atoi(key);
  if (idx >= con.length || idx < -con.length) throw invalidIndex(idx);
  con.splice(idx < 0 ? idx + con.length : idx, 1);
}

/** evanphx's equality: arrays element-wise, and every key of the document's object present in the test value. */
function looselyEqual(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) {
    return (
      Array.isArray(expected) &&
      actual.length === expected.length &&
      actual.every((v, i) => looselyEqual(v, expected[i]))
    );
  }
  if (isObj(actual)) {
    if (!isObj(expected)) return false;
    return Object.entries(actual).every(
      ([k, v]) => k in expected && (v === null ? expected[k] === null : looselyEqual(v, expected[k])),
    );
  }
  return actual === expected;
}

function stringField(op: Obj, field: 'path' | 'from'): string {
  const v = op[field];
  if (v === undefined || v === null) {
    throw missing(field === 'path' ? 'operation missing path field' : 'operation, missing from field');
  }
  if (typeof v !== 'string') throw new OpError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type string`);
  return v;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (isObj(v)) return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/** Wraps a decode error the way each operation of the library does. */
function decoded<T>(fn: () => T, wrap: string, keepCause: boolean): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    throw keepCause ? new OpError(`${wrap}: ${e.message}`) : missing(wrap);
  }
}

function wrapped(fn: () => void, wrap: string): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    throw new OpError(`${wrap}: ${e.message}`);
  }
}

function applyOp(doc: Container, op: Obj): void {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  const value = op.value === undefined ? null : clone(op.value);
  switch (kind) {
    case 'add': {
      const path = decoded(() => stringField(op, 'path'), 'add operation failed to decode path', false);
      const found = findObject(doc, path);
      if (!found) throw missing(`add operation does not apply: doc is missing path: "${path}"`);
      return wrapped(() => add(found[0], found[1], value), `error in add for path: '${path}'`);
    }
    case 'remove': {
      const path = decoded(() => stringField(op, 'path'), 'remove operation failed to decode path', false);
      const found = findObject(doc, path);
      if (!found) throw missing(`remove operation does not apply: doc is missing path: "${path}"`);
      return wrapped(() => remove(found[0], found[1]), `error in remove for path: '${path}'`);
    }
    case 'replace': {
      const path = decoded(() => stringField(op, 'path'), 'replace operation failed to decode path', true);
      const found = findObject(doc, path);
      if (!found) throw missing(`replace operation does not apply: doc is missing path: ${path}`);
      const [con, key] = found;
      if (Array.isArray(con)) {
        let idx: number;
        try {
          idx = atoi(key);
          get(con, key);
        } catch {
          throw missing(`replace operation does not apply: doc is missing key: ${path}`);
        }
        con[idx] = value;
      } else con[key] = value;
      return;
    }
    case 'move': {
      const from = decoded(() => stringField(op, 'from'), 'move operation failed to decode from', true);
      const src = findObject(doc, from);
      if (!src) throw missing(`move operation does not apply: doc is missing from path: ${from}`);
      let val: unknown;
      wrapped(() => {
        val = get(src[0], src[1]);
        remove(src[0], src[1]);
      }, `error in move for path: '${src[1]}'`);
      const path = decoded(() => stringField(op, 'path'), 'move operation failed to decode path', true);
      const dst = findObject(doc, path);
      if (!dst) throw missing(`move operation does not apply: doc is missing destination path: ${path}`);
      return wrapped(() => add(dst[0], dst[1], val ?? null), `error in move for path: '${path}'`);
    }
    case 'test': {
      const path = decoded(() => stringField(op, 'path'), 'test operation failed to decode path', true);
      const found = findObject(doc, path);
      if (!found) throw missing(`test operation does not apply: is missing path: ${path}`);
      let actual: unknown;
      wrapped(() => {
        actual = get(found[0], found[1]);
      }, `error in test for path: '${path}'`);
      const failed = new OpError(`testing value ${path} failed: test failed`);
      if (actual === undefined || actual === null) {
        if (op.value === undefined || op.value === null) return;
        throw failed;
      }
      if (op.value === undefined || !looselyEqual(actual, op.value)) throw failed;
      return;
    }
    case 'copy': {
      const from = decoded(() => stringField(op, 'from'), 'copy operation failed to decode from', true);
      const src = findObject(doc, from);
      if (!src) throw missing(`copy operation does not apply: doc is missing from path: ${from}`);
      let val: unknown;
      wrapped(() => {
        val = get(src[0], src[1]);
      }, `error in copy for from: '${from}'`);
      const path = decoded(() => stringField(op, 'path'), 'copy operation failed to decode path', false);
      const dst = findObject(doc, path);
      if (!dst) throw missing(`copy operation does not apply: doc is missing destination path: ${path}`);
      return wrapped(() => add(dst[0], dst[1], clone(val ?? null)), 'error while adding value during copy');
    }
    default:
      throw new OpError(`Unexpected kind: ${kind}`);
  }
}

/**
 * The 422 the apiserver answers when an operation cannot apply. The apiserver itself sends no
 * cause; this one carries the library's message (naming the op) and the op's path as the field.
 */
function cannotApply(message: string, op: Obj | null, index: number): ApiError {
  const field = typeof op?.path === 'string' ? op.path : `[${index}]`;
  return new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ type: 'FieldValueInvalid', message, field }],
  });
}

/**
 * Applies an RFC 6902 patch to a copy of `doc`. A body that is not a list of operation objects
 * is a 400 (as when the apiserver fails to decode it); an operation that cannot apply is a 422.
 */
export function applyJsonPatch(doc: Obj, ops: unknown): Obj {
  if (ops === null) return clone(doc);
  if (!Array.isArray(ops)) {
    throw badRequest(`json: cannot unmarshal ${jsonKind(ops)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of ops) {
    if (op !== null && !isObj(op)) {
      throw badRequest(`json: cannot unmarshal ${jsonKind(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  if (ops.length > MAX_OPERATIONS) {
    throw new ApiError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`,
    );
  }
  const out = clone(doc);
  (ops as (Obj | null)[]).forEach((op, i) => {
    try {
      applyOp(out, op ?? {});
    } catch (e) {
      if (e instanceof OpError) throw cannotApply(e.message, op, i);
      throw e;
    }
  });
  return out;
}
