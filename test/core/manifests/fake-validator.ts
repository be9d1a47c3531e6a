/**
 * A small ResourceValidator for loader tests: a handful of built-in kinds with just enough schema
 * to produce each kind of finding (unknown field, wrong type, missing required field), the way the
 * real validator (adapters/kube-schema) reports them.
 */
import type { ResourceValidator, SchemaFinding } from '../../../src/core/resource-validator.js';
import type { Obj } from '../../../src/core/snapshot.js';

type Schema =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'any'
  | { list: Schema }
  | { map: Schema }
  | { fields: Record<string, Schema>; required?: string[] };

const meta: Schema = {
  fields: { name: 'string', namespace: 'string', labels: { map: 'string' }, annotations: { map: 'string' } },
};
const container: Schema = {
  fields: {
    name: 'string',
    image: 'string',
    args: { list: 'string' },
    ports: { list: { fields: { containerPort: 'integer', name: 'string' } } },
    env: { list: { fields: { name: 'string', value: 'string' }, required: ['name'] } },
  },
  required: ['name'],
};
const top = (spec: Record<string, Schema>, extra: Record<string, Schema> = {}): Schema => ({
  fields: { apiVersion: 'string', kind: 'string', metadata: meta, ...spec, ...extra },
});

const KINDS: Record<string, { schema: Schema; namespaced: boolean }> = {
  'apps/v1/Deployment': {
    namespaced: true,
    schema: top({
      spec: {
        fields: {
          replicas: 'integer',
          selector: { fields: { matchLabels: { map: 'string' } } },
          template: {
            fields: {
              metadata: meta,
              spec: {
                fields: { containers: { list: container }, serviceAccountName: 'string' },
                required: ['containers'],
              },
            },
          },
        },
        required: ['selector', 'template'],
      },
    }),
  },
  'v1/Service': {
    namespaced: true,
    schema: top({
      spec: {
        fields: {
          selector: { map: 'string' },
          type: 'string',
          ports: {
            list: {
              fields: { port: 'integer', targetPort: 'any', name: 'string', protocol: 'string' },
              required: ['port'],
            },
          },
        },
      },
    }),
  },
  'v1/ConfigMap': { namespaced: true, schema: top({ data: { map: 'string' } }) },
  'v1/Secret': {
    namespaced: true,
    schema: top({ type: 'string', stringData: { map: 'string' }, data: { map: 'string' } }),
  },
  'v1/Namespace': { namespaced: false, schema: top({ spec: 'any' }) },
  'rbac.authorization.k8s.io/v1/ClusterRole': { namespaced: false, schema: top({ rules: { list: 'any' } }) },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { namespaced: false, schema: top({ spec: 'any' }) },
};

const BUILTIN_GROUPS = ['', 'apps', 'batch', 'rbac.authorization.k8s.io', 'apiextensions.k8s.io', 'networking.k8s.io'];

function check(value: unknown, schema: Schema, path: (string | number)[]): SchemaFinding[] {
  if (schema === 'any') return [];
  const wrong = (expected: string): SchemaFinding[] => [
    { path, code: 'wrong-type', message: `expected ${expected}, got ${Array.isArray(value) ? 'array' : typeof value}` },
  ];
  if (schema === 'string') return typeof value === 'string' ? [] : wrong('string');
  if (schema === 'integer') return Number.isInteger(value) ? [] : wrong('integer');
  if (schema === 'boolean') return typeof value === 'boolean' ? [] : wrong('boolean');
  if ('list' in schema)
    return Array.isArray(value) ? value.flatMap((v, i) => check(v, schema.list, [...path, i])) : wrong('array');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong('object');
  const obj = value as Obj;
  if ('map' in schema) return Object.entries(obj).flatMap(([k, v]) => check(v, schema.map, [...path, k]));
  const findings: SchemaFinding[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const field = schema.fields[k];
    if (field) findings.push(...check(v, field, [...path, k]));
    else findings.push({ path: [...path, k], code: 'unknown-field', message: `unknown field "${k}"` });
  }
  for (const k of schema.required ?? []) {
    if (obj[k] === undefined)
      findings.push({ path: [...path, k], code: 'missing-field', message: `required field "${k}" is missing` });
  }
  return findings;
}

export function createFakeValidator(): ResourceValidator & { validated: string[] } {
  const validated: string[] = [];
  return {
    validated,
    validate(obj: Obj) {
      const key = `${String(obj.apiVersion)}/${String(obj.kind)}`;
      const kind = KINDS[key];
      if (!kind) return undefined;
      validated.push(key);
      return check(obj, kind.schema, []);
    },
    isBuiltinGroup(apiVersion: string) {
      const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
      return BUILTIN_GROUPS.includes(group);
    },
    isNamespaced(apiVersion: string, kind: string) {
      return KINDS[`${apiVersion}/${kind}`]?.namespaced;
    },
  };
}
