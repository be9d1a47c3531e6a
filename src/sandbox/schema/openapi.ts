/**
 * GET /openapi/v3 and GET /openapi/v3/<api|apis/group>/<version>: the discovery index of OpenAPI
 * documents and one document per served group-version, enough for kubectl 1.32 to decide that the
 * server validates fields (apply --validate=strict) and for `kubectl explain` to walk the schemas.
 */
import { createHash } from 'node:crypto';
import type { Obj, ResourceType } from '../model.js';
import { apiVersionOf } from '../model.js';
import type { Components, KindSchemas } from './openapi-components.js';
import { addBuiltinKind, addCustomKind, addStruct } from './openapi-components.js';
import { resourcePaths } from './openapi-paths.js';

/** Bump when the generated documents change shape, so kubectl's disk cache (keyed by hash) refreshes. */
const GENERATOR_VERSION = 'sextant-openapi-1';

/** Index path of a group-version: api/v1, apis/apps/v1. */
export function openApiPath(t: { group: string; version: string }): string {
  return t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`;
}

function byGroupVersion(types: ResourceType[]): Map<string, ResourceType[]> {
  const out = new Map<string, ResourceType[]>();
  for (const t of types) {
    const key = apiVersionOf(t);
    const list = out.get(key) ?? [];
    list.push(t);
    out.set(key, list);
  }
  return out;
}

/**
 * The document's hash. Derived from what the document is generated from (not from the document,
 * which would mean building every document to serve the index); it changes exactly when they do.
 */
function hashOf(types: ResourceType[]): string {
  const basis = types.map((t) => [
    t.kind,
    t.listKind,
    t.plural,
    t.namespaced,
    t.builtin,
    t.subresources,
    t.schema ?? null,
    t.preserveUnknownFields ?? false,
  ]);
  return createHash('sha512')
    .update(JSON.stringify([GENERATOR_VERSION, basis]))
    .digest('hex')
    .toUpperCase();
}

export function openApiV3Index(types: ResourceType[]): Obj {
  const paths: Obj = {};
  for (const list of byGroupVersion(types).values()) {
    const first = list[0];
    if (!first) continue;
    const p = openApiPath(first);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(list)}` };
  }
  return { paths };
}

const documents = new Map<string, Obj>();

/**
 * The document for one group-version, or undefined if nothing is served there. Documents are
 * cached by hash and shared between callers: serialize them, do not modify them.
 */
export function openApiV3Document(group: string, version: string, types: ResourceType[]): Obj | undefined {
  const served = types.filter((t) => t.group === group && t.version === version);
  if (served.length === 0) return undefined;
  const hash = hashOf(served);
  let doc = documents.get(hash);
  if (!doc) {
    doc = buildDocument(served);
    if (documents.size >= 64) documents.delete(documents.keys().next().value ?? '');
    documents.set(hash, doc);
  }
  return doc;
}

function buildDocument(served: ResourceType[]): Obj {
  const components: Components = {};
  const paths: Record<string, Obj> = {};
  for (const t of sorted(served)) {
    const schemas: KindSchemas | undefined = t.builtin ? addBuiltinKind(t, components) : addCustomKind(t, components);
    if (!schemas) continue;
    if (t.subresources.scale) addStruct('V1Scale', components, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
    Object.assign(paths, resourcePaths(t, schemas));
  }
  addStruct('V1Status', components, { group: '', version: 'v1', kind: 'Status' });
  addStruct('V1DeleteOptions', components, { group: '', version: 'v1', kind: 'DeleteOptions' });
  components['io.k8s.apimachinery.pkg.apis.meta.v1.Patch'] = {
    description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
    type: 'object',
  };
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths: sortKeys(paths),
    components: {
      schemas: sortKeys(components),
      securitySchemes: {
        BearerToken: {
          type: 'apiKey',
          description: 'Bearer Token authentication',
          name: 'authorization',
          in: 'header',
        },
      },
    },
  };
}

function sorted(types: ResourceType[]): ResourceType[] {
  return [...types].sort((a, b) => a.plural.localeCompare(b.plural));
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
