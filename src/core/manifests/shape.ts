/**
 * A small declarative schema for Sextant's own kinds (Application, Policy): describe the shape
 * once, get unknown-field / wrong-type / missing-field / invalid-value findings with their paths.
 * Findings use the same type as the Kubernetes schema validator so that both map to positions alike.
 */
import type { SchemaFinding } from '../resource-validator.js';
import type { Obj } from '../snapshot.js';
import { isObj } from '../snapshot.js';

export type Shape =
  | { type: 'string'; check?: (value: string) => string | undefined; enum?: readonly string[] }
  | { type: 'quantity'; check: (value: string | number) => string | undefined }
  | { type: 'boolean' }
  | { type: 'integer'; min?: number; max?: number }
  | { type: 'number'; min?: number }
  | { type: 'list'; items: Shape }
  | { type: 'map'; values: Shape } // free keys, e.g. labels
  | { type: 'object'; fields: Readonly<Record<string, Shape>>; required?: readonly string[] };

export type Path = (string | number)[];

/** `spec.quotas[0].name`, for messages. */
export function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const EXPECTED: Record<Shape['type'], string> = {
  string: 'string',
  quantity: 'quantity (string or number)',
  boolean: 'boolean',
  integer: 'integer',
  number: 'number',
  list: 'list',
  map: 'mapping',
  object: 'mapping',
};

export function checkShape(value: unknown, shape: Shape, path: Path = []): SchemaFinding[] {
  const wrong = (): SchemaFinding[] => [
    {
      path,
      code: 'wrong-type',
      message: `${formatPath(path)}: expected ${EXPECTED[shape.type]}, got ${describeType(value)}`,
    },
  ];
  const invalid = (message: string | undefined): SchemaFinding[] =>
    message === undefined ? [] : [{ path, code: 'invalid-value', message: `${formatPath(path)}: ${message}` }];
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') return wrong();
      if (shape.enum && !shape.enum.includes(value)) {
        return invalid(`"${value}" is not one of ${shape.enum.map((e) => `"${e}"`).join(', ')}`);
      }
      return invalid(shape.check?.(value));
    case 'quantity':
      if (typeof value !== 'string' && typeof value !== 'number') return wrong();
      return invalid(shape.check(value));
    case 'boolean':
      return typeof value === 'boolean' ? [] : wrong();
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || (shape.type === 'integer' && !Number.isInteger(value))) return wrong();
      if (shape.min !== undefined && value < shape.min) return invalid(`must be at least ${shape.min}`);
      if (shape.type === 'integer' && shape.max !== undefined && value > shape.max) {
        return invalid(`must be at most ${shape.max}`);
      }
      return [];
    }
    case 'list':
      if (!Array.isArray(value)) return wrong();
      return value.flatMap((item, i) => checkShape(item, shape.items, [...path, i]));
    case 'map':
      if (!isObj(value)) return wrong();
      return Object.entries(value).flatMap(([key, item]) => checkShape(item, shape.values, [...path, key]));
    case 'object':
      if (!isObj(value)) return wrong();
      return checkObject(value, shape, path);
  }
}

function checkObject(value: Obj, shape: Extract<Shape, { type: 'object' }>, path: Path): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  const known = Object.keys(shape.fields);
  for (const [key, item] of Object.entries(value)) {
    const fieldShape = Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined;
    if (fieldShape) {
      // As in Kubernetes, an explicit null (`spec:` with nothing after it) means the field is unset.
      if (item !== null) findings.push(...checkShape(item, fieldShape, [...path, key]));
      continue;
    }
    const hint = suggest(key, known);
    const where = path.length > 0 ? ` in ${formatPath(path)}` : '';
    findings.push({
      path: [...path, key],
      code: 'unknown-field',
      message: `unknown field "${key}"${where}${hint ? ` (did you mean "${hint}"?)` : ''}`,
    });
  }
  for (const key of shape.required ?? []) {
    if (value[key] === undefined || value[key] === null) {
      findings.push({
        path: [...path, key],
        code: 'missing-field',
        message: `missing required field "${formatPath([...path, key])}"`,
      });
    }
  }
  return findings;
}

/** The known name closest to a typo, when it is close enough to be what the author meant. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(Math.max(1, Math.floor(word.length / 4)), word.length - 1);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Edits (insert, delete, replace, swap two neighbours) that turn a into b. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const above = rows[i - 1] ?? [];
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/** The metadata of Sextant's own kinds: a name, and labels and annotations. */
export const metadataShape: Shape = {
  type: 'object',
  fields: {
    name: { type: 'string' },
    labels: { type: 'map', values: { type: 'string' } },
    annotations: { type: 'map', values: { type: 'string' } },
  },
  required: ['name'],
};

export const stringList: Shape = { type: 'list', items: { type: 'string' } };

export { isObj };
