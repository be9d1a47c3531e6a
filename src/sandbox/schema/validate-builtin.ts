/**
 * Checks a built-in object the way kube-apiserver's strict JSON decoder sees it: unknown fields
 * (with sigs.k8s.io/json's paths), Go type mismatches (UnmarshalTypeError and the custom
 * unmarshalers' errors), and fields the OpenAPI schema marks required.
 */
import type { StatusCause } from '../errors.js';
import type { GroupVersionKind, Obj } from '../model.js';
import { isObj } from '../model.js';
import type { FieldType, StructType } from './builtin-schema.js';
import { structForKind, structNamed } from './builtin-schema.js';
import { base64Error, fitsInt, goValueKind, quantityError, timeError } from './go-decode.js';
import { required } from './semantic-errors.js';
import type { ValidationResult } from './validation-result.js';

interface Ctx {
  /** sigs.k8s.io/json strict path: spec.template.spec.containers[0] */
  strict: string;
  /** field.Path: spec.template.spec.containers[0], data[key] */
  field: string;
  /** Go errorContext: struct field names only (no indices or keys). */
  goStack: string;
  /** Innermost Go struct holding the current field. */
  goStruct: string;
  /** Status is reset from storage on main-resource writes, so its required fields go unchecked. */
  inStatus: boolean;
  /** Drop unknown fields from the value, as Go's decoder does when it is not strict. */
  prune: boolean;
}

interface Findings {
  unknown: string[];
  decode: { message: string; fatal: boolean }[];
  invalid: StatusCause[];
}

/** With pruneUnknown, unknown fields are also removed from obj (in place), as decoding into Go structs drops them. */
export function validateBuiltin(
  gvk: GroupVersionKind,
  obj: Obj,
  opts: { pruneUnknown?: boolean } = {},
): ValidationResult {
  const root = structForKind(gvk);
  const out: Findings = { unknown: [], decode: [], invalid: [] };
  const prune = opts.pruneUnknown ?? false;
  if (root)
    walkStruct(
      root,
      obj,
      { strict: '', field: '', goStack: '', goStruct: root.goName, inStatus: false, prune },
      out,
      true,
    );
  return toResult(out);
}

/** Walks a value against a named struct (e.g. V1ObjectMeta inside a custom resource). */
export function validateStruct(name: string, value: unknown, strictPath: string): ValidationResult {
  const s = structNamed(name);
  const out: Findings = { unknown: [], decode: [], invalid: [] };
  if (s) {
    const ctx = {
      strict: strictPath,
      field: strictPath,
      goStack: strictPath,
      goStruct: s.goName,
      inStatus: false,
      prune: false,
    };
    walkValue({ kind: 'struct', name }, value, ctx, out);
  }
  return toResult(out);
}

