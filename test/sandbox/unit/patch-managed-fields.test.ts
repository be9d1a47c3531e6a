import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../src/sandbox/model.js';
import { builtinListTypes } from '../../../src/sandbox/patch/list-types.js';
import { decodeManagedFields, encodeManagedFields, recordUpdate } from '../../../src/sandbox/patch/managed-fields.js';

const lists = builtinListTypes({ group: 'apps', version: 'v1', kind: 'Deployment' });
const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T11:00:00Z';
const T2 = '2024-05-01T12:00:00Z';

/** A Deployment as the apiserver stores it after defaulting. */
function stored(): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'demo',
      uid: 'u1',
      resourceVersion: '1',
      generation: 1,
      creationTimestamp: T0,
      labels: { app: 'web' },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              resources: {},
              imagePullPolicy: 'IfNotPresent',
            },
          ],
          restartPolicy: 'Always',
        },
      },
    },
    status: {},
  };
}

const update = (before: Obj | undefined, after: Obj, manager: string, now: string, subresource?: string): Obj =>
  recordUpdate({ before, after, manager, lists, apiVersion: 'apps/v1', now, ...(subresource ? { subresource } : {}) });
const entries = (o: Obj): Obj[] => ((o.metadata as Obj).managedFields as Obj[] | undefined) ?? [];
const entry = (o: Obj, manager: string): Obj | undefined => entries(o).find((e) => e.manager === manager);
const v1 = (o: Obj, manager: string): string => JSON.stringify(entry(o, manager)?.fieldsV1 ?? null);

function edit(o: Obj, fn: (copy: Obj) => void): Obj {
  const copy = structuredClone(o);
  fn(copy);
  return copy;
}

