/**
 * The subset of kube's JSONPath (k8s.io/client-go/util/jsonpath) that CRD printer columns use:
 * fields (with "\." escapes), ['quoted'] keys, indexes and slices, [*], ..recursive descent and
 * [?(@.type=="Ready")] filters, evaluated with missing keys allowed.
 */
import { isObj } from '../model.js';

type Literal = string | number | boolean;

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'recursive'; name: string }
  | { kind: 'slice'; start?: number; end?: number; step?: number; index: boolean }
  | { kind: 'filter'; left: Step[]; op?: string; right?: Literal | Step[] };

// The jsonpath parser's isTerminator set; a backslash escapes any of them.
const TERMINATORS = new Set([' ', '.', ',', '[', ']', '$', '@', '{', '}']);

function readField(src: string, i: number): [string, number] {
  let name = '';
  while (i < src.length && !TERMINATORS.has(src[i] as string)) {
    if (src[i] === '\\' && i + 1 < src.length) i++;
    name += src[i] as string;
    i++;
  }
  return [name, i];
}

/** Index of the ']' closing the '[' at `open`, skipping quoted text and nested brackets. */
function findClose(src: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < src.length; i++) {
    const c = src[i] as string;
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '[') {
      depth++;
    } else if (c === ']' && --depth === 0) {
      return i;
    }
  }
  throw new Error(`unclosed bracket in ${src}`);
}

function parseLiteral(text: string): Literal | Step[] {
  const t = text.trim();
  if (/^(["']).*\1$/s.test(t)) return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t.startsWith('@')) return parseSteps(t.slice(1));
  throw new Error(`unrecognized filter operand ${t}`);
}

function parseFilter(body: string): Step {
  let quote = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (quote !== '') {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    const op = ['==', '!=', '<=', '>=', '<', '>'].find((o) => body.startsWith(o, i));
    if (op !== undefined) {
      const left = body.slice(0, i).trim();
      if (!left.startsWith('@')) throw new Error(`filter must start with @: ${body}`);
      return { kind: 'filter', left: parseSteps(left.slice(1)), op, right: parseLiteral(body.slice(i + op.length)) };
    }
  }
  const left = body.trim();
  if (!left.startsWith('@')) throw new Error(`filter must start with @: ${body}`);
  return { kind: 'filter', left: parseSteps(left.slice(1)) };
}

function parseBracket(inner: string): Step {
  const t = inner.trim();
  if (t.startsWith('?(') && t.endsWith(')')) return parseFilter(t.slice(2, -1));
  if (/^(["']).*\1$/s.test(t)) return { kind: 'field', name: t.slice(1, -1) };
  if (t === '*') return { kind: 'wildcard' };
  if (/^-?\d+$/.test(t)) return { kind: 'slice', start: Number(t), index: true };
  const m = /^(-?\d*):(-?\d*)(?::(-?\d*))?$/.exec(t);
  if (m === null) throw new Error(`unsupported array expression [${inner}]`);
  const num = (s: string | undefined): number | undefined => (s === undefined || s === '' ? undefined : Number(s));
  return { kind: 'slice', start: num(m[1]), end: num(m[2]), step: num(m[3]), index: false };
}

/** Parses a path such as `.status.conditions[?(@.type=="Ready")].status`; throws if unsupported. */
export function parseSteps(src: string): Step[] {
  const steps: Step[] = [];
  let i = src.startsWith('$') ? 1 : 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '.' && src[i + 1] === '.') {
      const [name, next] = readField(src, i + 2);
      if (name === '') throw new Error(`empty recursive descent in ${src}`);
      steps.push({ kind: 'recursive', name });
      i = next;
    } else if (c === '.') {
      const [name, next] = readField(src, i + 1);
      if (name !== '') steps.push(name === '*' ? { kind: 'wildcard' } : { kind: 'field', name });
      i = next;
    } else if (c === '[') {
      const close = findClose(src, i);
      steps.push(parseBracket(src.slice(i + 1, close)));
      i = close + 1;
    } else if (c === ' ') {
      i++;
    } else {
      throw new Error(`unexpected ${c} in ${src}`);
    }
  }
  return steps;
}

function sortedValues(v: Record<string, unknown>): unknown[] {
  return Object.keys(v)
    .sort()
    .map((k) => v[k]);
}

function collectRecursive(v: unknown, name: string, out: unknown[]): void {
  if (isObj(v)) {
    if (name === '*') out.push(...sortedValues(v));
    else if (name in v) out.push(v[name]);
    for (const child of sortedValues(v)) collectRecursive(child, name, out);
  } else if (Array.isArray(v)) {
    for (const child of v as unknown[]) collectRecursive(child, name, out);
  }
}

function applySlice(arr: unknown[], s: Extract<Step, { kind: 'slice' }>): unknown[] {
  const len = arr.length;
  let start = s.start ?? 0;
  if (start < 0) start += len;
  if (s.index) return start >= 0 && start < len ? [arr[start]] : [];
  let end = s.end ?? len;
  if (end < 0) end += len;
  const step = s.step ?? 1;
  const out: unknown[] = [];
  for (let i = Math.max(start, 0); i < Math.min(end, len) && step > 0; i += step) out.push(arr[i]);
  return out;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  if (op === '==' || op === '!=') {
    const equal = typeof a === typeof b && a === b;
    return op === '==' ? equal : typeof a === typeof b && !equal;
  }
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return false;
  const x = a;
  const y = b as number | string;
  return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
}

function matchesFilter(item: unknown, f: Extract<Step, { kind: 'filter' }>): boolean {
  const left = evaluateSteps(item, f.left);
  if (f.op === undefined || f.right === undefined) return left.length > 0;
  if (left.length === 0) return false;
  const right = Array.isArray(f.right) ? evaluateSteps(item, f.right) : [f.right];
  return right.length > 0 && compare(left[0], f.op, right[0]);
}

function applyStep(v: unknown, step: Step): unknown[] {
  switch (step.kind) {
    case 'field':
      return isObj(v) && step.name in v ? [v[step.name]] : [];
    case 'wildcard':
      if (isObj(v)) return sortedValues(v);
      return Array.isArray(v) ? (v as unknown[]) : [];
    case 'recursive': {
      const out: unknown[] = [];
      collectRecursive(v, step.name, out);
      return out;
    }
    case 'slice':
      return Array.isArray(v) ? applySlice(v as unknown[], step) : [];
    case 'filter':
      return Array.isArray(v) ? (v as unknown[]).filter((item) => matchesFilter(item, step)) : [];
  }
}

/** Every value the path selects, in document order; missing keys select nothing. */
export function evaluateSteps(root: unknown, steps: Step[]): unknown[] {
  let values = [root];
  for (const step of steps) values = values.flatMap((v) => applyStep(v, step));
  return values;
}

export type { Step as JsonPathStep };
