/**
 * Which kinds the validator knows: built-in kinds get a schema and a scope; custom resources get
 * no schema (undefined), so the loader can tell a typo in a Kubernetes group from a CRD. Also
 * checks the built-in kinds table against the two packages it was derived from, so an upgrade
 * of either that changes a kind shows up here.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS } from '../../src/core/kube-kinds.js';
import { createFieldTypesLoader, findRootTypeName } from '../../src/adapters/kube-schema/load-field-types.js';
import { loadTypeCheck } from '../../src/adapters/kube-schema/load-type-check.js';
import { describeRemovedApi } from '../../src/adapters/kube-schema/removed-apis.js';
import { createResourceValidator } from '../../src/adapters/kube-schema/validator.js';

const validator = createResourceValidator();

describe('custom resources and unknown kinds', () => {
  it('has no schema for custom resources, whose groups are not built in', () => {
    const cert = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c' }, spec: { x: 1 } };
    expect(validator.validate(cert)).toBeUndefined();
    expect(validator.isBuiltinGroup('cert-manager.io/v1')).toBe(false);
    expect(validator.isNamespaced('cert-manager.io/v1', 'Certificate')).toBeUndefined();
    // Kubernetes-owned names, but served by CRDs: not built in.
    expect(validator.isBuiltinGroup('gateway.networking.k8s.io/v1')).toBe(false);
    expect(validator.isBuiltinGroup('snapshot.storage.k8s.io/v1')).toBe(false);
    expect(validator.isBuiltinGroup('sextant.dev/v1alpha1')).toBe(false);
  });

  it('has no schema for an unknown kind in a built-in group, which is therefore a typo', () => {
    expect(validator.validate({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } })).toBeUndefined();
    expect(validator.isBuiltinGroup('apps/v1')).toBe(true);
    expect(validator.isNamespaced('apps/v1', 'Deploymnet')).toBeUndefined();
    // A part of a kind is not a kind, and a kind in a version that does not exist has no schema.
    expect(validator.validate({ apiVersion: 'apps/v1', kind: 'DeploymentSpec' })).toBeUndefined();
    expect(validator.validate({ apiVersion: 'apps/v2', kind: 'Deployment' })).toBeUndefined();
    expect(validator.validate({ apiVersion: 'v1', kind: 'configmap' })).toBeUndefined();
  });

  it('leaves objects without a string apiVersion or kind to the loader', () => {
    expect(validator.validate({ kind: 'ConfigMap' })).toBeUndefined();
    expect(validator.validate({ apiVersion: 'v1', kind: 7 })).toBeUndefined();
  });

  it('knows the core group and every Kubernetes group', () => {
    const groups = ['v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'policy/v1'];
    const more = [
      'autoscaling/v2',
      'storage.k8s.io/v1',
      'apiextensions.k8s.io/v1',
      'resource.k8s.io/v1',
      'extensions/v1beta1',
    ];
    for (const apiVersion of [...groups, ...more]) expect(validator.isBuiltinGroup(apiVersion)).toBe(true);
  });
});

describe('scope', () => {
  it('knows which kinds are namespaced and which are cluster-wide', () => {
    const cases: [string, string, boolean][] = [
      ['v1', 'ConfigMap', true],
      ['v1', 'Namespace', false],
      ['v1', 'Node', false],
      ['v1', 'PersistentVolume', false],
      ['v1', 'PersistentVolumeClaim', true],
      ['apps/v1', 'Deployment', true],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole', false],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', false],
      ['rbac.authorization.k8s.io/v1', 'RoleBinding', true],
      ['storage.k8s.io/v1', 'StorageClass', false],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', false],
      ['networking.k8s.io/v1', 'IngressClass', false],
      ['networking.k8s.io/v1', 'Ingress', true],
      ['scheduling.k8s.io/v1', 'PriorityClass', false],
      ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', false],
      ['autoscaling/v2', 'HorizontalPodAutoscaler', true],
    ];
    for (const [apiVersion, kind, namespaced] of cases) {
      expect({ kind, namespaced: validator.isNamespaced(apiVersion, kind) }).toEqual({ kind, namespaced });
    }
  });
});

describe('kinds newer than the type schemas', () => {
  it('still catches unknown fields of resource.k8s.io/v1 (Kubernetes 1.34)', () => {
    const claim = {
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceClaim',
      metadata: { name: 'gpu' },
      spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.example.com' } }] } },
    };
    expect(validator.validate(claim)).toEqual([]);
    const typo = { ...claim, spec: { devices: { request: [] } } };
    expect(validator.validate(typo)).toEqual([
      { path: ['spec', 'devices', 'request'], code: 'unknown-field', message: 'unknown field "request"' },
    ]);
  });
});

describe('the built-in kinds table matches the installed packages', () => {
  const loadFieldTypes = createFieldTypesLoader();
  const served = Object.entries(BUILTIN_KINDS).flatMap(([group, kinds]) =>
    Object.entries(kinds).flatMap(([kind, info]) => info.versions.map((version) => ({ group, version, kind }))),
  );

  it('every served kind has field names; GA kinds have types too, except those newer than kubernetes-models', () => {
    const withoutFields: string[] = [];
    const gaWithoutTypes: string[] = [];
    for (const { group, version, kind } of served) {
      const id = `${group}/${version}/${kind}`;
      if (findRootTypeName(loadFieldTypes, group, version, kind) === undefined) withoutFields.push(id);
      if (/^v\d+$/.test(version) && loadTypeCheck(group, version, kind) === undefined) gaWithoutTypes.push(id);
    }
    expect(withoutFields).toEqual([]);
    expect(gaWithoutTypes.sort()).toEqual([...NEWER_THAN_TYPES].sort());
  });

  it('every top-level kind of kubernetes-models is either served or a known removal', () => {
    const require = createRequire(import.meta.url);
    const root = path.dirname(require.resolve('kubernetes-models'));
    const unaccounted: string[] = [];
    for (const { group, version, dir } of modelDirs(root)) {
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.js') && f !== 'index.js')) {
        const kind = file.slice(0, -3);
        if (loadTypeCheck(group, version, kind) === undefined || kind.endsWith('List') || SUBRESOURCES.has(kind))
          continue;
        const apiVersion = group === '' ? version : `${group}/${version}`;
        const isServed = BUILTIN_KINDS[group]?.[kind]?.versions.includes(version) ?? false;
        if (!isServed && describeRemovedApi(apiVersion, kind) === undefined) unaccounted.push(`${apiVersion} ${kind}`);
      }
    }
    expect(unaccounted).toEqual([]);
  });
});

/** GA kinds added to Kubernetes after the version kubernetes-models was generated from. */
const NEWER_THAN_TYPES = new Set([
  'admissionregistration.k8s.io/v1/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBinding',
  'resource.k8s.io/v1/DeviceClass',
  'resource.k8s.io/v1/ResourceClaim',
  'resource.k8s.io/v1/ResourceClaimTemplate',
  'resource.k8s.io/v1/ResourceSlice',
  'storage.k8s.io/v1/VolumeAttributesClass',
]);

/** Kinds that exist only as subresources (POST .../scale, .../eviction): nobody keeps them in Git. */
const SUBRESOURCES = new Set(['Scale', 'Eviction', 'DeploymentRollback', 'TokenRequest']);

function modelDirs(root: string): { group: string; version: string; dir: string }[] {
  const out = [{ group: '', version: 'v1', dir: path.join(root, 'v1') }];
  for (const group of fs.readdirSync(root)) {
    const groupDir = path.join(root, group);
    if (group === 'v1' || group.startsWith('_') || !fs.statSync(groupDir).isDirectory()) continue;
    for (const version of fs.readdirSync(groupDir)) {
      const dir = path.join(groupDir, version);
      if (fs.statSync(dir).isDirectory()) out.push({ group, version, dir });
    }
  }
  return out;
}
