/**
 * Static checks of a CustomResourceDefinition version's openAPIV3Schema when the CRD is written:
 * the structural-schema rules, then apiextensions' ValidateCustomResourceDefinitionOpenAPISchema
 * (unsupported keywords, list/map extensions). Causes carry the apiserver's paths and texts.
 */
import type { StatusCause } from '../errors.js';
import type { Obj } from '../model.js';
import { isObj } from '../model.js';
import { validateStructural } from './crd-structural.js';
import { forbidden, goQuote, goStringSlice, invalid, notSupported, required } from './semantic-errors.js';

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);
/** field.Path Child/Key, starting from the schema itself when `path` is ''. */
const at = (path: string, name: string): string => (path ? `${path}.${name}` : name);
const keyed = (path: string, name: string, k: string): string => `${at(path, name)}[${k}]`;

/**
 * Problems with `schema`; empty when the CRD may be created. Fields are relative to the schema
 * ('properties[spec].type', '' for the schema itself) unless `path` says where the schema sits,
 * e.g. 'spec.versions[0].schema.openAPIV3Schema'.
 */
export function validateCrdSchema(schema: unknown, path = ''): StatusCause[] {
  if (!isObj(schema)) return [required(path, 'schemas are required')];
  const errs: StatusCause[] = [];
  if (schema.nullable === true) errs.push(forbidden(at(path, 'nullable'), 'nullable cannot be true at the root'));
  // NewStructural refuses these keywords outright; the apiserver then skips the structural checks
  // and reports only the unsupported keywords.
  if (!hasUnsupported(schema)) errs.push(...validateStructural(schema, path));
  errs.push(...openApiChecks(schema, path, { root: true, inMeta: false, noDefaults: '' }));
  return errs;
}

const UNSUPPORTED = ['id', '$schema', '$ref', 'patternProperties', 'dependencies', 'additionalItems', 'definitions'];

function hasUnsupported(s: Obj): boolean {
  if (UNSUPPORTED.some((k) => s[k] !== undefined && s[k] !== '')) return true;
  if (s['x-kubernetes-preserve-unknown-fields'] === false || Array.isArray(s.items)) return true;
  const children = [
    s.items,
    s.not,
    s.additionalProperties,
    ...(isObj(s.properties) ? Object.values(s.properties) : []),
    ...['allOf', 'anyOf', 'oneOf'].flatMap((k) => (Array.isArray(s[k]) ? (s[k] as unknown[]) : [])),
  ];
  return children.some((c) => isObj(c) && hasUnsupported(c));
}

interface Scope {
  root: boolean;
  inMeta: boolean;
  /** Why defaults are forbidden here, or '' when they are allowed. */
  noDefaults: string;
}

function sub(s: Scope, patch: Partial<Scope>): Scope {
  return { ...s, root: false, ...patch };
}

