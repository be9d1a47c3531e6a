/**
 * Structural pruning of custom resources, as apiextensions-apiserver does on every write: fields
 * the CRD schema does not specify are dropped (their paths reported for fieldValidation), metadata
 * is cut down to ObjectMeta, and nulls of non-nullable fields without a default are removed.
 */
import type { Obj, ResourceType } from '../model.js';
import { clone, isObj } from '../model.js';
import type { FieldType } from './builtin-schema.js';
import { structNamed } from './builtin-schema.js';

export interface PruneOutcome {
  object: Obj;
  /** Pruned paths with a leading dot ('.spec.foo', '.spec.items[0].bar'), sorted like the apiserver's. */
  unknownFields: string[];
}

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** The CRD version's schema, or undefined when everything is preserved. */
export function crdSchemaOf(t: ResourceType): Obj | undefined {
  if (!isObj(t.schema)) return undefined;
  return t.preserveUnknownFields ? { ...t.schema, 'x-kubernetes-preserve-unknown-fields': true } : t.schema;
}

export function pruneCustom(t: ResourceType, obj: Obj): PruneOutcome {
  const object = clone(obj);
  const paths: string[] = [];
  const schema = crdSchemaOf(t);
  if (schema) {
    // The root is always treated as an embedded resource: TypeMeta and ObjectMeta are kept.
    prune(object, { ...schema, 'x-kubernetes-embedded-resource': true }, '', paths);
    dropNonNullableNulls(object, schema);
  } else {
    pruneMetadata(object, '', paths);
  }
  return { object, unknownFields: paths.sort().map((p) => `.${p}`) };
}

/** The object as the apiserver stores it after pruning. */
export function pruneUnknownFields(t: ResourceType, obj: Obj): Obj {
  return pruneCustom(t, obj).object;
}

function key(path: string, k: string): string {
  return path ? `${path}.${k}` : k;
}

function schemaAt(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

/** additionalProperties: a schema, or `true`/`false` (kept keys, values pruned with no schema). */
function additional(s: Obj): { present: boolean; schema?: Obj } {
  const ap = s.additionalProperties;
  if (ap === undefined || ap === null) return { present: false };
  return { present: true, schema: schemaAt(ap) };
}

function prune(x: unknown, s: Obj | undefined, path: string, out: string[]): void {
  if (s && s['x-kubernetes-preserve-unknown-fields'] === true) return skipPrune(x, s, path, out);
  if (Array.isArray(x)) {
    x.forEach((v, i) => prune(v, s ? schemaAt(s.items) : undefined, `${path}[${i}]`, out));
    return;
  }
  if (!isObj(x)) return;
  const embedded = s?.['x-kubernetes-embedded-resource'] === true;
  const props = s ? schemaAt(s.properties) : undefined;
  for (const k of Object.keys(x)) {
    if (embedded && META_FIELDS.has(k)) {
      if (k === 'metadata') pruneMetadata(x, path, out);
      continue;
    }
    const prop = props ? schemaAt(props[k]) : undefined;
    const ap = s ? additional(s) : { present: false };
    if (prop) prune(x[k], prop, key(path, k), out);
    else if (ap.present) prune(x[k], ap.schema, key(path, k), out);
    else {
      out.push(key(path, k));
      delete x[k];
    }
  }
}

function skipPrune(x: unknown, s: Obj, path: string, out: string[]): void {
  if (Array.isArray(x)) {
    const items = schemaAt(s.items);
    if (items) x.forEach((v, i) => skipPrune(v, items, `${path}[${i}]`, out));
    return;
  }
  if (!isObj(x)) return;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const props = schemaAt(s.properties);
  const ap = additional(s);
  for (const k of Object.keys(x)) {
    if (embedded && META_FIELDS.has(k)) {
      if (k === 'metadata') pruneMetadata(x, path, out);
      continue;
    }
    const prop = props ? schemaAt(props[k]) : undefined;
    if (prop) prune(x[k], prop, key(path, k), out);
    else if (ap.present && ap.schema) prune(x[k], ap.schema, key(path, k), out);
  }
}

/** ObjectMeta round trip: metadata keeps only the fields ObjectMeta has. */
function pruneMetadata(holder: Obj, path: string, out: string[]): void {
  const meta = holder.metadata;
  if (isObj(meta)) pruneBuiltin({ kind: 'struct', name: 'V1ObjectMeta' }, meta, key(path, 'metadata'), out);
}

function pruneBuiltin(t: FieldType, v: unknown, path: string, out: string[]): void {
  if (t.kind === 'array' && Array.isArray(v)) v.forEach((item, i) => pruneBuiltin(t.items, item, `${path}[${i}]`, out));
  if (t.kind === 'map' && isObj(v))
    for (const [k, item] of Object.entries(v)) pruneBuiltin(t.values, item, key(path, k), out);
  if (t.kind !== 'struct' || !isObj(v)) return;
  const s = structNamed(t.name);
  if (!s) return;
  for (const k of Object.keys(v)) {
    const ft = s.fields.get(k);
    if (ft) pruneBuiltin(ft, v[k], key(path, k), out);
    else {
      out.push(key(path, k));
      delete v[k];
    }
  }
}

/** PruneNonNullableNullsWithoutDefaults: runs before defaulting, on properties only. */
function dropNonNullableNulls(x: unknown, s: Obj | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    for (const v of x) dropNonNullableNulls(v, schemaAt(s.items));
    return;
  }
  if (!isObj(x)) return;
  const props = schemaAt(s.properties);
  if (!props) return;
  for (const [k, v] of Object.entries(x)) {
    const prop = schemaAt(props[k]);
    if (!prop) continue;
    if (v === null && prop.default === undefined && prop.nullable !== true) delete x[k];
    else dropNonNullableNulls(v, prop);
  }
}
