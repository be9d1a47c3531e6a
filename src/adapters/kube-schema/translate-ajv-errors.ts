/**
 * Turns kubernetes-models' ajv errors into findings a person can act on: a path into the object
 * (array indexes as numbers), a stable code and a short message. Fields that accept two shapes
 * (IntOrString such as targetPort, Quantity such as cpu) fail as a oneOf with one error per
 * alternative; those collapse into one finding.
 */
import type { SchemaFinding } from '../../core/resource-validator.js';
import type { AjvError } from './load-type-check.js';

type Path = (string | number)[];

export function translateAjvErrors(obj: unknown, errors: readonly AjvError[]): SchemaFinding[] {
  const alternatives = new Map<string, AjvError[]>(); // instancePath => errors of a failed oneOf there
  for (const e of errors) if (e.keyword === 'oneOf') alternatives.set(e.instancePath, []);
  for (const e of errors) alternatives.get(e.instancePath)?.push(e);

  const findings: SchemaFinding[] = [];
  const done = new Set<string>();
  for (const e of errors) {
    const group = alternatives.get(e.instancePath);
    if (group !== undefined) {
      if (done.has(e.instancePath)) continue;
      done.add(e.instancePath);
    }
    const { path, value } = resolvePointer(obj, e.instancePath);
    const finding = group === undefined ? translateOne(e, path, value) : translateAlternatives(group, path, value);
    if (finding !== undefined) findings.push(finding);
  }
  return findings;
}

function translateOne(e: AjvError, path: Path, value: unknown): SchemaFinding | undefined {
  switch (e.keyword) {
    case 'type':
      return { path, code: 'wrong-type', message: `expected ${String(e.params.type)}, got ${describeType(value)}` };
    case 'required': {
      const field = String(e.params.missingProperty);
      return { path: [...path, field], code: 'missing-field', message: `required field "${field}" is missing` };
    }
    case 'enum': {
      const allowed = Array.isArray(e.params.allowedValues) ? e.params.allowedValues : [];
      const list = allowed.map((a) => JSON.stringify(a)).join(', ');
      return {
        path,
        code: 'invalid-value',
        message: `unsupported value ${JSON.stringify(value)}: must be one of ${list}`,
      };
    }
    case 'format': {
      const message = describeBadFormat(String(e.params.format), value);
      return message === undefined ? undefined : { path, code: 'invalid-value', message };
    }
    default:
      return { path, code: 'invalid-value', message: `must satisfy ${e.keyword} ${JSON.stringify(e.params)}` };
  }
}

/** One finding for a value that matched none of its allowed shapes. */
function translateAlternatives(group: readonly AjvError[], path: Path, value: unknown): SchemaFinding | undefined {
  const format = group.find((e) => e.keyword === 'format');
  if (format !== undefined && typeof value === 'string') {
    // Right type, wrong content: '1 Gi' for a Quantity.
    const message = describeBadFormat(String(format.params.format), value);
    return message === undefined ? undefined : { path, code: 'invalid-value', message };
  }
  const types = [...new Set(group.filter((e) => e.keyword === 'type').map((e) => String(e.params.type)))];
  if (types.length === 0) return { path, code: 'invalid-value', message: 'matches none of the allowed forms' };
  return { path, code: 'wrong-type', message: `expected ${types.join(' or ')}, got ${describeType(value)}` };
}

/** undefined when the value is in fact acceptable to Kubernetes. */
function describeBadFormat(format: string, value: unknown): string | undefined {
  const shown = JSON.stringify(value);
  switch (format) {
    case 'byte':
      // Go's base64 decoder, which the API server uses for []byte, skips line breaks; YAML block
      // scalars (`tls.crt: |`) put them there, and the package's check does not allow them.
      if (typeof value === 'string' && isBase64(value.replace(/[\r\n]/g, ''))) return undefined;
      return 'invalid base64 data';
    case 'int32':
    case 'int64':
      return `${shown} is out of range for ${format}`;
    case 'date-time':
      return `invalid time ${shown}: expected RFC 3339, such as 2024-01-31T12:00:00Z`;
    case 'quantity':
      return `invalid quantity ${shown}: expected a number with an optional unit, such as 500m or 1Gi`;
    default:
      return `invalid ${format} ${shown}`;
  }
}

function isBase64(s: string): boolean {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** '/spec/ports/0/port' => ['spec', 'ports', 0, 'port'] and the value found there. */
function resolvePointer(obj: unknown, pointer: string): { path: Path; value: unknown } {
  const path: Path = [];
  let value = obj;
  if (pointer === '') return { path, value };
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      const index = Number(token);
      path.push(index);
      value = value[index];
    } else {
      path.push(token);
      value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[token] : undefined;
    }
  }
  return { path, value };
}
