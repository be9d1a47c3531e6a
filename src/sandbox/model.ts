/**
 * The sandbox's data model: objects are plain JSON, exactly as a client sent or will receive them.
 * Everything in src/sandbox speaks these types; nothing here knows about the daemon.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Obj = Record<string, unknown>;

export interface GroupVersionKind {
  group: string; // '' for the core group
  version: string;
  kind: string;
}

export interface ScaleSubresource {
  specReplicasPath: string; // e.g. '.spec.replicas'
  statusReplicasPath: string; // e.g. '.status.replicas'
  labelSelectorPath?: string; // e.g. '.status.selector'
}

export interface PrinterColumn {
  name: string;
  type: string; // string | integer | number | boolean | date
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

/** One served resource (a REST collection), as discovery describes it. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: { status: boolean; scale?: ScaleSubresource };
  /** Built-in kinds are validated against the Kubernetes schema; custom ones against `schema`. */
  builtin: boolean;
  /** openAPIV3Schema of a CustomResourceDefinition version. */
  schema?: Obj;
  /** additionalPrinterColumns of a CustomResourceDefinition version. */
  printerColumns?: PrinterColumn[];
  /** x-kubernetes-preserve-unknown-fields at the root of a CRD schema. */
  preserveUnknownFields?: boolean;
}

export function apiVersionOf(t: { group: string; version: string }): string {
  return t.group === '' ? t.version : `${t.group}/${t.version}`;
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The metadata map of an object, created if absent. */
export function metaOf(obj: Obj): Obj {
  if (!isObj(obj.metadata)) obj.metadata = {};
  return obj.metadata as Obj;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function nameOf(obj: Obj): string {
  return str(metaOf(obj).name) ?? '';
}

export function namespaceOf(obj: Obj): string {
  return str(metaOf(obj).namespace) ?? '';
}

export function labelsOf(obj: Obj): Record<string, string> {
  const l = metaOf(obj).labels;
  return isObj(l) ? (l as Record<string, string>) : {};
}

/** Deep copy of JSON data; objects in the store are never shared with callers. */
export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Reads a dotted path such as '.spec.replicas'. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.').filter(Boolean)) {
    if (!isObj(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Writes a dotted path, creating maps on the way. */
export function setPath(obj: Obj, path: string, value: unknown): void {
  const parts = path.split('.').filter(Boolean);
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    if (!isObj(cur[part])) cur[part] = {};
    cur = cur[part] as Obj;
  }
  const last = parts[parts.length - 1];
  if (last !== undefined) cur[last] = value;
}
