import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../src/sandbox/model.js';
import { builtinListTypes, schemaListTypes } from '../../../src/sandbox/patch/list-types.js';

const deploy = builtinListTypes({ group: 'apps', version: 'v1', kind: 'Deployment' });
const podSpec = ['spec', 'template', 'spec'];
const container = [...podSpec, 'containers'];

describe('builtinListTypes', () => {
  it('keys containers, env, volumes and mounts as the Go types declare them', () => {
    for (const field of ['containers', 'initContainers', 'ephemeralContainers', 'volumes', 'imagePullSecrets']) {
      expect(deploy([...podSpec, field])).toEqual({ type: 'map', keys: ['name'], smpKey: 'name' });
    }
    expect(deploy([...container, 'env'])).toEqual({ type: 'map', keys: ['name'], smpKey: 'name' });
    expect(deploy([...container, 'volumeMounts'])).toEqual({ type: 'map', keys: ['mountPath'], smpKey: 'mountPath' });
    expect(deploy([...podSpec, 'hostAliases'])).toEqual({ type: 'map', keys: ['ip'], smpKey: 'ip' });
  });

  it('keys container ports by containerPort and protocol for apply, by containerPort for SMP', () => {
    expect(deploy([...container, 'ports'])).toEqual({
      type: 'map',
      keys: ['containerPort', 'protocol'],
      smpKey: 'containerPort',
      keyDefaults: { protocol: 'TCP' },
    });
    expect(deploy([...podSpec, 'initContainers', 'ports'])?.type).toBe('map');
  });

  it('treats args, command, tolerations and other unannotated lists as atomic', () => {
    expect(deploy([...container, 'args'])?.type).toBe('atomic');
    expect(deploy([...container, 'command'])?.type).toBe('atomic');
    expect(deploy([...podSpec, 'tolerations'])?.type).toBe('atomic');
    expect(deploy([...container, 'envFrom'])?.type).toBe('atomic');
    expect(deploy([...container, 'unknownList'])).toBeUndefined();
  });

  it('covers metadata on every kind: finalizers are a merged set, ownerReferences keyed by uid', () => {
    for (const kind of ['Deployment', 'ConfigMap', 'Widget']) {
      const r = builtinListTypes({ group: '', version: 'v1', kind });
      expect(r(['metadata', 'finalizers'])).toEqual({ type: 'set', smpMerge: true });
      expect(r(['metadata', 'ownerReferences'])).toEqual({ type: 'map', keys: ['uid'], smpKey: 'uid' });
    }
    expect(deploy([...podSpec.slice(0, 2), 'metadata', 'finalizers'])?.type).toBe('set');
  });

  it('keys topology spread constraints by topologyKey and whenUnsatisfiable', () => {
    expect(deploy([...podSpec, 'topologySpreadConstraints'])).toEqual({
      type: 'map',
      keys: ['topologyKey', 'whenUnsatisfiable'],
      smpKey: 'topologyKey',
    });
  });

  it('keys status conditions by type, except a Job, whose conditions apply atomically but SMP-merge', () => {
    expect(deploy(['status', 'conditions'])).toEqual({ type: 'map', keys: ['type'], smpKey: 'type' });
    const job = builtinListTypes({ group: 'batch', version: 'v1', kind: 'Job' });
    expect(job(['status', 'conditions'])).toEqual({ type: 'atomic', smpKey: 'type' });
  });

  it('follows a CronJob through its job template to the containers', () => {
    const cj = builtinListTypes({ group: 'batch', version: 'v1', kind: 'CronJob' });
    expect(cj(['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers'])?.type).toBe('map');
  });

  it('keys Service ports by port and protocol, and makes its selector an atomic map', () => {
    const svc = builtinListTypes({ group: '', version: 'v1', kind: 'Service' });
    expect(svc(['spec', 'ports'])).toEqual({
      type: 'map',
      keys: ['port', 'protocol'],
      smpKey: 'port',
      keyDefaults: { protocol: 'TCP' },
    });
    expect(svc.mapType?.(['spec', 'selector'])).toBe('atomic');
  });

  it('makes label selectors and RBAC rules atomic', () => {
    expect(deploy.mapType?.(['spec', 'selector'])).toBe('atomic');
    expect(deploy.mapType?.(['metadata', 'labels'])).toBe('granular');
    const role = builtinListTypes({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' });
    expect(role(['rules'])?.type).toBe('atomic');
    const rb = builtinListTypes({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding' });
    expect(rb.mapType?.(['roleRef'])).toBe('atomic');
  });

  it('tells free-form map keys from declared fields', () => {
    expect(deploy.isMapEntry?.(['metadata', 'labels', 'app'])).toBe(true);
    expect(deploy.isMapEntry?.(['spec', 'replicas'])).toBe(false);
    const cm = builtinListTypes({ group: '', version: 'v1', kind: 'ConfigMap' });
    expect(cm.isMapEntry?.(['data', 'config.yaml'])).toBe(true);
    expect(deploy.isMapEntry?.([...container, 'resources', 'limits', 'cpu'])).toBe(true);
  });

  it('starts creates from the typed zero value of the kind', () => {
    expect(deploy.emptyObject?.()).toMatchObject({ metadata: { creationTimestamp: null }, spec: { strategy: {} } });
    expect(builtinListTypes({ group: '', version: 'v1', kind: 'ConfigMap' }).emptyObject?.()).toEqual({
      metadata: { creationTimestamp: null },
    });
  });
});

describe('schemaListTypes', () => {
  const schema: Obj = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          servers: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name', 'port'],
            items: {
              type: 'object',
              properties: { name: { type: 'string' }, port: { type: 'integer', default: 80 }, tags: { type: 'array' } },
            },
          },
          tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
          args: { type: 'array', items: { type: 'string' } },
          selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
          env: { type: 'object', additionalProperties: { type: 'string' } },
          raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    },
  };
  const r = schemaListTypes(schema);

  it('reads x-kubernetes-list-type and map keys, with key defaults', () => {
    expect(r(['spec', 'servers'])).toEqual({ type: 'map', keys: ['name', 'port'], keyDefaults: { port: 80 } });
    expect(r(['spec', 'tags'])).toEqual({ type: 'set' });
  });

  it('defaults to atomic lists, including under preserve-unknown-fields', () => {
    expect(r(['spec', 'args'])).toEqual({ type: 'atomic' });
    expect(r(['spec', 'servers', 'tags'])).toEqual({ type: 'atomic' });
    expect(r(['spec', 'raw', 'anything'])).toEqual({ type: 'atomic' });
    expect(r(['spec', 'nothing'])).toBeUndefined();
  });

  it('reads x-kubernetes-map-type and tells map entries from properties', () => {
    expect(r.mapType?.(['spec', 'selector'])).toBe('atomic');
    expect(r.mapType?.(['spec', 'env'])).toBe('granular');
    expect(r.isMapEntry?.(['spec', 'env', 'KEY'])).toBe(true);
    expect(r.isMapEntry?.(['spec', 'raw', 'x'])).toBe(true);
    expect(r.isMapEntry?.(['spec', 'servers'])).toBe(false);
  });

  it('uses ObjectMeta rules for metadata', () => {
    expect(r(['metadata', 'finalizers'])?.type).toBe('set');
    expect(r.isMapEntry?.(['metadata', 'labels', 'app'])).toBe(true);
    expect(r.isMapEntry?.(['metadata', 'labels'])).toBe(false);
  });

  it('gives SMP nothing to merge by: custom resources take merge or JSON patches', () => {
    expect(r(['spec', 'servers'])?.smpKey).toBeUndefined();
  });
});