describe('recordUpdate', () => {
  it('records a create like the apiserver: typed structs already exist, new maps and list items are owned with "."', () => {
    const created = update(undefined, stored(), 'kubectl-create', T0);
    expect(entries(created)).toEqual([
      expect.objectContaining({
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
      }),
    ]);
    expect(entry(created, 'kubectl-create')?.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:image': {},
                'f:imagePullPolicy': {},
                'f:name': {},
                'f:ports': {
                  '.': {},
                  'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} },
                },
                'f:resources': {},
              },
            },
            'f:restartPolicy': {},
          },
        },
      },
    });
  });

  it('never puts server-owned metadata in a set', () => {
    const created = update(undefined, stored(), 'kubectl-create', T0);
    const later = edit(created, (o) => {
      Object.assign(o.metadata as Obj, {
        resourceVersion: '9',
        generation: 4,
        deletionTimestamp: T2,
        deletionGracePeriodSeconds: 0,
      });
    });
    const out = update(created, later, 'controller', T1);
    expect(entry(out, 'controller')).toBeUndefined();
    expect(Object.keys((entry(out, 'kubectl-create')?.fieldsV1 as Obj)['f:metadata'] as Obj)).toEqual(['f:labels']);
    expect(v1(out, 'kubectl-create')).not.toMatch(/uid|resourceVersion|generation|creationTimestamp|deletion/);
  });

  it('moves changed fields to the updating manager without conflicts', () => {
    const created = update(undefined, stored(), 'kubectl-create', T0);
    const edited = edit(created, (o) => {
      ((((o.spec as Obj).template as Obj).spec as Obj).containers as Obj[])[0]!.image = 'nginx:1.26';
      (o.spec as Obj).replicas = 3;
    });
    const out = update(created, edited, 'kubectl-edit', T1);
    expect(entry(out, 'kubectl-edit')?.fieldsV1).toEqual({
      'f:spec': {
        'f:replicas': {},
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } },
      },
    });
    expect(v1(out, 'kubectl-create')).not.toContain('f:replicas');
    expect(v1(out, 'kubectl-create')).not.toContain('"f:image":');
    expect(v1(out, 'kubectl-create')).toContain('"f:imagePullPolicy":');
    expect(entry(out, 'kubectl-create')?.time).toBe(T0);
    expect(entries(out).map((e) => e.manager)).toEqual(['kubectl-create', 'kubectl-edit']);
  });

  it('drops removed fields from every set, and does not stamp a manager that only removed', () => {
    const created = update(undefined, stored(), 'kubectl-create', T0);
    const out = update(
      created,
      edit(created, (o) => {
        delete (o.metadata as Obj).labels;
      }),
      'kubectl-label',
      T1,
    );
    expect((entry(out, 'kubectl-create')?.fieldsV1 as Obj)['f:metadata']).toBeUndefined();
    expect(entry(out, 'kubectl-label')).toBeUndefined();
  });

  it('leaves managedFields alone when nothing changed', () => {
    const created = update(undefined, stored(), 'kubectl-create', T0);
    expect(update(created, structuredClone(created), 'other', T2)).toEqual(created);
  });

  it('merges repeated updates of one manager into one entry with the latest time', () => {
    let o = update(undefined, stored(), 'ctl', T0);
    o = update(
      o,
      edit(o, (x) => void ((x.spec as Obj).replicas = 2)),
      'hpa',
      T1,
    );
    o = update(
      o,
      edit(o, (x) => void ((x.spec as Obj).paused = true)),
      'hpa',
      T2,
    );
    expect(entries(o).filter((e) => e.manager === 'hpa')).toHaveLength(1);
    expect(entry(o, 'hpa')?.time).toBe(T2);
    expect(entry(o, 'hpa')?.fieldsV1).toEqual({ 'f:spec': { 'f:paused': {}, 'f:replicas': {} } });
  });

  it('keeps status writes apart under their subresource', () => {
    const created = update(undefined, stored(), 'kubectl-create', T0);
    const out = update(
      created,
      edit(created, (o) => void (o.status = { replicas: 1 })),
      'kube-controller-manager',
      T1,
      'status',
    );
    expect(entry(out, 'kube-controller-manager')).toMatchObject({
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:replicas': {} } },
    });
  });

  it('honours managedFields sent with the update, and resets them on an empty list', () => {
    const created = update(undefined, stored(), 'kubectl-create', T0);
    const claimed = edit(created, (o) => {
      (o.metadata as Obj).managedFields = [
        {
          manager: 'someone',
          operation: 'Update',
          apiVersion: 'apps/v1',
          time: T0,
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': { 'f:replicas': {} } },
        },
      ];
    });
    expect(entries(update(created, claimed, 'x', T1)).map((e) => e.manager)).toEqual(['someone']);
    const reset = edit(created, (o) => void ((o.metadata as Obj).managedFields = []));
    expect(entries(update(created, reset, 'x', T1))).toEqual([]);
    const broken = edit(
      created,
      (o) => void ((o.metadata as Obj).managedFields = [{ manager: 'bad', operation: 'Nope' }]),
    );
    expect(entries(update(created, broken, 'x', T1)).map((e) => e.manager)).toEqual(['kubectl-create']);
  });

  it('folds the oldest of more than ten update managers into ancient-changes', () => {
    let o = update(undefined, stored(), 'm0', '2024-05-01T00:00:00Z');
    for (let i = 1; i <= 10; i++) {
      o = update(
        o,
        edit(o, (x) => void (((x.metadata as Obj).labels as Obj)[`l${i}`] = 'v')),
        `m${i}`,
        `2024-05-01T00:00:${String(i).padStart(2, '0')}Z`,
      );
    }
    const names = entries(o).map((e) => e.manager);
    expect(names).toHaveLength(10);
    expect(names).toContain('ancient-changes');
    expect(names).not.toContain('m0');
    expect(names).not.toContain('m1');
    expect(JSON.stringify(entry(o, 'ancient-changes')?.fieldsV1)).toContain('f:l1');
  });
});

describe('managedFields encoding', () => {
  it('sorts Apply entries first, then by time and manager', () => {
    const managed = decodeManagedFields([
      {
        manager: 'b',
        operation: 'Update',
        apiVersion: 'v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': {} },
      },
      {
        manager: 'a',
        operation: 'Update',
        apiVersion: 'v1',
        time: T2,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': {} },
      },
      {
        manager: 'z',
        operation: 'Apply',
        apiVersion: 'v1',
        time: T2,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': {} },
      },
      {
        manager: 'c',
        operation: 'Update',
        apiVersion: 'v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': {} },
      },
    ]);
    expect(encodeManagedFields(managed)?.map((e) => e.manager)).toEqual(['z', 'b', 'c', 'a']);
  });

  it('rejects entries the apiserver would not decode', () => {
    expect(() =>
      decodeManagedFields([{ manager: 'a', operation: 'Patch', apiVersion: 'v1', fieldsType: 'FieldsV1' }]),
    ).toThrow('operation must be `Apply` or `Update`');
    expect(() => decodeManagedFields([{ manager: 'a', operation: 'Update', apiVersion: 'v1' }])).toThrow(
      'missing fieldsType in managed fields entry 0',
    );
  });
});
