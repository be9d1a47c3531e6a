/**
 * How Go prints JSON values, for messages and annotations that must read byte for byte like
 * kube-apiserver's: encoding/json (sorted map keys, HTML-safe escapes) and fmt's %v / %q.
 */
import { isObj } from '../model.js';

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

// Field names and keys repeat endlessly across managedFields: quoting them once is a large saving.
const quoted = new Map<string, string>();
const QUOTE_CACHE_LIMIT = 20_000;

/** A JSON string literal as Go's encoding/json writes it (it escapes <, > and & for HTML safety). */
export function goQuoteJson(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    q = JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
    if (quoted.size < QUOTE_CACHE_LIMIT) quoted.set(s, q);
  }
  return q;
}

/** Go's float formatting in encoding/json: plain digits, exponents written with at least two digits. */
function goNumber(n: number): string {
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** encoding/json.Marshal of a decoded JSON value: compact, map keys sorted. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuoteJson(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isObj(v)) {
    const keys = Object.keys(v).sort(compareGoStrings);
    return `{${keys.map((k) => `${goQuoteJson(k)}:${goJson(v[k])}`).join(',')}}`;
  }
  return 'null';
}

/** Go's %q: a double-quoted string with Go escapes (close enough to JSON for printable text). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** fmt's %v of a decoded JSON value: map[k:v ...] with sorted keys, [a b] for slices, <nil> for null. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isObj(v)) {
    const keys = Object.keys(v).sort(compareGoStrings);
    return `map[${keys.map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  }
  return '';
}

/** Go compares strings byte by byte (UTF-8); JS compares UTF-16 units. They differ only past the BMP. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(a) && /^[\u0000-\u007f]*$/.test(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