function toResult(out: Findings): ValidationResult {
  // A custom unmarshaler's error aborts decoding and wins over errors saved earlier.
  const fatal = out.decode.find((d) => d.fatal);
  const ordered = fatal ? [fatal, ...out.decode.filter((d) => d !== fatal)] : out.decode;
  return { unknownFields: out.unknown, decodeErrors: ordered.map((d) => d.message), invalid: out.invalid };
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function isMissing(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function walkStruct(s: StructType, v: Obj, ctx: Ctx, out: Findings, isRoot = false): void {
  if (!ctx.inStatus) {
    for (const r of s.required) {
      if (s.fields.get(r)?.kind === 'bool') continue; // false is a valid Go zero value
      if (isMissing(v[r])) out.invalid.push(required(join(ctx.field, r)));
    }
  }
  for (const [k, val] of Object.entries(v)) {
    const t = s.fields.get(k);
    const strict = join(ctx.strict, k);
    if (!t) {
      out.unknown.push(`.${strict}`);
      if (ctx.prune) delete v[k];
      continue;
    }
    const child: Ctx = {
      strict,
      field: join(ctx.field, k),
      goStack: join(ctx.goStack, k),
      goStruct: s.goName,
      inStatus: ctx.inStatus || (isRoot && k === 'status'),
      prune: ctx.prune,
    };
    walkValue(t, val, child, out);
  }
}

function typeError(out: Findings, ctx: Ctx, value: string, goType: string, fatal = false): void {
  const message = `json: cannot unmarshal ${value} into Go struct field ${ctx.goStruct}.${ctx.goStack} of type ${goType}`;
  out.decode.push({ message, fatal });
}

function walkValue(t: FieldType, v: unknown, ctx: Ctx, out: Findings): void {
  if (v === null || v === undefined) return; // null leaves the Go zero value
  switch (t.kind) {
    case 'string':
    case 'bool':
    case 'float64': {
      const want = t.kind === 'string' ? 'string' : t.kind === 'bool' ? 'boolean' : 'number';
      if (typeof v !== want) typeError(out, ctx, goValueKind(v), t.kind);
      return;
    }
    case 'int32':
    case 'int64':
      if (typeof v !== 'number') typeError(out, ctx, goValueKind(v), t.kind);
      else if (!fitsInt(v, t.kind)) typeError(out, ctx, `number ${String(v)}`, t.kind);
      return;
    case 'bytes': {
      if (typeof v !== 'string') return typeError(out, ctx, goValueKind(v), '[]uint8');
      const err = base64Error(v);
      if (err) out.decode.push({ message: err, fatal: false });
      return;
    }
    case 'quantity': {
      const err = quantityError(v);
      if (err) out.decode.push({ message: err, fatal: true });
      return;
    }
    case 'intOrString':
      // IntOrString.UnmarshalJSON decodes anything but a string into an int32.
      if (typeof v === 'number' && !fitsInt(v, 'int32')) typeError(out, ctx, `number ${String(v)}`, 'int32', true);
      else if (typeof v !== 'number' && typeof v !== 'string') typeError(out, ctx, goValueKind(v), 'int32', true);
      return;
    case 'time': {
      if (typeof v !== 'string') return typeError(out, ctx, goValueKind(v), 'string', true);
      const err = timeError(v, t.micro);
      if (err) out.decode.push({ message: err, fatal: true });
      return;
    }
    case 'raw':
      return;
    case 'struct': {
      const s = structNamed(t.name);
      if (!isObj(v)) typeError(out, ctx, goValueKind(v), goTypeName(t));
      else if (s) walkStruct(s, v, ctx, out);
      return;
    }
    case 'array':
      if (!Array.isArray(v)) return typeError(out, ctx, goValueKind(v), goTypeName(t));
      v.forEach((item, i) => {
        walkValue(t.items, item, { ...ctx, strict: `${ctx.strict}[${i}]`, field: `${ctx.field}[${i}]` }, out);
      });
      return;
    case 'map':
      if (!isObj(v)) return typeError(out, ctx, goValueKind(v), goTypeName(t));
      for (const [k, item] of Object.entries(v)) {
        walkValue(t.values, item, { ...ctx, strict: `${ctx.strict}.${k}`, field: `${ctx.field}[${k}]` }, out);
      }
      return;
  }
}

/** reflect.Type.String() of the Go type behind a field. */
export function goTypeName(t: FieldType): string {
  switch (t.kind) {
    case 'bytes':
      return '[]uint8';
    case 'quantity':
      return 'resource.Quantity';
    case 'intOrString':
      return 'intstr.IntOrString';
    case 'time':
      return t.micro ? 'v1.MicroTime' : 'v1.Time';
    case 'raw':
      return 'runtime.RawExtension';
    case 'struct': {
      const s = structNamed(t.name);
      return s ? `${s.goPackage}.${s.goName}` : t.name;
    }
    case 'array':
      return `[]${goTypeName(t.items)}`;
    case 'map':
      return t.values.kind === 'quantity' ? 'v1.ResourceList' : `map[string]${goTypeName(t.values)}`;
    default:
      return t.kind;
  }
}
