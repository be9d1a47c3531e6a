/**
 * The REST paths of one resource in an OpenAPI v3 group-version document, shaped like
 * kube-apiserver's: operations carry x-kubernetes-action and x-kubernetes-group-version-kind, and
 * writes declare the fieldValidation parameter that tells kubectl the server validates fields.
 */
import type { GroupVersionKind, Obj, ResourceType } from '../model.js';
import type { KindSchemas } from './openapi-components.js';
import { ref } from './openapi-components.js';

type Kind = 'string' | 'boolean' | 'integer';

function param(name: string, where: 'query' | 'path', type: Kind, description: string, required = false): Obj {
  return { name, in: where, description, ...(required ? { required } : {}), schema: { type, uniqueItems: true } };
}

const PRETTY = param('pretty', 'query', 'string', "If 'true', then the output is pretty printed.");
const DRY_RUN = param(
  'dryRun',
  'query',
  'string',
  'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed',
);
const FIELD_MANAGER = param(
  'fieldManager',
  'query',
  'string',
  'fieldManager is a name associated with the actor or entity that is making these changes.',
);
const FIELD_VALIDATION = param(
  'fieldValidation',
  'query',
  'string',
  'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict',
);
const FORCE = param(
  'force',
  'query',
  'boolean',
  'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.',
);
const LIST_PARAMS = [
  param('allowWatchBookmarks', 'query', 'boolean', 'allowWatchBookmarks requests watch events with type "BOOKMARK".'),
  param(
    'continue',
    'query',
    'string',
    'The continue option should be set when retrieving more results from the server.',
  ),
  param('fieldSelector', 'query', 'string', 'A selector to restrict the list of returned objects by their fields.'),
  param('labelSelector', 'query', 'string', 'A selector to restrict the list of returned objects by their labels.'),
  param('limit', 'query', 'integer', 'limit is a maximum number of responses to return for a list call.'),
  param(
    'resourceVersion',
    'query',
    'string',
    'resourceVersion sets a constraint on what resource versions a request may be served from.',
  ),
  param(
    'resourceVersionMatch',
    'query',
    'string',
    'resourceVersionMatch determines how resourceVersion is applied to list calls.',
  ),
  param('sendInitialEvents', 'query', 'boolean', 'sendInitialEvents=true may be set together with watch=true.'),
  param('timeoutSeconds', 'query', 'integer', 'Timeout for the list/watch call.'),
  param(
    'watch',
    'query',
    'boolean',
    'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.',
  ),
];
const DELETE_PARAMS = [
  DRY_RUN,
  param('gracePeriodSeconds', 'query', 'integer', 'The duration in seconds before the object should be deleted.'),
  param(
    'ignoreStoreReadErrorWithClusterBreakingPotential',
    'query',
    'boolean',
    'if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.',
  ),
  param(
    'orphanDependents',
    'query',
    'boolean',
    'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7.',
  ),
  param('propagationPolicy', 'query', 'string', 'Whether and how garbage collection will be performed.'),
];

const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const PATCH = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
export const SCALE = 'io.k8s.api.autoscaling.v1.Scale';

/**
 * Strategic merge patch is left out on purpose: kubectl would then compute apply patches from
 * these schemas, which carry no x-kubernetes-patch-merge-key data, and treat every list as atomic.
 * Without it kubectl falls back to its compiled-in types, which carry the real merge keys.
 */
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

function body(schema: string, types = ['application/json', 'application/yaml']): Obj {
  const content: Obj = {};
  for (const t of types) content[t] = { schema: ref(schema) };
  return content;
}

