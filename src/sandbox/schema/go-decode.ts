/**
 * How the apiserver's Go JSON decoder judges one scalar: the value names and type names in
 * UnmarshalTypeError, and the errors of the types with their own UnmarshalJSON (resource.Quantity,
 * metav1.Time, []byte as base64), worded exactly as Go words them.
 */
import { parseQuantity } from './defaults-quantity.js';

/** The JSON kind as UnmarshalTypeError.Value names it ("number 1.5" for a bad integer). */
export function goValueKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

const INT_RANGE = {
  int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63],
} as const;

/** Whether a JSON number fits a Go int32/int64 field (strconv.ParseInt on the literal). */
export function fitsInt(n: number, kind: 'int32' | 'int64'): boolean {
  const [lo, hi] = INT_RANGE[kind];
  return Number.isInteger(n) && n >= lo && n <= hi;
}

const QUANTITY_SHAPE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** resource.ParseQuantity's error for a value, or undefined when it parses. */
export function quantityError(v: unknown): string | undefined {
  if (v === null) return undefined;
  const text =
    typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v).replace('e+', 'e') : JSON.stringify(v);
  const m = QUANTITY_SHAPE.exec(text);
  if (!m) return `quantities must match the regular expression '${QUANTITY_SHAPE.source}'`;
  if (parseQuantity(text) !== undefined) return undefined;
  if ((m[1] ?? '').split('.').length > 2) return 'unable to parse numeric part of quantity';
  return "unable to parse quantity's suffix";
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LAYOUT = '2006-01-02T15:04:05Z07:00';
const MICRO_LAYOUT = '2006-01-02T15:04:05.000000Z07:00';

/** metav1.Time / MicroTime UnmarshalJSON errors (time.Parse with RFC3339 or RFC3339Micro). */
export function timeError(v: string, micro: boolean): string | undefined {
  const m = RFC3339.exec(v);
  const ok =
    m !== null &&
    Number(m[2]) >= 1 &&
    Number(m[2]) <= 12 &&
    Number(m[3]) >= 1 &&
    Number(m[3]) <= 31 &&
    Number(m[4]) < 24 &&
    Number(m[5]) < 60 &&
    Number(m[6]) < 60;
  if (ok) return undefined;
  const layout = micro ? MICRO_LAYOUT : LAYOUT;
  // The decoder reports the first layout element it could not match; for anything not even
  // starting with a year that is "2006", which is what hand-written values usually hit.
  const year = /^\d{4}/.test(v) ? '' : v;
  if (year !== '' || v === '') return `parsing time "${v}" as "${layout}": cannot parse "${v}" as "2006"`;
  return `parsing time "${v}" as "${layout}": cannot parse "${v.slice(4)}" as "-"`;
}

const B64 = /[A-Za-z0-9+/]/;

/** base64.StdEncoding.Decode's CorruptInputError for a []byte field, or undefined if valid. */
export function base64Error(s: string): string | undefined {
  const clean = s.replace(/[\r\n]/g, '');
  const firstPad = clean.indexOf('=');
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charAt(i);
    if (c === '=') {
      if (i < clean.length - 2 || (i === clean.length - 2 && clean.charAt(i + 1) !== '=') || i % 4 < 2) {
        return `illegal base64 data at input byte ${i}`;
      }
    } else if (!B64.test(c) || (firstPad >= 0 && i > firstPad)) {
      return `illegal base64 data at input byte ${i}`;
    }
  }
  if (clean.length % 4 !== 0) return `illegal base64 data at input byte ${clean.length - (clean.length % 4)}`;
  return undefined;
}
