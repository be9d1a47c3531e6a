/**
 * OpenAPI v3 value validation of a (pruned) custom resource, following kube-openapi's
 * SchemaValidator and apiextensions' conversion of its errors into field errors, so causes read
 * like a real apiserver's: `spec.replicas: Invalid value: "string": spec.replicas in body must be
 * of type integer: "string"`.
 */
import type { StatusCause } from '../errors.js';
import type { Obj } from '../model.js';
import { isObj } from '../model.js';
import { matchesFormat } from './formats.js';
import { goQuote, invalid, notSupported, required } from './semantic-errors.js';

/** JSON type of a value as kube-openapi names it. */
function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return Array.isArray(v) ? 'array' : 'object';
}

/** %v / %#v of an unstructured value, as field.Error prints a bad value. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return goSyntax(v);
}

function goSyntax(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  const o = v as Obj;
  const entries = Object.keys(o)
    .sort()
    .map((k) => `${goQuote(k)}:${goSyntax(o[k])}`);
  return `map[string]interface {}{${entries.join(', ')}}`;
}

function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** `<path> in body` as kube-openapi words it; the root has no name. */
function subject(path: string): string {
  return path ? `${path} in body` : 'in body';
}

function typeInvalid(path: string, value: string, expected: string): StatusCause {
  return {
    type: 'FieldValueTypeInvalid',
    field: path,
    message: `Invalid value: ${goQuote(value)}: ${subject(path)} must be of type ${expected}: ${goQuote(value)}`,
  };
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function typesOf(s: Obj): string[] {
  if (s['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  return typeof s.type === 'string' && s.type !== '' ? [s.type] : [];
}

function typeMatches(types: string[], actual: string): boolean {
  if (types.length === 0 || types.includes(actual)) return true;
  // An integer satisfies "number"; a float with no fraction satisfies "integer".
  return actual === 'integer' && types.includes('number');
}

/** Appends the causes for `v` at `path` against schema `s`. */
export function validateValue(v: unknown, s: Obj, path: string, out: StatusCause[]): void {
  const types = typesOf(s);
  const actual = jsonType(v);
  if (v === null) {
    // A null with a default is replaced by the defaulter before validation runs.
    if (types.length > 0 && s.nullable !== true && s.default === undefined)
      out.push(typeInvalid(path, 'null', types.join(',')));
    return;
  }
  if (!typeMatches(types, actual)) {
    out.push(typeInvalid(path, actual, types.join(',')));
    return;
  }
  validateCombinators(v, s, path, out);
  if (typeof v === 'string') validateString(v, s, path, out);
  if (typeof v === 'number') validateNumber(v, s, path, out);
  if (Array.isArray(v)) validateArray(v, s, path, out);
  validateEnum(v, s, path, out);
  if (isObj(v)) validateObject(v, s, path, out);
}

function validateCombinators(v: unknown, s: Obj, path: string, out: StatusCause[]): void {
  const quoted = path ? `${goQuote(path)} ` : '';
  const branch = (b: unknown): StatusCause[] => {
    const errs: StatusCause[] = [];
    if (isObj(b)) validateValue(v, b, path, errs);
    return errs;
  };
  if (Array.isArray(s.allOf)) {
    const errs = s.allOf.flatMap(branch);
    if (errs.length > 0) out.push(...errs, invalid(path, '""', `${quoted}must validate all the schemas (allOf)`));
  }
  if (Array.isArray(s.anyOf)) {
    const results = s.anyOf.map(branch);
    if (!results.some((r) => r.length === 0)) {
      out.push(invalid(path, '""', `${quoted}must validate at least one schema (anyOf)`), ...(results[0] ?? []));
    }
  }
  if (Array.isArray(s.oneOf)) {
    const passing = s.oneOf.map(branch).filter((r) => r.length === 0).length;
    if (passing !== 1) out.push(invalid(path, '""', `${quoted}must validate one and only one schema (oneOf)`));
  }
  if (isObj(s.not) && branch(s.not).length === 0) {
    out.push(invalid(path, '""', `${quoted}must not validate the schema (not)`));
  }
}

function validateString(v: string, s: Obj, path: string, out: StatusCause[]): void {
  const length = [...v].length;
  const maxLength = num(s.maxLength);
  const minLength = num(s.minLength);
  if (maxLength !== undefined && length > maxLength) {
    out.push({ type: 'FieldValueTooLong', field: path, message: `Too long: may not be longer than ${maxLength}` });
  }
  if (minLength !== undefined && length < minLength) {
    out.push(invalid(path, goQuote(v), `${subject(path)} should be at least ${minLength} chars long`));
  }
  if (typeof s.pattern === 'string' && !patternMatches(s.pattern, v)) {
    out.push(invalid(path, goQuote(v), `${subject(path)} should match '${s.pattern}'`));
  }
  if (typeof s.format === 'string' && !matchesFormat(s.format, v)) {
    out.push(typeInvalidFormat(path, v, s.format));
  }
}

function typeInvalidFormat(path: string, v: string, format: string): StatusCause {
  return {
    type: 'FieldValueTypeInvalid',
    field: path,
    message: `Invalid value: ${goQuote(v)}: ${subject(path)} must be of type ${format}: ${goQuote(v)}`,
  };
}

const patterns = new Map<string, RegExp | null>();

function patternMatches(pattern: string, v: string): boolean {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null; // RE2 syntax JavaScript lacks: accept rather than reject valid objects
    }
    patterns.set(pattern, re);
  }
  return re === null || re.test(v);
}

function validateNumber(v: number, s: Obj, path: string, out: StatusCause[]): void {
  const multipleOf = num(s.multipleOf);
  const max = num(s.maximum);
  const min = num(s.minimum);
  if (multipleOf !== undefined && multipleOf > 0 && !Number.isInteger(v / multipleOf)) {
    out.push(invalid(path, goValue(v), `${subject(path)} should be a multiple of ${multipleOf}`));
  }
  if (max !== undefined) {
    const exclusive = s.exclusiveMaximum === true;
    if (exclusive ? v >= max : v > max) {
      const rel = exclusive ? 'less than' : 'less than or equal to';
      out.push(invalid(path, goValue(v), `${subject(path)} should be ${rel} ${max}`));
    }
  }
  if (min !== undefined) {
    const exclusive = s.exclusiveMinimum === true;
    if (exclusive ? v <= min : v < min) {
      const rel = exclusive ? 'greater than' : 'greater than or equal to';
      out.push(invalid(path, goValue(v), `${subject(path)} should be ${rel} ${min}`));
    }
  }
}

function validateArray(v: unknown[], s: Obj, path: string, out: StatusCause[]): void {
  if (isObj(s.items)) {
    const items = s.items;
    v.forEach((item, i) => validateValue(item, items, `${path}[${i}]`, out));
  }
  const minItems = num(s.minItems);
  const maxItems = num(s.maxItems);
  if (minItems !== undefined && v.length < minItems) {
    out.push(invalid(path, String(v.length), `${subject(path)} should have at least ${minItems} items`));
  }
  if (maxItems !== undefined && v.length > maxItems) {
    out.push({
      type: 'FieldValueTooMany',
      field: path,
      message: `Too many: ${v.length}: must have at most ${maxItems} items`,
    });
  }
}

function validateEnum(v: unknown, s: Obj, path: string, out: StatusCause[]): void {
  if (!Array.isArray(s.enum) || s.enum.length === 0) return;
  const text = JSON.stringify(v);
  if (s.enum.some((e) => JSON.stringify(e) === text)) return;
  const values = s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  out.push(notSupported(path, goValue(v), values));
}

function validateObject(v: Obj, s: Obj, path: string, out: StatusCause[]): void {
  const count = Object.keys(v).length;
  const minProps = num(s.minProperties);
  const maxProps = num(s.maxProperties);
  if (minProps !== undefined && count < minProps) {
    out.push(invalid(path, String(count), `${subject(path)} should have at least ${minProps} properties`));
  }
  if (maxProps !== undefined && count > maxProps) {
    out.push({
      type: 'FieldValueTooMany',
      field: path,
      message: `Too many: ${count}: must have at most ${maxProps} items`,
    });
  }
  if (Array.isArray(s.required)) {
    for (const r of s.required) if (typeof r === 'string' && !(r in v)) out.push(required(child(path, r)));
  }
  const props = isObj(s.properties) ? s.properties : {};
  for (const [k, item] of Object.entries(v)) {
    const prop = props[k];
    if (isObj(prop)) validateValue(item, prop, child(path, k), out);
    else if (isObj(s.additionalProperties)) validateValue(item, s.additionalProperties, child(path, k), out);
    else if (s.additionalProperties === false && !isObj(props[k])) {
      out.push(invalid(child(path, k), goQuote(k), `${path}.${k} in body is a forbidden property`));
    }
  }
}