function responses(schema: string, codes: string[]): Obj {
  const out: Obj = {};
  for (const c of codes)
    out[c] = { description: c === '201' ? 'Created' : c === '202' ? 'Accepted' : 'OK', content: body(schema) };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

/** Go-style identifier of a group for operation ids: rbac.authorization.k8s.io -> RbacAuthorization. */
export function groupWord(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split(/[.-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

export function groupTag(t: { group: string; version: string }): string {
  const w = groupWord(t.group);
  return `${w.charAt(0).toLowerCase()}${w.slice(1)}_${t.version}`;
}

interface OpSpec {
  verb: string;
  id: string;
  action: string;
  description: string;
  params?: Obj[];
  request?: Obj;
  response: Obj;
  gvk?: GroupVersionKind;
}

type OpFn = (spec: OpSpec) => Obj;

/** Every path of resource `t`, keyed by URL template. */
export function resourcePaths(t: ResourceType, schemas: KindSchemas): Record<string, Obj> {
  const prefix = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const base = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.plural}` : `${prefix}/${t.plural}`;
  const named = `${base}/{name}`;
  const version = t.version.charAt(0).toUpperCase() + t.version.slice(1);
  const op: OpFn = (spec) => ({
    tags: [groupTag(t)],
    description: spec.description,
    operationId: `${spec.verb}${groupWord(t.group)}${version}${spec.id}`,
    parameters: spec.params ?? [],
    ...(spec.request ? { requestBody: { content: spec.request, required: true } } : {}),
    responses: spec.response,
    'x-kubernetes-action': spec.action,
    'x-kubernetes-group-version-kind': gvkOf(spec.gvk ?? t),
  });
  const namespace = param(
    'namespace',
    'path',
    'string',
    'object name and auth scope, such as for teams and projects',
    true,
  );
  const scoped = t.namespaced ? [namespace] : [];
  const nameParams = (what: string): Obj[] => [
    param('name', 'path', 'string', `name of the ${what}`, true),
    ...scoped,
    PRETTY,
  ];
  const id = `${t.namespaced ? 'Namespaced' : ''}${t.kind}`;
  const listOp = (opId: string): Obj =>
    op({
      verb: 'list',
      id: opId,
      action: 'list',
      description: `list or watch objects of kind ${t.kind}`,
      params: LIST_PARAMS,
      response: responses(schemas.list, ['200']),
    });
  const paths: Record<string, Obj> = {};
  paths[base] = {
    get: listOp(id),
    post: op({
      verb: 'create',
      id,
      action: 'post',
      description: `create a ${t.kind}`,
      params: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
      request: body(schemas.kind, ['*/*']),
      response: responses(schemas.kind, ['200', '201', '202']),
    }),
    delete: op({
      verb: 'delete',
      id: `Collection${id}`,
      action: 'deletecollection',
      description: `delete collection of ${t.kind}`,
      params: [...DELETE_PARAMS, ...LIST_PARAMS.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks')],
      request: body(DELETE_OPTIONS, ['*/*']),
      response: responses(STATUS, ['200']),
    }),
    parameters: [...scoped, PRETTY],
  };
  if (t.namespaced) paths[`${prefix}/${t.plural}`] = { get: listOp(`${t.kind}ForAllNamespaces`), parameters: [PRETTY] };
  paths[named] = {
    ...readWrite(op, id, schemas.kind, t.kind, t),
    delete: op({
      verb: 'delete',
      id,
      action: 'delete',
      description: `delete a ${t.kind}`,
      params: DELETE_PARAMS,
      request: body(DELETE_OPTIONS, ['*/*']),
      response: responses(STATUS, ['200', '202']),
    }),
    parameters: nameParams(t.kind),
  };
  if (t.subresources.status) {
    paths[`${named}/status`] = {
      ...readWrite(op, `${id}Status`, schemas.kind, `status of the specified ${t.kind}`, t),
      parameters: nameParams(t.kind),
    };
  }
  if (t.subresources.scale) {
    const scale = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
    paths[`${named}/scale`] = {
      ...readWrite(op, `${id}Scale`, SCALE, `scale of the specified ${t.kind}`, scale),
      parameters: nameParams('Scale'),
    };
  }
  return paths;
}

function gvkOf(g: GroupVersionKind): Obj {
  return { group: g.group, kind: g.kind, version: g.version };
}

function readWrite(op: OpFn, id: string, schema: string, what: string, gvk: GroupVersionKind): Obj {
  const writes = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
  return {
    get: op({
      verb: 'read',
      id,
      action: 'get',
      description: `read the specified ${what}`,
      response: responses(schema, ['200']),
      gvk,
    }),
    put: op({
      verb: 'replace',
      id,
      action: 'put',
      description: `replace the specified ${what}`,
      params: writes,
      request: body(schema, ['*/*']),
      response: responses(schema, ['200', '201']),
      gvk,
    }),
    patch: op({
      verb: 'patch',
      id,
      action: 'patch',
      description: `partially update the specified ${what}`,
      params: [...writes, FORCE],
      request: body(PATCH, PATCH_TYPES),
      response: responses(schema, ['200', '201']),
      gvk,
    }),
  };
}
