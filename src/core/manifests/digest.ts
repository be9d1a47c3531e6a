/**
 * Stable digests of what an app would deploy: canonical JSON (keys sorted, no whitespace) of its
 * spec and its resources in identity order, hashed with SHA-256. Equal digests mean nothing to sync;
 * file layout, key order, comments and positions never change a digest.
 */
import type { AppSpec, Resource } from '../snapshot.js';
import { sha256Hex } from './sha256.js';
import { groupOf } from '../api-version.js';

/** JSON with object keys sorted, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export function resourceIdentity(r: Pick<Resource, 'apiVersion' | 'kind' | 'namespace' | 'name'>): string {
  return `${groupOf(r.apiVersion)}/${r.kind}/${r.namespace}/${r.name}`;
}

export function digestApp(spec: AppSpec, resources: readonly Resource[]): string {
  const objects = [...resources]
    .map((r) => [resourceIdentity(r), r.object] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, object]) => object);
  return `sha256:${sha256Hex(canonicalJson({ spec, resources: objects }))}`;
}
