/**
 * Whether a kind is namespaced, asked in order of authority: the schema validator, then the
 * CustomResourceDefinitions declared in the same snapshot, then the table of Kubernetes' own
 * kinds (core/kube-kinds.ts) (so that loading without a validator still defaults
 * namespaces right). 'unknown' is left to the caller's rule for custom kinds nobody describes.
 */
import type { ResourceValidator } from '../resource-validator.js';
import type { Obj } from '../snapshot.js';
import { groupOf } from '../api-version.js';
import { findBuiltinKind, isBuiltinGroupName } from '../kube-kinds.js';
import { isObj } from './shape.js';

export type Scope = 'namespaced' | 'cluster' | 'unknown';

/** `group/Kind` to scope, from the CustomResourceDefinitions in a snapshot. */
export type CrdScopes = ReadonlyMap<string, 'namespaced' | 'cluster'>;

export function readCrdScope(obj: Obj): [string, 'namespaced' | 'cluster'] | undefined {
  if (groupOf(String(obj.apiVersion)) !== 'apiextensions.k8s.io' || obj.kind !== 'CustomResourceDefinition')
    return undefined;
  const spec = obj.spec;
  if (!isObj(spec) || typeof spec.group !== 'string' || !isObj(spec.names) || typeof spec.names.kind !== 'string') {
    return undefined;
  }
  return [`${spec.group}/${spec.names.kind}`, spec.scope === 'Cluster' ? 'cluster' : 'namespaced'];
}

export function decideScope(
  apiVersion: string,
  kind: string,
  validator: ResourceValidator | undefined,
  crds: CrdScopes,
): Scope {
  const known = validator?.isNamespaced(apiVersion, kind);
  if (known !== undefined) return known ? 'namespaced' : 'cluster';
  const group = groupOf(apiVersion);
  const declared = crds.get(`${group}/${kind}`);
  if (declared) return declared;
  const builtin = findBuiltinKind(group, kind);
  if (builtin) return builtin.namespaced ? 'namespaced' : 'cluster';
  if (isBuiltinGroupName(group)) return 'namespaced';
  return 'unknown';
}
