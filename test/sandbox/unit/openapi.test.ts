import { describe, expect, it } from 'vitest';
import type { Obj, ResourceType } from '../../../src/sandbox/model.js';
import { builtinTypes } from '../../../src/sandbox/registry/builtin-types.js';
import { openApiV3Document, openApiV3Index } from '../../../src/sandbox/schema/openapi.js';

const widget: ResourceType = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  listKind: 'WidgetList',
  plural: 'widgets',
  singular: 'widget',
  namespaced: true,
  shortNames: [],
  categories: [],
  verbs: [],
  subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
  builtin: false,
  schema: {
    type: 'object',
    properties: { spec: { type: 'object', properties: { replicas: { type: 'integer', description: 'How many.' } } } },
  },
};

const types = [...builtinTypes(), widget];

/** Follows `path` through the JSON value. */
function at(v: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Obj)[k] : undefined), v);
}

function doc(group: string, version: string): Obj {
  const d = openApiV3Document(group, version, types);
  if (!d) throw new Error(`no document for ${group}/${version}`);
  return d;
}

describe('GET /openapi/v3', () => {
  it('lists one document per served group-version with a content hash', () => {
    const paths = openApiV3Index(types).paths as Record<string, { serverRelativeURL: string }>;
    expect(Object.keys(paths)).toContain('api/v1');
    expect(Object.keys(paths)).toContain('apis/apps/v1');
    expect(Object.keys(paths)).toContain('apis/example.com/v1');
    expect(paths['apis/apps/v1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('changes the hash when a CRD schema changes, and only for its group-version', () => {
    const before = openApiV3Index(types).paths as Record<string, { serverRelativeURL: string }>;
    const changed = { ...widget, schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };
    const after = openApiV3Index([...builtinTypes(), changed]).paths as Record<string, { serverRelativeURL: string }>;
    expect(after['apis/example.com/v1']).not.toEqual(before['apis/example.com/v1']);
    expect(after['apis/apps/v1']).toEqual(before['apis/apps/v1']);
  });
});

describe('GET /openapi/v3/apis/<group>/<version>', () => {
  it('returns nothing for a group-version nobody serves', () => {
    expect(openApiV3Document('nope.example.com', 'v1', types)).toBeUndefined();
  });

  it('declares fieldValidation on PATCH, which kubectl apply --validate=strict checks', () => {
    const d = doc('apps', 'v1');
    expect(d.openapi).toBe('3.0.0');
    const patch = at(d, 'paths', '/apis/apps/v1/namespaces/{namespace}/deployments/{name}', 'patch') as Obj;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', kind: 'Deployment', version: 'v1' });
    expect(patch['x-kubernetes-action']).toBe('patch');
    expect(patch.operationId).toBe('patchAppsV1NamespacedDeployment');
    const params = (patch.parameters as Obj[]).map((p) => `${String(p.in)}:${String(p.name)}`);
    expect(params).toEqual(['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force']);
    // kubectl computes strategic merge patches from its compiled-in types when SMP is not offered.
    expect(Object.keys(at(patch, 'requestBody', 'content') as Obj)).not.toContain(
      'application/strategic-merge-patch+json',
    );
  });

  it('has the list, collection, status and scale paths of a namespaced kind', () => {
    const paths = Object.keys(doc('apps', 'v1').paths as Obj);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/apis/apps/v1/deployments',
        '/apis/apps/v1/namespaces/{namespace}/deployments',
        '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
        '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status',
        '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
      ]),
    );
    const scale = at(
      doc('apps', 'v1'),
      'paths',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
      'get',
    ) as Obj;
    expect(scale['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', kind: 'Scale', version: 'v1' });
  });

  it('uses /api/v1 paths for the core group and unscoped paths for cluster resources', () => {
    const core = Object.keys(doc('', 'v1').paths as Obj);
    expect(core).toContain('/api/v1/namespaces/{namespace}/configmaps/{name}');
    expect(core).toContain('/api/v1/namespaces/{name}');
    const rbac = Object.keys(doc('rbac.authorization.k8s.io', 'v1').paths as Obj);
    expect(rbac).toContain('/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}');
    const op = at(
      doc('rbac.authorization.k8s.io', 'v1'),
      'paths',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}',
      'put',
    ) as Obj;
    expect(op.operationId).toBe('replaceRbacAuthorizationV1ClusterRole');
  });

  it('names schemas as kube does, with the GVK and types kubectl explain reads', () => {
    const schemas = at(doc('apps', 'v1'), 'components', 'schemas') as Obj;
    const deployment = schemas['io.k8s.api.apps.v1.Deployment'] as Obj;
    expect(deployment['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    expect(at(deployment, 'properties', 'spec')).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }],
      default: {},
    });
    expect(at(schemas, 'io.k8s.api.apps.v1.DeploymentSpec', 'required')).toEqual(['selector', 'template']);
    expect(at(schemas, 'io.k8s.api.apps.v1.DeploymentSpec', 'properties', 'replicas')).toEqual({
      description:
        'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
      type: 'integer',
      format: 'int32',
    });
    expect(at(schemas, 'io.k8s.api.core.v1.Container', 'properties', 'ports', 'type')).toBe('array');
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    expect(at(schemas, 'io.k8s.api.apps.v1.DeploymentList', 'x-kubernetes-group-version-kind')).toEqual([
      { group: 'apps', kind: 'DeploymentList', version: 'v1' },
    ]);
  });

  it('publishes a custom resource with its CRD schema and ObjectMeta', () => {
    const d = doc('example.com', 'v1');
    const schemas = at(d, 'components', 'schemas') as Obj;
    const w = schemas['com.example.v1.Widget'] as Obj;
    expect(w['x-kubernetes-group-version-kind']).toEqual([{ group: 'example.com', kind: 'Widget', version: 'v1' }]);
    expect(at(w, 'properties', 'spec', 'properties', 'replicas')).toEqual({
      type: 'integer',
      description: 'How many.',
    });
    expect(at(w, 'properties', 'metadata', 'allOf')).toEqual([
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    ]);
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    expect(schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
    const patch = at(d, 'paths', '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}', 'patch') as Obj;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'example.com', kind: 'Widget', version: 'v1' });
    expect(patch.operationId).toBe('patchExampleComV1NamespacedWidget');
    expect((patch.parameters as Obj[]).some((p) => p.name === 'fieldValidation')).toBe(true);
  });

  it('serves every built-in group-version', () => {
    for (const p of Object.keys(openApiV3Index(types).paths as Obj)) {
      const [group, version] = p.startsWith('api/') ? ['', p.slice(4)] : p.slice(5).split('/');
      const d = openApiV3Document(group ?? '', version ?? '', types);
      expect(Object.keys((d?.paths ?? {}) as Obj).length).toBeGreaterThan(0);
    }
  });
});
