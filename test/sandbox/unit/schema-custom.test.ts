import { describe, expect, it } from 'vitest';
import type { Obj, ResourceType } from '../../../src/sandbox/model.js';
import { decodeFailureMessage, pruneUnknownFields, validateCustom } from '../../../src/sandbox/schema/validate.js';

function crType(spec: Obj, extra: Partial<ResourceType> = {}): ResourceType {
  return {
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
    schema: {
      type: 'object',
      properties: {
        spec: { type: 'object', ...spec },
        status: { type: 'object', properties: { ready: { type: 'boolean' } } },
      },
    },
    ...extra,
  };
}

function widget(spec: unknown, extra: Obj = {}): Obj {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'demo' }, spec, ...extra };
}

function causes(t: ResourceType, obj: Obj): string[] {
  return validateCustom(t, obj).invalid.map((c) => `${c.field ?? ''}: ${c.message}`);
}

describe('unknown fields and pruning', () => {
  const t = crType({
    properties: {
      size: { type: 'integer' },
      items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
    },
  });

  it('reports pruned paths sorted, with metadata cut down to ObjectMeta', () => {
    const obj = widget({ size: 1, zeta: 1, items: [{ name: 'a', colour: 'red' }], alpha: true }, { top: 1 });
    (obj.metadata as Obj).bogus = 'x';
    const r = validateCustom(t, obj);
    expect(r.unknownFields).toEqual(['.metadata.bogus', '.spec.alpha', '.spec.items[0].colour', '.spec.zeta', '.top']);
    expect(r.invalid).toEqual([]);
    expect(decodeFailureMessage('Widget', 'v1', r, true)).toBe(
      'Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "metadata.bogus", unknown field "spec.alpha", unknown field "spec.items[0].colour", unknown field "spec.zeta", unknown field "top"',
    );
    expect(pruneUnknownFields(t, obj)).toEqual({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'demo' },
      spec: { size: 1, items: [{ name: 'a' }] },
    });
    expect((obj.spec as Obj).zeta).toBe(1); // the input is not modified
  });

  it('keeps everything under x-kubernetes-preserve-unknown-fields', () => {
    const open = crType({ 'x-kubernetes-preserve-unknown-fields': true, properties: { size: { type: 'integer' } } });
    const r = validateCustom(open, widget({ size: 1, anything: { goes: [1] } }));
    expect(r.unknownFields).toEqual([]);
    expect(pruneUnknownFields(open, widget({ anything: 1 })).spec).toEqual({ anything: 1 });
    const whole = {
      ...crType({}),
      schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      preserveUnknownFields: true,
    };
    expect(validateCustom(whole, widget({ a: 1 }, { extra: true })).unknownFields).toEqual([]);
    // Preserving at the root does not reach into a declared property without the flag.
    const rootOnly = crType({}, { preserveUnknownFields: true });
    expect(validateCustom(rootOnly, widget({ a: 1 }, { extra: true })).unknownFields).toEqual(['.spec.a']);
  });

  it('drops nulls of non-nullable fields silently, keeps nullable ones', () => {
    const n = crType({
      properties: { a: { type: 'string' }, b: { type: 'string', nullable: true }, c: { type: 'string', default: 'x' } },
    });
    const obj = widget({ a: null, b: null, c: null });
    expect(validateCustom(n, obj)).toEqual({ unknownFields: [], decodeErrors: [], invalid: [] });
    expect(pruneUnknownFields(n, obj).spec).toEqual({ b: null, c: null });
  });

  it('keeps apiVersion, kind and metadata of embedded resources and checks they are named', () => {
    const e = crType({
      properties: {
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } },
        },
      },
    });
    const obj = widget({
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', junk: 1 }, spec: { x: 'y', z: 1 } },
    });
    const r = validateCustom(e, obj);
    expect(r.unknownFields).toEqual(['.spec.template.metadata.junk', '.spec.template.spec.z']);
    expect(r.invalid).toEqual([]);
    expect(causes(e, widget({ template: { spec: { x: 'y' } } }))).toEqual([
      'spec.template.apiVersion: Required value: must not be empty',
      'spec.template.kind: Required value: must not be empty',
    ]);
  });
});

