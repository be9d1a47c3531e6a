/**
 * OpenAPI v3 component schemas, named as kube-apiserver names them (io.k8s.api.apps.v1.Deployment,
 * com.example.v1.Widget): built-in structs rendered from the field tree, custom resources from
 * their CRD schema, each kind tagged with x-kubernetes-group-version-kind for kubectl.
 */
import type { GroupVersionKind, Obj, ResourceType } from '../model.js';
import { clone, isObj } from '../model.js';
import type { FieldType } from './builtin-schema.js';
import { modelNameFor, structNamed } from './builtin-schema.js';
import { descriptionsOf } from './descriptions.js';

export type Components = Record<string, Obj>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const OBJECT_META = `${META}.ObjectMeta`;
const LIST_META = `${META}.ListMeta`;

/** Go types the field tree treats as scalars, with the schemas the real documents give them. */
const SCALARS: Record<string, Obj> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
  },
  [`${META}.Time`]: { type: 'string', format: 'date-time' },
  [`${META}.MicroTime`]: { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
  [`${META}.FieldsV1`]: { type: 'object' },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceSubresourceStatus': { type: 'object' },
};

export function ref(name: string): Obj {
  return { $ref: `#/components/schemas/${name}` };
}

/** A property pointing at a named schema, in the real documents' `allOf` form. */
function refProperty(name: string): Obj {
  return { allOf: [ref(name)], default: {} };
}

function useScalar(name: string, components: Components): Obj {
  components[name] ??= { description: '', ...(SCALARS[name] ?? {}) };
  return refProperty(name);
}

function fieldSchema(t: FieldType, components: Components): Obj {
  switch (t.kind) {
    case 'string':
      return { type: 'string' };
    case 'bytes':
      return { type: 'string', format: 'byte' };
    case 'int32':
    case 'int64':
      return { type: 'integer', format: t.kind };
    case 'float64':
      return { type: 'number', format: 'double' };
    case 'bool':
      return { type: 'boolean' };
    case 'quantity':
      return useScalar('io.k8s.apimachinery.pkg.api.resource.Quantity', components);
    case 'intOrString':
      return useScalar('io.k8s.apimachinery.pkg.util.intstr.IntOrString', components);
    case 'time':
      return useScalar(`${META}.${t.micro ? 'MicroTime' : 'Time'}`, components);
    case 'raw':
      return useScalar(t.openApiName, components);
    case 'struct': {
      const name = addStruct(t.name, components);
      return name ? refProperty(name) : { type: 'object' };
    }
    case 'array':
      return { type: 'array', items: fieldSchema(t.items, components) };
    case 'map':
      return { type: 'object', additionalProperties: fieldSchema(t.values, components) };
  }
}

/** Adds a built-in struct and everything it references; returns its definition name. */
export function addStruct(modelName: string, components: Components, gvk?: GroupVersionKind): string | undefined {
  const s = structNamed(modelName);
  if (!s) return undefined;
  if (!components[s.openApiName]) {
    const docs = descriptionsOf(modelName);
    const schema: Obj = { description: docs.type, type: 'object' };
    components[s.openApiName] = schema; // before recursing: JSONSchemaProps refers to itself
    const properties: Obj = {};
    for (const [k, t] of s.fields) {
      const description = docs.fields.get(k);
      properties[k] = { ...(description ? { description } : {}), ...fieldSchema(t, components) };
    }
    schema.properties = properties;
    if (s.required.length > 0) schema.required = [...s.required];
  }
  const schema = components[s.openApiName];
  if (gvk && schema) tagKind(schema, gvk);
  return s.openApiName;
}

function tagKind(schema: Obj, gvk: GroupVersionKind): void {
  const tags = Array.isArray(schema['x-kubernetes-group-version-kind'])
    ? (schema['x-kubernetes-group-version-kind'] as unknown[])
    : [];
  const tag = { group: gvk.group, kind: gvk.kind, version: gvk.version };
  if (!tags.some((x) => JSON.stringify(x) === JSON.stringify(tag))) tags.push(tag);
  schema['x-kubernetes-group-version-kind'] = tags;
}

export interface KindSchemas {
  kind: string;
  list: string;
}

/** The kind and list schemas of a built-in resource, or undefined if no model describes it. */
export function addBuiltinKind(t: ResourceType, components: Components): KindSchemas | undefined {
  const model = modelNameFor(t);
  const kind = model && addStruct(model, components, t);
  if (!model || !kind) return undefined;
  const list = addStruct(`${model}List`, components, { group: t.group, version: t.version, kind: t.listKind });
  return list ? { kind, list } : undefined;
}

/** com.example.v1.Widget: the group reversed, as apiextensions names CRD definitions. */
export function customDefinitionName(t: { group: string; version: string; kind: string }): string {
  return [...t.group.split('.').reverse(), t.version, t.kind].join('.');
}

export function addCustomKind(t: ResourceType, components: Components): KindSchemas {
  addStruct('V1ObjectMeta', components);
  addStruct('V1ListMeta', components);
  const kind = customDefinitionName(t);
  const schema: Obj = isObj(t.schema)
    ? clone(t.schema)
    : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const props: Obj = isObj(schema.properties) ? schema.properties : {};
  schema.type = 'object';
  schema.properties = {
    apiVersion: {
      description:
        'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.',
      type: 'string',
    },
    kind: {
      description:
        'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.',
      type: 'string',
    },
    ...props,
    metadata: { description: "Standard object's metadata.", ...refProperty(OBJECT_META) },
  };
  if (t.preserveUnknownFields) schema['x-kubernetes-preserve-unknown-fields'] = true;
  tagKind(schema, t);
  components[kind] = schema;
  const list = `${kind}List`;
  components[list] = {
    description: `${t.kind}List is a list of ${t.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { type: 'string' },
      items: { type: 'array', items: ref(kind) },
      kind: { type: 'string' },
      metadata: refProperty(LIST_META),
    },
    'x-kubernetes-group-version-kind': [{ group: t.group, kind: t.listKind, version: t.version }],
  };
  return { kind, list };
}