function schemas(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

function openApiChecks(s: Obj, path: string, scope: Scope): StatusCause[] {
  const errs = keywordChecks(s, path, scope);
  const props = isObj(s.properties) ? s.properties : {};
  const hasProps = Object.keys(props).length > 0;
  if (s.uniqueItems === true) {
    errs.push(
      forbidden(
        at(path, 'uniqueItems'),
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  }
  if (s.additionalProperties !== undefined && s.additionalProperties !== null) {
    if (hasProps && (s.additionalProperties === false || isObj(s.additionalProperties))) {
      errs.push(
        forbidden(at(path, 'additionalProperties'), 'additionalProperties and properties are mutual exclusive'),
      );
    }
    if (isObj(s.additionalProperties)) {
      const inner = scope.inMeta
        ? sub(scope, { noDefaults: 'inside additionalProperties applying to object metadata' })
        : sub(scope, {});
      errs.push(...openApiChecks(s.additionalProperties, at(path, 'additionalProperties'), inner));
    }
  }
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  for (const [k, v] of Object.entries(props)) {
    if (!isObj(v)) continue;
    let inner = sub(scope, {});
    if ((scope.root || embedded) && META_FIELDS.has(k)) {
      inner = sub(scope, { inMeta: true, noDefaults: scope.root ? `in top-level ${k}` : scope.noDefaults });
    }
    errs.push(...openApiChecks(v, keyed(path, 'properties', k), inner));
  }
  if (isObj(s.not)) errs.push(...openApiChecks(s.not, at(path, 'not'), sub(scope, {})));
  for (const name of ['allOf', 'oneOf', 'anyOf']) {
    schemas(s[name]).forEach((v, i) => errs.push(...openApiChecks(v, `${at(path, name)}[${i}]`, sub(scope, {}))));
  }
  if (isObj(s.items)) errs.push(...openApiChecks(s.items, at(path, 'items'), sub(scope, {})));
  errs.push(...extensionChecks(s, path));
  return errs;
}

function keywordChecks(s: Obj, path: string, scope: Scope): StatusCause[] {
  const errs: StatusCause[] = [];
  const type = typeof s.type === 'string' ? s.type : '';
  if (type && !TYPES.includes(type)) errs.push(notSupported(at(path, 'type'), goQuote(type), TYPES));
  if (s.default !== undefined && scope.noDefaults) {
    errs.push(forbidden(at(path, 'default'), `must not be set ${scope.noDefaults}`));
  }
  const unsupported: [string, boolean][] = [
    ['id', typeof s.id === 'string' && s.id !== ''],
    ['additionalItems', s.additionalItems !== undefined],
    ['patternProperties', isObj(s.patternProperties) && Object.keys(s.patternProperties).length > 0],
    ['definitions', isObj(s.definitions) && Object.keys(s.definitions).length > 0],
    ['dependencies', s.dependencies !== undefined],
    ['$ref', s.$ref !== undefined],
  ];
  for (const [name, present] of unsupported)
    if (present) errs.push(forbidden(at(path, name), `${name} is not supported`));
  if (type === 'null')
    errs.push(forbidden(at(path, 'type'), 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s.items)) errs.push(forbidden(at(path, 'items'), 'items must be a schema object and not an array'));
  if (scope.inMeta && s['x-kubernetes-embedded-resource'] === true) {
    errs.push(forbidden(at(path, 'x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'));
  }
  return errs;
}

function extensionChecks(s: Obj, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  const type = typeof s.type === 'string' ? s.type : '';
  const listType = extension(s, 'x-kubernetes-list-type');
  const mapType = extension(s, 'x-kubernetes-map-type');
  const keys = Array.isArray(s['x-kubernetes-list-map-keys']) ? (s['x-kubernetes-list-map-keys'] as unknown[]) : [];
  const items = isObj(s.items) ? s.items : undefined;
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    errs.push(invalid(at(path, 'x-kubernetes-preserve-unknown-fields'), 'false', 'must be true or undefined'));
  }
  if (mapType !== undefined && type !== 'object') {
    const detail = 'must be object if x-kubernetes-map-type is specified';
    errs.push(type ? invalid(at(path, 'type'), goQuote(type), detail) : required(at(path, 'type'), detail));
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') {
    errs.push(notSupported(at(path, 'x-kubernetes-map-type'), goQuote(mapType), ['atomic', 'granular']));
  }
  if (listType !== undefined && type !== 'array') {
    const detail = 'must be array if x-kubernetes-list-type is specified';
    errs.push(type ? invalid(at(path, 'type'), goQuote(type), detail) : required(at(path, 'type'), detail));
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) {
    errs.push(notSupported(at(path, 'x-kubernetes-list-type'), goQuote(listType), ['atomic', 'set', 'map']));
  }
  if (keys.length > 0 && listType !== 'map') {
    const detail = 'must be map if x-kubernetes-list-map-keys is non-empty';
    const p = at(path, 'x-kubernetes-list-type');
    errs.push(listType === undefined ? required(p, detail) : invalid(p, goQuote(listType), detail));
  }
  if (listType === 'map') errs.push(...listMapChecks(s, path, keys, items));
  if ((listType === 'set' || listType === 'map') && items?.nullable === true) {
    errs.push(
      forbidden(`${at(path, 'items')}.nullable`, `cannot be nullable when x-kubernetes-list-type is ${listType}`),
    );
  }
  schemas(s['x-kubernetes-validations']).forEach((rule, i) => {
    if (typeof rule.rule !== 'string' || rule.rule.trim() === '') {
      errs.push(required(`${at(path, 'x-kubernetes-validations')}[${i}].rule`, 'rule is not specified'));
    }
  });
  return errs;
}

/** A string-valued extension; other JSON types are rendered so they still fail the value checks. */
function extension(s: Obj, name: string): string | undefined {
  const v = s[name];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function listMapChecks(s: Obj, path: string, keys: unknown[], items: Obj | undefined): StatusCause[] {
  const errs: StatusCause[] = [];
  if (keys.length === 0)
    errs.push(required(at(path, 'x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'));
  if (!s.items) errs.push(required(at(path, 'items'), 'must have a schema if x-kubernetes-list-type is map'));
  if (!items) return errs;
  const itemType = typeof items.type === 'string' ? items.type : '';
  if (itemType !== 'object') {
    errs.push(
      invalid(
        `${at(path, 'items')}.type`,
        goQuote(itemType),
        "must be object if parent array's x-kubernetes-list-type is map",
      ),
    );
    return errs;
  }
  const props = isObj(items.properties) ? items.properties : {};
  const requiredKeys = Array.isArray(items.required) ? items.required : [];
  const seen = new Set<string>();
  for (const k of keys.map(String)) {
    const p = props[k];
    if (!isObj(p)) {
      errs.push(
        invalid(
          at(path, 'x-kubernetes-list-map-keys'),
          goStringSlice(keys),
          'entries must all be names of item properties',
        ),
      );
    } else {
      if (p.type === 'array' || p.type === 'object') {
        errs.push(
          invalid(
            `${keyed(at(path, 'items'), 'properties', k)}.type`,
            goQuote(itemType),
            "must be a scalar type if parent array's x-kubernetes-list-type is map",
          ),
        );
      }
      if (!requiredKeys.includes(k) && p.default === undefined) {
        const detail =
          'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property';
        errs.push(required(`${keyed(at(path, 'items'), 'properties', k)}.default`, detail));
      }
      if (p.nullable === true) {
        const detail = 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable';
        errs.push(forbidden(`${keyed(at(path, 'items'), 'properties', k)}.nullable`, detail));
      }
    }
    if (seen.has(k))
      errs.push(
        invalid(at(path, 'x-kubernetes-list-map-keys'), goStringSlice(keys), 'must not contain duplicate entries'),
      );
    seen.add(k);
  }
  return errs;
}
