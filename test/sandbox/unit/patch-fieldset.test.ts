import { describe, expect, it } from 'vitest';
import { fieldElement, FieldSet, pathToString, type FieldPath } from '../../../src/sandbox/patch/fieldset.js';

const f = (...names: string[]): FieldPath => names.map(fieldElement);
const key = (fields: [string, unknown][]) => ({ kind: 'key' as const, fields });

describe('FieldSet', () => {
  it('writes FieldsV1 as the apiserver does: "." first, fields before keys before values', () => {
    const s = FieldSet.of(
      f('metadata', 'labels', 'app'),
      f('metadata', 'labels'),
      [...f('spec', 'containers'), key([['name', 'web']])],
      [...f('spec', 'containers'), key([['name', 'web']]), ...f('image')],
      [...f('metadata', 'finalizers'), { kind: 'value', value: 'x' }],
      f('spec', 'replicas'),
    );
    const json = JSON.stringify(s.toFieldsV1());
    expect(json).toBe(
      '{"f:metadata":{"f:finalizers":{"v:\\"x\\"":{}},"f:labels":{".":{},"f:app":{}}},' +
        '"f:spec":{"f:containers":{"k:{\\"name\\":\\"web\\"}":{".":{},"f:image":{}}},"f:replicas":{}}}',
    );
  });

  it('reads FieldsV1 back to the same set', () => {
    const v1 = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    };
    const s = FieldSet.fromFieldsV1(v1);
    expect(s.toFieldsV1()).toEqual(v1);
    expect(s.has(f('metadata', 'labels'))).toBe(true);
    expect(s.has(f('metadata'))).toBe(false);
  });

  it('sorts key elements by field name and prints conflict paths as kube does', () => {
    const port = key([
      ['containerPort', 80],
      ['protocol', 'TCP'],
    ]);
    const path: FieldPath = [
      ...f('spec', 'template', 'spec', 'containers'),
      key([['name', 'web']]),
      ...f('ports'),
      port,
    ];
    expect(pathToString(path)).toBe(
      '.spec.template.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"]',
    );
    expect(pathToString([...f('metadata', 'finalizers'), { kind: 'value', value: 'x' }])).toBe(
      '.metadata.finalizers[="x"]',
    );
  });

  it('does union, intersection and difference member by member', () => {
    const a = FieldSet.of(f('spec', 'replicas'), f('spec', 'paused'), f('metadata', 'labels', 'a'));
    const b = FieldSet.of(f('spec', 'replicas'), f('metadata', 'labels', 'b'));
    expect(a.union(b).paths().map(pathToString)).toEqual([
      '.metadata.labels.a',
      '.metadata.labels.b',
      '.spec.paused',
      '.spec.replicas',
    ]);
    expect(a.intersection(b).paths().map(pathToString)).toEqual(['.spec.replicas']);
    expect(a.difference(b).paths().map(pathToString)).toEqual(['.metadata.labels.a', '.spec.paused']);
    expect(a.difference(a).isEmpty()).toBe(true);
  });

  it('lists members of a level before its children', () => {
    const s = FieldSet.of(f('spec', 'template', 'x'), f('spec', 'replicas'), f('apiVersion'));
    expect(s.paths().map(pathToString)).toEqual(['.apiVersion', '.spec.replicas', '.spec.template.x']);
  });

  it('drops elements of unknown kinds when reading, as kube does', () => {
    expect(FieldSet.fromFieldsV1({ 'f:a': {}, 'z:future': {} }).paths().map(pathToString)).toEqual(['.a']);
  });
});
