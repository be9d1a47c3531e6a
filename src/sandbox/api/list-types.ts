/**
 * How lists of a resource merge (map, set or atomic): from the built-in table or the CRD schema.
 */
import type { ResourceType } from '../model.js';
import { builtinListTypes, schemaListTypes, type ListTypeResolver } from '../patch/list-types.js';

const cache = new WeakMap<ResourceType, ListTypeResolver>();

export function listTypesFor(t: ResourceType): ListTypeResolver {
  let r = cache.get(t);
  if (!r) {
    r = t.builtin ? builtinListTypes({ group: t.group, version: t.version, kind: t.kind }) : schemaListTypes(t.schema);
    cache.set(t, r);
  }
  return r;
}
