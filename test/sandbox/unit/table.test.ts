import { describe, expect, it } from 'vitest';
import type { Obj, ResourceType } from '../../../src/sandbox/model.js';
import { builtinTypes } from '../../../src/sandbox/registry/builtin-types.js';
import { toTable } from '../../../src/sandbox/table/table.js';

const NOW = new Date('2025-03-01T12:00:00Z');

function typeOf(kind: string): ResourceType {
  const t = builtinTypes().find((x) => x.kind === kind);
  if (!t) throw new Error(kind);
  return t;
}

function columnNames(table: Obj): string[] {
  return (table.columnDefinitions as { name: string }[]).map((c) => c.name);
}

function cellsOf(table: Obj, i = 0): unknown[] {
  return (table.rows as { cells: unknown[] }[])[i]?.cells ?? [];
}

const WIDGET: ResourceType = {
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
  subresources: { status: true },
  builtin: false,
};

function widget(name: string, extra: Obj = {}): Obj {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name, namespace: 'demo', resourceVersion: '42', creationTimestamp: '2025-03-01T11:00:00Z' },
    ...extra,
  };
}

describe('Table envelope', () => {
  const cm: Obj = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'demo', resourceVersion: '7', creationTimestamp: '2025-03-01T11:59:00Z' },
    data: { a: '1', b: '2' },
  };

  it('is a meta.k8s.io/v1 Table with full column definitions', () => {
    const table = toTable(typeOf('ConfigMap'), [cm], { now: NOW, resourceVersion: '100' });
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '100' });
    const defs = table.columnDefinitions as Obj[];
    expect(defs[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 });
    expect(defs[0]?.description).toMatch(/^Name must be unique within a namespace/);
    expect(defs[2]).toMatchObject({ name: 'Age', type: 'string', format: '', priority: 0 });
    expect(cellsOf(table)).toEqual(['cfg', 2, '60s']);
  });

  it('embeds PartialObjectMetadata by default, so kubectl -A can show NAMESPACE and --show-labels', () => {
    const table = toTable(typeOf('ConfigMap'), [cm], { now: NOW });
    const row = (table.rows as Obj[])[0];
    expect(row?.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: cm.metadata,
    });
  });

  it('embeds the whole object for includeObject=Object and nothing for None', () => {
    const full = toTable(typeOf('ConfigMap'), [cm], { now: NOW, includeObject: 'Object' });
    expect((full.rows as Obj[])[0]?.object).toEqual(cm);
    const none = toTable(typeOf('ConfigMap'), [cm], { now: NOW, includeObject: 'None' });
    expect((none.rows as Obj[])[0]?.object).toBeNull();
  });

  it("uses a single object's resourceVersion, and carries continue and remainingItemCount", () => {
    expect(toTable(typeOf('ConfigMap'), [cm], { now: NOW }).metadata).toEqual({ resourceVersion: '7' });
    const page = toTable(typeOf('ConfigMap'), [cm], {
      now: NOW,
      resourceVersion: '9',
      continue: 'abc',
      remainingItemCount: 3,
    });
    expect(page.metadata).toEqual({ resourceVersion: '9', continue: 'abc', remainingItemCount: 3 });
  });

  it('returns an empty row list for an empty list', () => {
    const table = toTable(typeOf('ConfigMap'), [], { now: NOW, resourceVersion: '5' });
    expect(table.rows).toEqual([]);
    expect(columnNames(table)).toEqual(['Name', 'Data', 'Age']);
  });

  it('leaves the column definitions out with noHeaders', () => {
    expect(toTable(typeOf('ConfigMap'), [cm], { now: NOW, noHeaders: true }).columnDefinitions).toEqual([]);
  });
});

describe('kinds without a printer get the default NAME / CREATED AT table', () => {
  it.each(['Role', 'ClusterRole', 'LimitRange', 'CustomResourceDefinition'])('%s', (kind) => {
    const obj = { metadata: { name: 'x', creationTimestamp: '2025-02-01T08:30:00Z' } };
    const table = toTable(typeOf(kind), [obj], { now: NOW });
    expect(columnNames(table)).toEqual(['Name', 'Created At']);
    expect((table.columnDefinitions as Obj[])[1]?.type).toBe('date');
    expect(cellsOf(table)).toEqual(['x', '2025-02-01T08:30:00Z']);
  });
});

