import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../src/sandbox/model.js';
import { validateCrdSchema } from '../../../src/sandbox/schema/crd-schema.js';

const ROOT = 'spec.versions[0].schema.openAPIV3Schema';

function problems(schema: unknown): string[] {
  return validateCrdSchema(schema, ROOT).map((c) => `${c.field ?? ''}: ${c.message}`);
}

function withSpec(spec: Obj): Obj {
  return { type: 'object', properties: { spec } };
}

describe('validateCrdSchema', () => {
  it('accepts a controller-gen style schema', () => {
    const schema = {
      description: 'Widget is the Schema for the widgets API',
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: {
          type: 'object',
          required: ['size'],
          properties: {
            size: { type: 'integer', format: 'int32', minimum: 1, default: 1 },
            port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
            ports: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name'],
              items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
            },
            template: {
              type: 'object',
              'x-kubernetes-embedded-resource': true,
              'x-kubernetes-preserve-unknown-fields': true,
            },
            anything: { 'x-kubernetes-preserve-unknown-fields': true },
            mode: { type: 'string', anyOf: [{ enum: ['a'] }, { enum: ['b'] }] },
          },
        },
        status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    };
    expect(problems(schema)).toEqual([]);
  });

  it('requires a schema', () => {
    expect(problems(undefined)).toEqual([`${ROOT}: Required value: schemas are required`]);
  });

  it('requires types on every specified field and array item', () => {
    expect(
      problems(
        withSpec({
          type: 'object',
          properties: { size: {}, list: { type: 'array', items: {} }, bare: { type: 'array' } },
        }),
      ),
    ).toEqual([
      `${ROOT}.properties[spec].properties[bare].items: Required value: must be specified`,
      `${ROOT}.properties[spec].properties[list].items.type: Required value: must not be empty for specified array items`,
      `${ROOT}.properties[spec].properties[size].type: Required value: must not be empty for specified object fields`,
    ]);
  });

  it('requires type object at the root', () => {
    expect(problems({ type: 'string' })).toEqual([`${ROOT}.type: Invalid value: "string": must be object at the root`]);
    expect(problems({ properties: {} })).toEqual([`${ROOT}.type: Required value: must not be empty at the root`]);
  });

  it('rejects keywords the apiserver does not support', () => {
    const schema = withSpec({
      type: 'object',
      properties: {
        a: { type: 'object', properties: { x: { type: 'string' } }, additionalProperties: false },
        b: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        d: { type: 'null' },
        e: { type: 'strin' },
      },
    });
    expect(problems(schema)).toEqual([
      `${ROOT}.properties[spec].properties[a].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
      `${ROOT}.properties[spec].properties[b].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
      `${ROOT}.properties[spec].properties[d].type: Unsupported value: "null": supported values: "array", "boolean", "integer", "number", "object", "string"`,
      `${ROOT}.properties[spec].properties[d].type: Forbidden: type cannot be set to null, use nullable as an alternative`,
      `${ROOT}.properties[spec].properties[e].type: Unsupported value: "strin": supported values: "array", "boolean", "integer", "number", "object", "string"`,
    ]);
  });

  it('reports only the unsupported keyword when it stops the structural checks', () => {
    // The missing type of `c` goes unreported: NewStructural fails on $ref first.
    const schema = withSpec({ type: 'object', properties: { c: { $ref: '#/definitions/c' } } });
    expect(problems(schema)).toEqual([`${ROOT}.properties[spec].properties[c].$ref: Forbidden: $ref is not supported`]);
  });

  it('only lets root metadata restrict name and generateName', () => {
    const ok = {
      type: 'object',
      properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } } },
    };
    expect(problems(ok)).toEqual([]);
    const bad = {
      type: 'object',
      properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } },
    };
    expect(problems(bad)).toEqual([
      `${ROOT}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
    ]);
  });

  it('keeps value validations from introducing types or fields', () => {
    const schema = withSpec({
      type: 'object',
      properties: { a: { type: 'string' } },
      anyOf: [{ type: 'object', required: ['a'] }, { properties: { b: { minLength: 1 } } }],
    });
    expect(problems(schema)).toEqual([
      `${ROOT}.properties[spec].anyOf[0].type: Forbidden: must be empty to be structural`,
      `${ROOT}.properties[spec].properties[b]: Required value: because it is defined in ${ROOT}.properties[spec].anyOf[1].properties[b]`,
    ]);
  });

  it('checks the list and map extensions', () => {
    const schema = withSpec({
      type: 'object',
      properties: {
        m: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          items: { type: 'object', properties: { k: { type: 'string' } } },
        },
        k: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['k'],
          items: { type: 'object', properties: { k: { type: 'string' } } },
        },
        t: { type: 'object', 'x-kubernetes-list-type': 'set' },
        p: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false },
      },
    });
    expect(problems(schema)).toEqual([
      `${ROOT}.properties[spec].properties[m].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
      `${ROOT}.properties[spec].properties[k].items.properties[k].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
      `${ROOT}.properties[spec].properties[t].type: Invalid value: "object": must be array if x-kubernetes-list-type is specified`,
      `${ROOT}.properties[spec].properties[p].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`,
    ]);
  });

  it('requires embedded resources to be objects with a shape', () => {
    const schema = withSpec({
      type: 'object',
      properties: { tpl: { type: 'string', 'x-kubernetes-embedded-resource': true } },
    });
    expect(problems(schema)).toEqual([
      `${ROOT}.properties[spec].properties[tpl].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
      `${ROOT}.properties[spec].properties[tpl].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true`,
    ]);
  });

  it('reports fields relative to the schema unless told where it sits', () => {
    expect(validateCrdSchema({ type: 'string' })[0]?.field).toBe('type');
    expect(validateCrdSchema(withSpec({ type: 'object', properties: { a: {} } }))[0]?.field).toBe(
      'properties[spec].properties[a].type',
    );
    expect(validateCrdSchema(undefined)[0]?.field).toBe('');
    expect(validateCrdSchema({ type: 'string' }, 'spec.versions[2].schema.openAPIV3Schema')[0]?.field).toBe(
      'spec.versions[2].schema.openAPIV3Schema.type',
    );
  });
});