describe('value validation, keyword by keyword', () => {
  it('type', () => {
    const t = crType({
      properties: {
        size: { type: 'integer' },
        name: { type: 'string' },
        on: { type: 'boolean' },
        ratio: { type: 'number' },
      },
    });
    expect(causes(t, widget({ size: 2, name: 'x', on: true, ratio: 3 }))).toEqual([]);
    expect(causes(t, widget({ size: '2', name: 3, on: 'yes', ratio: 'x' }))).toEqual([
      'spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"',
      'spec.name: Invalid value: "integer": spec.name in body must be of type string: "integer"',
      'spec.on: Invalid value: "string": spec.on in body must be of type boolean: "string"',
      'spec.ratio: Invalid value: "string": spec.ratio in body must be of type number: "string"',
    ]);
    expect(causes(t, widget({ size: 1.5 }))).toEqual([
      'spec.size: Invalid value: "number": spec.size in body must be of type integer: "number"',
    ]);
    expect(validateCustom(t, widget({ size: '2' })).invalid[0]?.type).toBe('FieldValueTypeInvalid');
  });

  it('required', () => {
    const t = crType({
      required: ['size', 'name'],
      properties: { size: { type: 'integer' }, name: { type: 'string' } },
    });
    expect(causes(t, widget({ size: 1 }))).toEqual(['spec.name: Required value']);
    expect(causes(t, widget({ size: 1, name: null }))).toEqual(['spec.name: Required value']);
  });

  it('enum', () => {
    const t = crType({
      properties: { color: { type: 'string', enum: ['red', 'blue'] }, n: { type: 'integer', enum: [1, 2] } },
    });
    expect(causes(t, widget({ color: 'red', n: 2 }))).toEqual([]);
    expect(causes(t, widget({ color: 'green', n: 3 }))).toEqual([
      'spec.color: Unsupported value: "green": supported values: "red", "blue"',
      'spec.n: Unsupported value: 3: supported values: "1", "2"',
    ]);
  });

  it('format', () => {
    const t = crType({
      properties: {
        at: { type: 'string', format: 'date-time' },
        mail: { type: 'string', format: 'email' },
        ip: { type: 'string', format: 'ipv4' },
        id: { type: 'string', format: 'uuid' },
        custom: { type: 'string', format: 'my-own-format' },
      },
    });
    expect(
      causes(
        t,
        widget({
          at: '2024-01-02T03:04:05Z',
          mail: 'a@b.c',
          ip: '10.0.0.1',
          id: '123e4567-e89b-12d3-a456-426614174000',
          custom: '?',
        }),
      ),
    ).toEqual([]);
    expect(causes(t, widget({ at: 'noon', mail: 'nobody', ip: '300.1.1.1', id: 'x' }))).toEqual([
      'spec.at: Invalid value: "noon": spec.at in body must be of type date-time: "noon"',
      'spec.mail: Invalid value: "nobody": spec.mail in body must be of type email: "nobody"',
      'spec.ip: Invalid value: "300.1.1.1": spec.ip in body must be of type ipv4: "300.1.1.1"',
      'spec.id: Invalid value: "x": spec.id in body must be of type uuid: "x"',
    ]);
  });

  it('minimum, maximum and their exclusive forms, multipleOf', () => {
    const t = crType({
      properties: {
        a: { type: 'integer', minimum: 1, maximum: 10 },
        b: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true },
        c: { type: 'integer', multipleOf: 5 },
      },
    });
    expect(causes(t, widget({ a: 10, b: 0.5, c: 15 }))).toEqual([]);
    expect(causes(t, widget({ a: 0, b: 1, c: 7 }))).toEqual([
      'spec.a: Invalid value: 0: spec.a in body should be greater than or equal to 1',
      'spec.b: Invalid value: 1: spec.b in body should be less than 1',
      'spec.c: Invalid value: 7: spec.c in body should be a multiple of 5',
    ]);
    expect(causes(t, widget({ a: 11, b: 0 }))).toEqual([
      'spec.a: Invalid value: 11: spec.a in body should be less than or equal to 10',
      'spec.b: Invalid value: 0: spec.b in body should be greater than 0',
    ]);
  });

  it('minLength, maxLength, pattern', () => {
    const t = crType({ properties: { s: { type: 'string', minLength: 2, maxLength: 4, pattern: '^[a-z]+$' } } });
    expect(causes(t, widget({ s: 'abc' }))).toEqual([]);
    expect(causes(t, widget({ s: 'a' }))).toEqual([
      'spec.s: Invalid value: "a": spec.s in body should be at least 2 chars long',
    ]);
    expect(causes(t, widget({ s: 'abcdef' }))).toEqual(['spec.s: Too long: may not be longer than 4']);
    expect(causes(t, widget({ s: 'AB' }))).toEqual([
      'spec.s: Invalid value: "AB": spec.s in body should match \'^[a-z]+$\'',
    ]);
  });

  it('minItems, maxItems and item schemas', () => {
    const t = crType({ properties: { l: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } } } });
    expect(causes(t, widget({ l: ['a'] }))).toEqual([]);
    expect(causes(t, widget({ l: [] }))).toEqual([
      'spec.l: Invalid value: 0: spec.l in body should have at least 1 items',
    ]);
    expect(causes(t, widget({ l: ['a', 'b', 'c'] }))).toEqual(['spec.l: Too many: 3: must have at most 2 items']);
    expect(causes(t, widget({ l: ['a', 2] }))).toEqual([
      'spec.l[1]: Invalid value: "integer": spec.l[1] in body must be of type string: "integer"',
    ]);
    expect(causes(t, widget({ l: ['a', null] }))).toEqual([
      'spec.l[1]: Invalid value: "null": spec.l[1] in body must be of type string: "null"',
    ]);
  });

  it('additionalProperties as a map schema', () => {
    const t = crType({ properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } } });
    expect(causes(t, widget({ labels: { a: 'b' } }))).toEqual([]);
    expect(validateCustom(t, widget({ labels: { a: 'b' } })).unknownFields).toEqual([]);
    expect(causes(t, widget({ labels: { a: 1 } }))).toEqual([
      'spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"',
    ]);
  });

  it('nullable', () => {
    const t = crType({ properties: { l: { type: 'array', items: { type: 'string', nullable: true } } } });
    expect(causes(t, widget({ l: ['a', null] }))).toEqual([]);
  });

  it('x-kubernetes-int-or-string', () => {
    const t = crType({ properties: { port: { 'x-kubernetes-int-or-string': true } } });
    expect(causes(t, widget({ port: 80 }))).toEqual([]);
    expect(causes(t, widget({ port: 'http' }))).toEqual([]);
    expect(causes(t, widget({ port: true }))).toEqual([
      'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
    ]);
  });

  it('anyOf, oneOf and not', () => {
    const t = crType({
      properties: {
        a: {
          type: 'object',
          properties: { x: { type: 'string' }, y: { type: 'string' } },
          anyOf: [{ required: ['x'] }, { required: ['y'] }],
        },
        o: { type: 'integer', oneOf: [{ minimum: 5 }, { maximum: 10 }] },
        n: { type: 'string', not: { enum: ['forbidden'] } },
      },
    });
    expect(causes(t, widget({ a: { x: '1' }, o: 20, n: 'ok' }))).toEqual([]);
    expect(causes(t, widget({ a: {}, o: 7, n: 'forbidden' }))).toEqual([
      'spec.a: Invalid value: "": "spec.a" must validate at least one schema (anyOf)',
      'spec.a.x: Required value',
      'spec.o: Invalid value: "": "spec.o" must validate one and only one schema (oneOf)',
      'spec.n: Invalid value: "": "spec.n" must not validate the schema (not)',
    ]);
  });
});
