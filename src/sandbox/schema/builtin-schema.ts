/**
 * The field tree of the built-in kinds: every struct's JSON fields and their Go types, read lazily
 * from @kubernetes/client-node's generated models, with required fields and the API package taken
 * from kubernetes-models' compiled validators. Each struct is loaded once, on first use, and cached.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { GroupVersionKind } from '../model.js';
import { isObj } from '../model.js';
import {
  FIELDS_AFTER_1_32,
  NOT_REALLY_REQUIRED,
  QUANTITY_FIELDS,
  RAW_DEFAULT,
  RAW_FIELDS,
} from './builtin-overrides.js';

export type FieldType =
  | { kind: 'string' | 'bytes' | 'int32' | 'int64' | 'float64' | 'bool' | 'quantity' | 'intOrString' }
  | { kind: 'time'; micro: boolean }
  | { kind: 'raw'; openApiName: string }
  | { kind: 'struct'; name: string }
  | { kind: 'array'; items: FieldType }
  | { kind: 'map'; values: FieldType };

export interface StructType {
  /** client-node model name, e.g. V1DeploymentSpec. */
  name: string;
  /** Go type name as the decoder prints it: DeploymentSpec. */
  goName: string;
  /** Go package name: v1, v2. */
  goPackage: string;
  /** OpenAPI definition name: io.k8s.api.apps.v1.DeploymentSpec. */
  openApiName: string;
  /** JSON field name -> type, in declaration order. */
  fields: Map<string, FieldType>;
  required: string[];
}

interface Attribute {
  baseName: string;
  type: string;
  format: string;
}

const require = createRequire(import.meta.url);
const MODEL_DIR = path.join(path.dirname(require.resolve('@kubernetes/client-node')), 'gen', 'models');
const KM_INDEX = require.resolve('kubernetes-models');
const SCHEMA_DIRS = [
  path.join(path.dirname(KM_INDEX), '_schemas'),
  path.join(path.dirname(createRequire(KM_INDEX).resolve('@kubernetes-models/apimachinery')), '_schemas'),
];

const structs = new Map<string, StructType | null>();
let validatorFiles: Map<string, string> | undefined;

/** The client-node model for a kind: V1Deployment, V2HorizontalPodAutoscaler, CoreV1Event. */
export function modelNameFor(gvk: GroupVersionKind): string | undefined {
  const version = gvk.version.charAt(0).toUpperCase() + gvk.version.slice(1);
  const groupWord = (gvk.group.split('.')[0] ?? '') || 'core';
  const prefixed = `${groupWord.charAt(0).toUpperCase()}${groupWord.slice(1)}${version}${gvk.kind}`;
  for (const name of [`${version}${gvk.kind}`, prefixed]) if (loadStruct(name)) return name;
  return undefined;
}

/** The struct for a kind's top-level object, or undefined if client-node has no model for it. */
export function structForKind(gvk: GroupVersionKind): StructType | undefined {
  const name = modelNameFor(gvk);
  return name ? loadStruct(name) : undefined;
}

export function structNamed(name: string): StructType | undefined {
  return loadStruct(name);
}

function loadStruct(name: string, parent?: StructType): StructType | undefined {
  const cached = structs.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const attrs = readAttributes(name);
  if (!attrs) {
    structs.set(name, null);
    return undefined;
  }
  const validatorFile = validatorFileFor(name);
  const pkg = packageOf(validatorFile, parent);
  const goName = name.replace(/^(?:[A-Z][a-z]+)?V\d+(?:alpha\d+|beta\d+)?(?=[A-Z])/, '');
  const dropped = new Set(FIELDS_AFTER_1_32[name] ?? []);
  const s: StructType = {
    name,
    goName,
    goPackage: pkg.goPackage,
    openApiName: `${pkg.prefix}.${goName}`,
    fields: new Map(),
    required: [],
  };
  structs.set(name, s);
  for (const a of attrs) if (!dropped.has(a.baseName)) s.fields.set(a.baseName, fieldType(name, a));
  // kubernetes-models marks a kind's apiVersion/kind required; the real schemas do not (the URL
  // supplies them), while references such as OwnerReference genuinely require both.
  const typeMeta = s.fields.has('metadata') ? ['apiVersion', 'kind'] : [];
  s.required = requiredFields(validatorFile).filter(
    (f) => s.fields.has(f) && !typeMeta.includes(f) && !NOT_REALLY_REQUIRED.has(`${name}.${f}`),
  );
  // Load referenced structs now so they inherit this package when kubernetes-models lacks them.
  for (const t of s.fields.values()) {
    const ref = structRef(t);
    if (ref) loadStruct(ref, s);
  }
  return s;
}

/** The attribute's type, corrected where the models flatten a Go type (Quantity, RawExtension). */
function fieldType(model: string, a: Attribute): FieldType {
  const t = parseType(a.type, a.format);
  const wrap = (inner: FieldType): FieldType => (t.kind === 'map' ? { kind: 'map', values: inner } : inner);
  const raw = RAW_FIELDS[`${model}.${a.baseName}`];
  if (raw) return wrap({ kind: 'raw', openApiName: raw });
  if (QUANTITY_FIELDS[model]?.includes(a.baseName)) return wrap({ kind: 'quantity' });
  return t;
}

