import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../src/sandbox/model.js';
import { conflictMessage, recordUpdate, serverSideApply, type Conflict } from '../../../src/sandbox/patch/apply.js';
import { schemaListTypes } from '../../../src/sandbox/patch/list-types.js';
import {
  apply,
  applied,
  clientSideApplied,
  entries,
  entry,
  fieldsOf,
  labels,
  lists,
  manifest,
  spec,
  T0,
  T1,
  T2,
} from './ssa-fixtures.js';

describe('serverSideApply ownership', () => {
  it('creates a missing object, owned by one Apply entry', () => {
    const out = applied(undefined, manifest(), 'sextant', { now: T0 });
    expect(spec(out).replicas).toBe(2);
    expect(entries(out)).toEqual([
      expect.objectContaining({
        manager: 'sextant',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
      }),
    ]);
    // Server-owned metadata (name, namespace) and apiVersion/kind are never in a field set.
    expect(Object.keys(entry(out, 'sextant')?.fieldsV1 as Obj)).toEqual(['f:metadata', 'f:spec']);
    expect(Object.keys((entry(out, 'sextant')?.fieldsV1 as Obj)['f:metadata'] as Obj)).toEqual(['f:labels']);
  });

  it('deletes fields the manager stops applying', () => {
    const first = structuredClone(manifest());
    labels(first).tier = 'front';
    spec(first).paused = true;
    const live = applied(undefined, first, 'sextant', { now: T0 });
    const out = applied(live, manifest(), 'sextant', { now: T1 });
    expect(labels(out)).toEqual({ app: 'web' });
    expect(spec(out)).not.toHaveProperty('paused');
    expect(fieldsOf(out, 'sextant')).not.toContain('paused');
    expect(entry(out, 'sextant')?.time).toBe(T1);
  });

  it('removes a container dropped from the config', () => {
    const two = structuredClone(manifest());
    ((spec(two).template as Obj).spec as Obj).containers = [
      { name: 'web', image: 'nginx:1.25' },
      { name: 'sidecar', image: 'busybox' },
    ];
    const live = applied(undefined, two, 'sextant');
    const out = applied(live, manifest(), 'sextant');
    const names = (((spec(out).template as Obj).spec as Obj).containers as Obj[]).map((c) => c.name);
    expect(names).toEqual(['web']);
  });

  it('keeps a field two appliers share until the last one lets go', () => {
    const withLabel = (v: string): Obj => {
      const m = manifest();
      labels(m).shared = v;
      return m;
    };
    let live = applied(undefined, withLabel('1'), 'alice');
    live = applied(live, { ...withLabel('1'), spec: undefined }, 'bob');
    expect(fieldsOf(live, 'bob')).toContain('"f:shared"');
    live = applied(live, manifest(), 'alice');
    expect(labels(live).shared).toBe('1');
    expect(fieldsOf(live, 'alice')).not.toContain('shared');
    live = applied(
      live,
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'demo' } },
      'bob',
    );
    expect(labels(live)).not.toHaveProperty('shared');
    expect(entry(live, 'bob')).toBeUndefined();
  });

  it('merges set-lists and replaces atomic lists', () => {
    const meta = (finalizers: string[]): Obj => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'demo', finalizers },
    });
    let live = applied(undefined, meta(['a.io/x']), 'alice');
    live = applied(live, meta(['b.io/y']), 'bob');
    expect((live.metadata as Obj).finalizers).toEqual(['a.io/x', 'b.io/y']);
    live = applied(live, meta([]), 'alice');
    expect((live.metadata as Obj).finalizers).toEqual(['b.io/y']);

    const args = (a: string[]): Obj => {
      const m = manifest();
      ((((spec(m).template as Obj).spec as Obj).containers as Obj[])[0] as Obj).args = a;
      return m;
    };
    const withArgs = applied(applied(undefined, args(['--a', '--b']), 'sextant'), args(['--c']), 'sextant');
    expect(((((spec(withArgs).template as Obj).spec as Obj).containers as Obj[])[0] as Obj).args).toEqual(['--c']);
  });

  it('conflicts with an Update manager that changed a field since, then forces past it', () => {
    const live = applied(undefined, manifest(), 'sextant', { now: T0 });
    const edited = structuredClone(live);
    spec(edited).replicas = 5;
    const afterEdit = recordUpdate({
      before: live,
      after: edited,
      manager: 'kubectl-edit',
      lists,
      apiVersion: 'apps/v1',
      now: T1,
    });
    expect(fieldsOf(afterEdit, 'sextant')).not.toContain('replicas');
    const r = apply(afterEdit, manifest(), 'sextant', { now: T2 });
    expect(conflictMessage(r.conflicts)).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas',
    );
    const forced = applied(afterEdit, manifest(), 'sextant', { force: true, now: T2 });
    expect(spec(forced).replicas).toBe(2);
    expect(entry(forced, 'kubectl-edit')).toBeUndefined();
  });

  it('names the subresource of an owner that wrote through one (an autoscaler using /scale)', () => {
    const live = applied(undefined, manifest(), 'sextant', { now: T0 });
    const scaled = recordUpdate({
      before: live,
      after: { ...structuredClone(live), spec: { ...spec(live), replicas: 7 } },
      manager: 'kube-controller-manager',
      lists,
      apiVersion: 'apps/v1',
      now: T1,
      subresource: 'scale',
    });
    const r = apply(scaled, manifest(3), 'sextant', { now: T2 });
    expect(conflictMessage(r.conflicts)).toBe(
      'Apply failed with 1 conflict: conflict with "kube-controller-manager" with subresource "scale" using apps/v1: .spec.replicas',
    );
  });

  it('lists several conflicts grouped by manager', () => {
    const live = applied(clientSideApplied(), { ...manifest(), spec: { paused: true } }, 'helm');
    const config = manifest(4, 'nginx:2');
    spec(config).paused = false;
    const r = apply(live, config, 'sextant');
    expect(conflictMessage(r.conflicts)).toBe(
      'Apply failed with 3 conflicts: conflicts with "helm":\n- .spec.paused\n' +
        'conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n' +
        '- .spec.template.spec.containers[name="web"].image',
    );
  });

  it('keeps the entry time when a re-apply changes nothing', () => {
    const live = applied(undefined, manifest(), 'sextant', { now: T0 });
    const again = applied(live, manifest(), 'sextant', { now: T2 });
    expect(again).toEqual(live);
  });

  it('records an apply through a subresource as its own entry', () => {
    const r = serverSideApply({
      live: applied(undefined, manifest(), 'sextant'),
      config: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'demo' },
        status: { replicas: 2 },
      },
      manager: 'sextant',
      force: false,
      lists,
      apiVersion: 'apps/v1',
      now: T2,
      subresource: 'status',
    });
    expect(entries(r.object).map((e) => [e.manager, e.subresource])).toEqual([
      ['sextant', undefined],
      ['sextant', 'status'],
    ]);
  });
});

