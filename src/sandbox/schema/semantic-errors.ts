/**
 * Field errors exactly as apimachinery's field.Error renders them in a 1.32 apiserver: the
 * StatusCause message is ErrorBody() ("Invalid value: <value>: <detail>"), and bad values are
 * printed the way Go's fmt does (%q for strings, %#v for maps, slices and structs).
 */
import type { StatusCause } from '../errors.js';
import { isObj } from '../model.js';

/** field.Path rendering: `spec.ports[0].name`, `data[key]`. */
export function child(path: string, ...names: string[]): string {
  return names.reduce((p, n) => (p ? `${p}.${n}` : n), path);
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

function withDetail(body: string, detail: string): string {
  return detail ? `${body}: ${detail}` : body;
}

/** `value` is already rendered Go-style; use goQuote/goStringMap/... to build it. */
export function invalid(field: string, value: string, detail: string): StatusCause {
  return { type: 'FieldValueInvalid', message: withDetail(`Invalid value: ${value}`, detail), field };
}

export function required(field: string, detail = ''): StatusCause {
  return { type: 'FieldValueRequired', message: withDetail('Required value', detail), field };
}

export function duplicate(field: string, value: string): StatusCause {
  return { type: 'FieldValueDuplicate', message: `Duplicate value: ${value}`, field };
}

export function notFound(field: string, value: string): StatusCause {
  return { type: 'FieldValueNotFound', message: `Not found: ${value}`, field };
}

export function notSupported(field: string, value: string, valid: string[]): StatusCause {
  const detail = valid.length ? `supported values: ${valid.map(goQuote).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', message: withDetail(`Unsupported value: ${value}`, detail), field };
}

export function forbidden(field: string, detail: string): StatusCause {
  return { type: 'FieldValueForbidden', message: withDetail('Forbidden', detail), field };
}

export function tooLong(field: string, maxBytes: number): StatusCause {
  const unit = maxBytes === 1 ? 'byte' : 'bytes';
  return { type: 'FieldValueTooLong', message: `Too long: may not be more than ${maxBytes} ${unit}`, field };
}

export const IMMUTABLE = 'field is immutable';
export const NEGATIVE = 'must be greater than or equal to 0';

/** ValidateNonnegativeField. */
export function checkNonNegative(field: string, value: unknown): StatusCause[] {
  return typeof value === 'number' && value < 0 ? [invalid(field, String(value), NEGATIVE)] : [];
}

/** A scalar as Go's %v prints it; anything else as JSON. */
export function text(v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')
    return String(v);
  return JSON.stringify(v ?? null);
}

/** Go's strconv.Quote, which %q and %#v use for strings. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** %#v of a map[string]string: Go prints keys sorted; a nil map prints as `map[string]string(nil)`. */
export function goStringMap(m: unknown): string {
  if (!isObj(m)) return 'map[string]string(nil)';
  const entries = Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(typeof m[k] === 'string' ? m[k] : String(m[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** %#v of a []string. */
export function goStringSlice(v: unknown): string {
  if (!Array.isArray(v)) return '[]string(nil)';
  return `[]string{${v.map((x) => goQuote(typeof x === 'string' ? x : String(x))).join(', ')}}`;
}

/** %#v of a metav1.LabelSelector reached through a pointer (field.Error dereferences it). */
export function goLabelSelector(sel: unknown): string {
  if (!isObj(sel)) return 'null';
  const exprs = sel.matchExpressions;
  let rendered = '[]v1.LabelSelectorRequirement(nil)';
  if (Array.isArray(exprs)) {
    const items = exprs.map((e) => {
      const r = isObj(e) ? e : {};
      const k = typeof r.key === 'string' ? r.key : '';
      const op = typeof r.operator === 'string' ? r.operator : '';
      return `v1.LabelSelectorRequirement{Key:${goQuote(k)}, Operator:${goQuote(op)}, Values:${goStringSlice(r.values)}}`;
    });
    rendered = `[]v1.LabelSelectorRequirement{${items.join(', ')}}`;
  }
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${rendered}}`;
}

/**
 * A best-effort Go-ish rendering for values whose real rendering is a dump of an internal Go
 * struct (e.g. a whole pod template): kube prints `core.PodTemplateSpec{...}` with every field,
 * which nobody matches on; we keep the type name and the JSON so the message stays readable.
 */
export function goStruct(typeName: string, v: unknown): string {
  return `${typeName}${JSON.stringify(v ?? null)}`;
}

/** Drops causes whose full text repeats an earlier one, as ErrorList.ToAggregate does. */
export function dedupe(causes: StatusCause[]): StatusCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const k = `${c.field ?? ''}: ${c.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
