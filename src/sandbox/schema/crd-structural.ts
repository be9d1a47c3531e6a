/**
 * The structural-schema rules a v1 CustomResourceDefinition's openAPIV3Schema must follow
 * (apiextensions' ValidateStructural): every node has a type, value validations under
 * allOf/anyOf/oneOf/not only restrict what the main schema already specifies, and metadata may
 * only constrain name and generateName.
 */
import type { StatusCause } from '../errors.js';
import type { Obj } from '../model.js';
import { isObj } from '../model.js';
import { forbidden, goQuote, invalid, required } from './semantic-errors.js';

type Level = 'root' | 'item' | 'field';

/** field.Path Child/Key, starting from the schema itself when `path` is ''. */
const at = (path: string, name: string): string => (path ? `${path}.${name}` : name);
const keyed = (path: string, name: string, k: string): string => `${at(path, name)}[${k}]`;

function objOf(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

function propsOf(s: Obj): [string, Obj][] {
  const p = objOf(s.properties);
  return p ? Object.entries(p).flatMap(([k, v]) => (isObj(v) ? [[k, v] as [string, Obj]] : [])) : [];
}

function typeOf(s: Obj): string {
  return typeof s.type === 'string' ? s.type : '';
}

/** anyOf: [{type: integer}, {type: string}] -- the one nested type int-or-string allows. */
function isIntOrStringAnyOf(s: Obj | undefined): boolean {
  const anyOf = s?.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return false;
  const [a, b] = anyOf as unknown[];
  const only = (x: unknown, t: string): boolean => isObj(x) && Object.keys(x).length === 1 && x.type === t;
  return only(a, 'integer') && only(b, 'string');
}

export function validateStructural(s: Obj, path: string): StatusCause[] {
  const errs = [...invariants(s, 'root', path), ...completeness(s, path)];
  const text = (c: StatusCause): string => `${c.field ?? ''}: ${c.message}`;
  return errs.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

function invariants(s: Obj, lvl: Level, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  const type = typeOf(s);
  const items = objOf(s.items);
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (type === 'array' && !items) errs.push(required(at(path, 'items'), 'must be specified'));
  if (items) errs.push(...invariants(items, 'item', at(path, 'items')));
  for (const [k, v] of propsOf(s)) errs.push(...invariants(v, 'field', keyed(path, 'properties', k)));
  if (s.additionalProperties !== undefined) {
    if (lvl === 'root') errs.push(forbidden(at(path, 'additionalProperties'), 'must not be used at the root'));
    const ap = objOf(s.additionalProperties);
    if (ap) errs.push(...invariants(ap, 'field', at(path, 'additionalProperties')));
  }
  if (intOrString && preserve) {
    errs.push(
      invalid(
        at(path, 'x-kubernetes-preserve-unknown-fields'),
        'true',
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  if (intOrString && embedded) {
    errs.push(
      invalid(
        at(path, 'x-kubernetes-embedded-resource'),
        'true',
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  const allOf0 = Array.isArray(s.allOf) ? objOf(s.allOf[0]) : undefined;
  errs.push(...valueValidation(s, isIntOrStringAnyOf(s), isIntOrStringAnyOf(allOf0), lvl, path));
  if (embedded && type !== 'object') {
    const detail = 'must be object if x-kubernetes-embedded-resource is true';
    errs.push(type ? invalid(at(path, 'type'), goQuote(type), detail) : required(at(path, 'type'), detail));
  } else if (!type && !intOrString && !preserve) {
    const where = { root: 'at the root', item: 'for specified array items', field: 'for specified object fields' }[lvl];
    errs.push(required(at(path, 'type'), `must not be empty ${where}`));
  }
  if (embedded && s.additionalProperties !== undefined) {
    errs.push(forbidden(at(path, 'additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
  }
  if (lvl === 'root' && type && type !== 'object')
    errs.push(invalid(at(path, 'type'), goQuote(type), 'must be object at the root'));
  const checkMeta = lvl === 'root' || embedded;
  const props = objOf(s.properties) ?? {};
  for (const f of ['kind', 'apiVersion']) {
    const p = objOf(props[f]);
    if (p && checkMeta && typeOf(p) !== 'string') {
      errs.push(invalid(`${keyed(path, 'properties', f)}.type`, goQuote(typeOf(p)), 'must be string'));
    }
  }
  const meta = objOf(props.metadata);
  if (meta) errs.push(...metadataInvariants(meta, checkMeta, lvl, keyed(path, 'properties', 'metadata')));
  if (embedded && !preserve && propsOf(s).length === 0) {
    const detail =
      'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields';
    errs.push(required(at(path, 'properties'), detail));
  }
  return errs;
}

function metadataInvariants(s: Obj, checkMeta: boolean, lvl: Level, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  if (checkMeta && typeOf(s) !== 'object') errs.push(invalid(at(path, 'type'), goQuote(typeOf(s)), 'must be object'));
  if (lvl !== 'root') return errs;
  const rest = { ...s };
  delete rest.type;
  delete rest.default;
  const names = Object.keys(objOf(s.properties) ?? {});
  if (names.length > 0 && names.every((n) => n === 'name' || n === 'generateName')) delete rest.properties;
  if (Object.keys(rest).length > 0) {
    errs.push(
      forbidden(
        path,
        'must not specify anything other than name and generateName, but metadata is implicitly specified',
      ),
    );
  }
  return errs;
}

function valueValidation(
  s: Obj,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  lvl: Level,
  path: string,
): StatusCause[] {
  const errs: StatusCause[] = [];
  const list = (name: string): Obj[] =>
    Array.isArray(s[name]) ? (s[name] as unknown[]).map((x) => objOf(x) ?? {}) : [];
  if (!skipAnyOf) list('anyOf').forEach((v, i) => errs.push(...nested(v, false, lvl, `${at(path, 'anyOf')}[${i}]`)));
  list('allOf').forEach((v, i) =>
    errs.push(...nested(v, skipFirstAllOfAnyOf && i === 0, lvl, `${at(path, 'allOf')}[${i}]`)),
  );
  list('oneOf').forEach((v, i) => errs.push(...nested(v, false, lvl, `${at(path, 'oneOf')}[${i}]`)));
  const not = objOf(s.not);
  if (not) errs.push(...nested(not, false, lvl, at(path, 'not')));
  return errs;
}

const NESTED_FORBIDDEN: [string, (v: unknown) => boolean, string][] = [
  ['type', (v) => typeof v === 'string' && v !== '', 'must be empty to be structural'],
  ['additionalProperties', (v) => v !== undefined, 'must be undefined to be structural'],
  ['default', (v) => v !== undefined && v !== null, 'must be undefined to be structural'],
  ['title', (v) => typeof v === 'string' && v !== '', 'must be empty to be structural'],
  ['description', (v) => typeof v === 'string' && v !== '', 'must be empty to be structural'],
  ['nullable', (v) => v === true, 'must be false to be structural'],
  ['externalDocs', (v) => v !== undefined, 'must be undefined to be structural'],
  ['x-kubernetes-preserve-unknown-fields', (v) => v === true, 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', (v) => v === true, 'must be false to be structural'],
  ['x-kubernetes-int-or-string', (v) => v === true, 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', (v) => Array.isArray(v) && v.length > 0, 'must be empty to be structural'],
  ['x-kubernetes-list-type', (v) => v !== undefined, 'must be undefined to be structural'],
  ['x-kubernetes-map-type', (v) => v !== undefined, 'must be undefined to be structural'],
  ['x-kubernetes-validations', (v) => Array.isArray(v) && v.length > 0, 'must be empty to be structural'],
];

function nested(v: Obj, skipAnyOf: boolean, lvl: Level, path: string): StatusCause[] {
  const errs = valueValidation(v, skipAnyOf, false, lvl, path);
  const items = objOf(v.items);
  if (items) errs.push(...nested(items, false, lvl, at(path, 'items')));
  for (const [k, p] of propsOf(v)) errs.push(...nested(p, false, 'field', keyed(path, 'properties', k)));
  for (const [name, bad, detail] of NESTED_FORBIDDEN) if (bad(v[name])) errs.push(forbidden(at(path, name), detail));
  if (isObj(v.properties) && 'metadata' in v.properties) {
    errs.push(forbidden(keyed(path, 'properties', 'metadata'), 'must not be specified in a nested context'));
  }
  return errs;
}

/** Properties and items used inside allOf/anyOf/oneOf/not must exist in the main schema. */
function completeness(s: Obj, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  const visit = (node: Obj, p: string): void => {
    for (const name of ['allOf', 'anyOf', 'oneOf']) {
      const list = node[name];
      if (Array.isArray(list))
        list.forEach((v, i) => isObj(v) && errs.push(...covered(v, node, p, `${at(p, name)}[${i}]`)));
    }
    const not = objOf(node.not);
    if (not) errs.push(...covered(not, node, p, at(p, 'not')));
    const items = objOf(node.items);
    if (items) visit(items, at(p, 'items'));
    for (const [k, v] of propsOf(node)) visit(v, keyed(p, 'properties', k));
    const ap = objOf(node.additionalProperties);
    if (ap) visit(ap, at(p, 'additionalProperties'));
  };
  visit(s, path);
  return errs;
}

function covered(v: Obj, s: Obj | undefined, sPath: string, vPath: string): StatusCause[] {
  if (!s) return [required(sPath, `because it is defined in ${vPath}`)];
  const errs: StatusCause[] = [];
  for (const name of ['allOf', 'anyOf', 'oneOf']) {
    const list = v[name];
    if (Array.isArray(list))
      list.forEach((x, i) => isObj(x) && errs.push(...covered(x, s, sPath, `${at(vPath, name)}[${i}]`)));
  }
  const not = objOf(v.not);
  if (not) errs.push(...covered(not, s, sPath, at(vPath, 'not')));
  const items = objOf(v.items);
  if (items) errs.push(...covered(items, objOf(s.items), at(sPath, 'items'), at(vPath, 'items')));
  const sProps = objOf(s.properties) ?? {};
  for (const [k, p] of propsOf(v)) {
    const sp = objOf(sProps[k]);
    const sKey = keyed(sPath, 'properties', k);
    const vKey = keyed(vPath, 'properties', k);
    errs.push(...(sp ? covered(p, sp, sKey, vKey) : [required(sKey, `because it is defined in ${vKey}`)]));
  }
  return errs;
}
