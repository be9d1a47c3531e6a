/**
 * How each list and map of an object merges: for built-in kinds from a model of the Go types'
 * patchStrategy/patchMergeKey tags and +listType/+mapType/+structType markers, for custom
 * resources from the CRD's openAPIV3Schema (x-kubernetes-list-type, -list-map-keys, -map-type).
 */
import type { GroupVersionKind, Obj } from '../model.js';
import { isObj } from '../model.js';
import { builtinRoot, OBJECT_META, type TypeNode } from './builtin-schema.js';
import { emptyBuiltinObject } from './builtin-zero-values.js';

/** What strategic merge patch does with a list, where it differs from server-side apply. */
export interface SmpHints {
  /** patchMergeKey: SMP merges a list of maps by this key. Without it (and without smpMerge) SMP replaces the list. */
  smpKey?: string;
  /** patchStrategy=merge on a list of scalars (finalizers, podCIDRs): SMP takes the union. */
  smpMerge?: boolean;
}

export type ListStrategy = (
  { type: 'map'; keys: string[]; keyDefaults?: Record<string, unknown> } | { type: 'set' } | { type: 'atomic' }
) &
  SmpHints;

export type MapType = 'granular' | 'atomic';

/** path = field names from the root, no list indices (items of a list share the list's path). */
export interface ListTypeResolver {
  (path: string[]): ListStrategy | undefined;
  /** 'atomic' for maps owned and replaced as one value (label selectors, service selectors). Default granular. */
  mapType?: (path: string[]) => MapType | undefined;
  /** True when the last element names a key of a free-form map (labels, data) rather than a declared field. */
  isMapEntry?: (path: string[]) => boolean;
  /** SMP patchStrategy=replace on a map (a PodDisruptionBudget's selector). */
  smpReplacesMap?: (path: string[]) => boolean;
  /** The object the apiserver compares against on create (a typed zero value keeps e.g. spec present). */
  emptyObject?: () => Obj;
}

function enterItems(node: TypeNode | undefined): TypeNode | undefined {
  return node?.kind === 'list' ? node.elem : node;
}

function walkType(root: TypeNode, path: string[]): TypeNode | undefined {
  let node: TypeNode | undefined = root;
  for (const seg of path) {
    node = enterItems(node);
    if (!node) return undefined;
    if (node.kind === 'struct') node = node.fields[seg];
    else if (node.kind === 'map') node = node.elem;
    else return undefined;
  }
  return node;
}

/** A resolver over a type model rooted at `root`. */
export function typeModelResolver(root: TypeNode, emptyObject: () => Obj): ListTypeResolver {
  const resolver: ListTypeResolver = (path) => {
    const node = walkType(root, path);
    return node?.kind === 'list' ? node.strategy : undefined;
  };
  resolver.mapType = (path) => {
    const node = enterItems(walkType(root, path));
    if (node?.kind === 'struct' || node?.kind === 'map') return node.atomic ? 'atomic' : 'granular';
    return undefined;
  };
  resolver.isMapEntry = (path) => enterItems(walkType(root, path.slice(0, -1)))?.kind === 'map';
  resolver.smpReplacesMap = (path) => {
    const node = walkType(root, path);
    return node?.kind === 'struct' && node.smpReplace === true;
  };
  resolver.emptyObject = emptyObject;
  return resolver;
}

/** List and map behaviour of a built-in kind (unknown kinds still get ObjectMeta's). */
export function builtinListTypes(gvk: GroupVersionKind): ListTypeResolver {
  return typeModelResolver(builtinRoot(gvk), () => emptyBuiltinObject(gvk));
}

type SchemaNode = Obj | 'deduced';

/** Follows a path through an OpenAPI v3 schema; 'deduced' past x-kubernetes-preserve-unknown-fields. */
function walkSchema(schema: Obj, path: string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema;
  for (const seg of path) {
    node = enterSchemaItems(node);
    if (node === undefined || node === 'deduced') return node;
    const props = isObj(node.properties) ? node.properties : undefined;
    const prop = props?.[seg];
    if (isObj(prop)) node = prop;
    else if (isObj(node.additionalProperties)) node = node.additionalProperties;
    else if (node.additionalProperties === true || node['x-kubernetes-preserve-unknown-fields'] === true) {
      node = 'deduced';
    } else return undefined;
  }
  return node;
}

function isObjectSchema(node: Obj): boolean {
  return (
    node.type === 'object' ||
    isObj(node.properties) ||
    node.additionalProperties !== undefined ||
    node['x-kubernetes-preserve-unknown-fields'] === true
  );
}

function enterSchemaItems(node: SchemaNode | undefined): SchemaNode | undefined {
  if (node === undefined || node === 'deduced') return node;
  return node.type === 'array' && isObj(node.items) ? node.items : node;
}

function schemaListStrategy(node: SchemaNode | undefined): ListStrategy | undefined {
  if (node === undefined) return undefined;
  if (node === 'deduced') return { type: 'atomic' };
  if (node.type !== 'array' && !isObj(node.items)) return undefined;
  const listType = node['x-kubernetes-list-type'];
  if (listType === 'set') return { type: 'set' };
  if (listType !== 'map') return { type: 'atomic' };
  const keys = Array.isArray(node['x-kubernetes-list-map-keys'])
    ? node['x-kubernetes-list-map-keys'].filter((k): k is string => typeof k === 'string')
    : [];
  const itemProps = isObj(node.items) && isObj(node.items.properties) ? node.items.properties : {};
  const keyDefaults: Record<string, unknown> = {};
  for (const k of keys) {
    const prop = itemProps[k];
    if (isObj(prop) && prop.default !== undefined) keyDefaults[k] = prop.default;
  }
  return Object.keys(keyDefaults).length > 0 ? { type: 'map', keys, keyDefaults } : { type: 'map', keys };
}

/**
 * List and map behaviour of a custom resource from its openAPIV3Schema. Lists without
 * x-kubernetes-list-type are atomic, as the apiserver treats them; metadata follows ObjectMeta.
 */
export function schemaListTypes(schema: Obj | undefined): ListTypeResolver {
  const meta = typeModelResolver(OBJECT_META, () => ({}));
  const root: Obj = schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const isMeta = (path: string[]): boolean => path[0] === 'metadata';
  const resolver: ListTypeResolver = (path) =>
    isMeta(path) ? meta(path.slice(1)) : schemaListStrategy(walkSchema(root, path));
  resolver.mapType = (path) => {
    if (isMeta(path)) return meta.mapType?.(path.slice(1));
    const node = enterSchemaItems(walkSchema(root, path));
    if (node === undefined || node === 'deduced' || !isObjectSchema(node)) return undefined;
    return node['x-kubernetes-map-type'] === 'atomic' ? 'atomic' : 'granular';
  };
  resolver.isMapEntry = (path) => {
    if (isMeta(path)) return path.length > 1 && (meta.isMapEntry?.(path.slice(1)) ?? false);
    const parent = enterSchemaItems(walkSchema(root, path.slice(0, -1)));
    if (parent === 'deduced') return true;
    if (parent === undefined) return false;
    const last = path[path.length - 1] ?? '';
    if (isObj(parent.properties) && isObj(parent.properties[last])) return false;
    return (
      isObj(parent.additionalProperties) ||
      parent.additionalProperties === true ||
      parent['x-kubernetes-preserve-unknown-fields'] === true
    );
  };
  resolver.emptyObject = () => ({});
  return resolver;
}