function structRef(t: FieldType): string | undefined {
  if (t.kind === 'struct') return t.name;
  if (t.kind === 'array') return structRef(t.items);
  if (t.kind === 'map') return structRef(t.values);
  return undefined;
}

function readAttributes(name: string): Attribute[] | undefined {
  if (!/^[A-Za-z0-9]+$/.test(name)) return undefined;
  let mod: unknown;
  try {
    mod = require(path.join(MODEL_DIR, `${name}.js`));
  } catch {
    return undefined;
  }
  const cls = isObj(mod) || typeof mod === 'function' ? (mod as Record<string, unknown>)[name] : undefined;
  const getter = (cls as { getAttributeTypeMap?: () => unknown } | undefined)?.getAttributeTypeMap;
  if (typeof getter !== 'function') return undefined;
  const list = getter.call(cls);
  return Array.isArray(list) ? (list as Attribute[]) : undefined;
}

function parseType(type: string, format: string): FieldType {
  const arr = /^Array<(.+)>$/.exec(type);
  if (arr?.[1]) return { kind: 'array', items: parseType(arr[1], format) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1]) return { kind: 'map', values: parseType(map[1], format) };
  switch (type) {
    case 'string':
      return { kind: format === 'byte' ? 'bytes' : 'string' };
    case 'boolean':
      return { kind: 'bool' };
    case 'number':
      return { kind: format === 'int32' ? 'int32' : format === 'int64' ? 'int64' : 'float64' };
    case 'Date':
    case 'V1MicroTime':
    case 'V1Time':
      return { kind: 'time', micro: format === 'date-time-micro' };
    case 'IntOrString':
      return { kind: 'intOrString' };
    case 'any':
      return { kind: 'raw', openApiName: RAW_DEFAULT };
    default:
      return readAttributes(type) ? { kind: 'struct', name: type } : { kind: 'raw', openApiName: RAW_DEFAULT };
  }
}

/** kubernetes-models file for a client-node model: V1DeploymentSpec -> IoK8sApiAppsV1DeploymentSpec. */
function validatorFileFor(name: string): string | undefined {
  if (!validatorFiles) {
    validatorFiles = new Map();
    for (const dir of SCHEMA_DIRS) {
      for (const f of readdirSync(dir)) if (f.endsWith('.js')) validatorFiles.set(f.slice(0, -3), path.join(dir, f));
    }
  }
  const grouped = /^[A-Z][a-z]+V\d/.test(name);
  for (const [file, full] of validatorFiles) {
    if (!file.startsWith('IoK8s') || !file.endsWith(name)) continue;
    const before = file.slice(0, file.length - name.length);
    // 'V1Condition' must not match 'IoK8sApiCoreV1PodCondition': the version has to start the suffix.
    if (grouped || /[a-z]$/.test(before)) return full;
  }
  return undefined;
}

interface Package {
  prefix: string; // io.k8s.api.apps.v1
  goPackage: string;
}

function packageOf(file: string | undefined, parent?: StructType): Package {
  const base = file ? path.basename(file, '.js') : '';
  const api = /^IoK8sApi([A-Z][a-z]+)(V\d+(?:alpha\d+|beta\d+)?)[A-Z]/.exec(base);
  if (api?.[1] && api[2]) {
    const v = api[2].toLowerCase();
    return { prefix: `io.k8s.api.${api[1].toLowerCase()}.${v}`, goPackage: v };
  }
  if (base.startsWith('IoK8sApimachineryPkgApisMetaV1')) {
    return { prefix: 'io.k8s.apimachinery.pkg.apis.meta.v1', goPackage: 'v1' };
  }
  if (base.startsWith('IoK8sApiextensionsApiserverPkgApisApiextensionsV1')) {
    return { prefix: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1', goPackage: 'v1' };
  }
  if (parent)
    return { prefix: parent.openApiName.slice(0, parent.openApiName.lastIndexOf('.')), goPackage: parent.goPackage };
  return { prefix: 'io.k8s.api.core.v1', goPackage: 'v1' };
}

/** Required properties, found by asking the compiled validator what an empty object lacks. */
function requiredFields(file: string | undefined): string[] {
  if (!file) return [];
  let mod: unknown;
  try {
    mod = require(file);
  } catch {
    return [];
  }
  const validate = isObj(mod) ? mod.validate : undefined;
  if (typeof validate !== 'function') return [];
  const fn = validate as ((data: unknown) => boolean) & { errors?: unknown };
  if (fn({})) return [];
  const errors = Array.isArray(fn.errors) ? (fn.errors as unknown[]) : [];
  const out: string[] = [];
  for (const e of errors) {
    if (!isObj(e) || e.keyword !== 'required' || e.instancePath !== '') continue;
    const missing = isObj(e.params) ? e.params.missingProperty : undefined;
    if (typeof missing === 'string') out.push(missing);
  }
  return out;
}