describe('custom resources', () => {
  it('show NAME and AGE when the CRD declares no printer columns', () => {
    const table = toTable(WIDGET, [widget('w1')], { now: NOW });
    expect(columnNames(table)).toEqual(['Name', 'Age']);
    expect((table.columnDefinitions as Obj[])[1]).toMatchObject({ type: 'date' });
    expect(cellsOf(table)).toEqual(['w1', '60m']);
  });

  it('evaluate additionalPrinterColumns like the CRD table convertor', () => {
    const t: ResourceType = {
      ...WIDGET,
      printerColumns: [
        { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
        { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
        { name: 'Reason', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].reason", priority: 1 },
        { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio' },
        { name: 'Paused', type: 'boolean', jsonPath: '.spec.paused' },
        { name: 'Owner', type: 'string', jsonPath: '.metadata.labels.app\\.kubernetes\\.io/name' },
        { name: 'First', type: 'string', jsonPath: '.spec.items[0].name' },
        { name: 'Last', type: 'string', jsonPath: '.spec.items[-1].name' },
        { name: 'Sel', type: 'string', jsonPath: '.spec.selector' },
        { name: 'Missing', type: 'string', jsonPath: '.status.nothing' },
        { name: 'Started', type: 'date', jsonPath: '.status.startedAt' },
      ],
    };
    const w = widget('w2', {
      metadata: {
        name: 'w2',
        labels: { 'app.kubernetes.io/name': 'shop' },
        creationTimestamp: '2025-03-01T11:00:00Z',
      },
      spec: {
        replicas: 3,
        ratio: 0.5,
        paused: false,
        items: [{ name: 'a' }, { name: 'b' }],
        selector: { matchLabels: { z: '1', a: '<x>' } },
      },
      status: {
        startedAt: '2025-03-01T11:57:00Z',
        conditions: [
          { type: 'Synced', status: 'True', reason: 'Ok' },
          { type: 'Ready', status: 'False', reason: 'Waiting' },
        ],
      },
    });
    const table = toTable(t, [w], { now: NOW });
    expect(columnNames(table)).toEqual([
      'Name',
      'Replicas',
      'Ready',
      'Reason',
      'Ratio',
      'Paused',
      'Owner',
      'First',
      'Last',
      'Sel',
      'Missing',
      'Started',
    ]);
    const defs = table.columnDefinitions as Obj[];
    expect(defs[1]?.description).toBe('Custom resource definition column (in JSONPath format): .spec.replicas');
    expect(defs[3]?.priority).toBe(1);
    expect(cellsOf(table)).toEqual([
      'w2',
      3,
      'False',
      'Waiting',
      0.5,
      false,
      'shop',
      'a',
      'b',
      '{"matchLabels":{"a":"\\u003cx\\u003e","z":"1"}}',
      null,
      '3m',
    ]);
  });

  it('print a wrong-typed value as an empty cell and a bad date as <invalid>', () => {
    const t: ResourceType = {
      ...WIDGET,
      printerColumns: [
        { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
        { name: 'When', type: 'date', jsonPath: '.spec.when' },
        { name: 'Count', type: 'string', jsonPath: '.spec.count' },
      ],
    };
    const table = toTable(t, [widget('w3', { spec: { replicas: 'three', when: 'yesterday', count: 2.5 } })], {
      now: NOW,
    });
    expect(cellsOf(table)).toEqual(['w3', null, '<invalid>', '2.5']);
  });
});

describe('every built-in kind', () => {
  it.each(builtinTypes().map((t) => [t.kind, t] as const))(
    '%s prints one cell per column, even for a bare object',
    (_kind, t) => {
      const bare = { metadata: { name: 'x', creationTimestamp: '2025-03-01T11:59:30Z' } };
      const table = toTable(t, [bare], { now: NOW });
      const defs = table.columnDefinitions as Obj[];
      expect(cellsOf(table)).toHaveLength(defs.length);
      expect(defs.some((d) => d.name === 'Name')).toBe(true);
    },
  );
});