describe('serverSideApply on custom resources', () => {
  const schema: Obj = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          servers: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
          },
          args: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  };
  const crLists = schemaListTypes(schema);
  const widget = (servers: Obj[]): Obj => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'demo' },
    spec: { servers },
  });

  it('merges map-lists item by item across managers', () => {
    let live = apply(undefined, widget([{ name: 'a', port: 1 }]), 'alice', { lists: crLists }).object;
    live = apply(live, widget([{ name: 'b', port: 2 }]), 'bob', { lists: crLists }).object;
    expect(spec(live).servers).toEqual([
      { name: 'a', port: 1 },
      { name: 'b', port: 2 },
    ]);
    expect(fieldsOf(live, 'bob')).toBe(
      JSON.stringify({ 'f:spec': { 'f:servers': { 'k:{"name":"b"}': { '.': {}, 'f:name': {}, 'f:port': {} } } } }),
    );
    const r = apply(live, widget([{ name: 'b', port: 3 }]), 'alice', { lists: crLists });
    expect(r.conflicts).toEqual<Conflict[]>([
      { manager: 'bob', apiVersion: 'example.com/v1', field: '.spec.servers[name="b"].port', operation: 'Apply' },
    ]);
    expect(conflictMessage(r.conflicts)).toBe(
      'Apply failed with 1 conflict: conflict with "bob": .spec.servers[name="b"].port',
    );
  });

  it('marks spec itself as owned when an update creates it (no typed zero value for custom resources)', () => {
    const created = recordUpdate({
      before: undefined,
      after: widget([{ name: 'a' }]),
      manager: 'kubectl-create',
      lists: crLists,
      apiVersion: 'example.com/v1',
      now: T0,
    });
    expect(fieldsOf(created, 'kubectl-create')).toBe(
      JSON.stringify({ 'f:spec': { '.': {}, 'f:servers': { '.': {}, 'k:{"name":"a"}': { '.': {}, 'f:name': {} } } } }),
    );
  });
});
