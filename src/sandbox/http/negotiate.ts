/**
 * What representation the client asked for in its Accept header: a plain object or list,
 * a meta.k8s.io Table (kubectl get), or PartialObjectMetadata.
 */
import { badRequest } from '../errors.js';

export type Representation = 'object' | 'table' | 'metadata';

export function representation(accept: string | undefined): Representation {
  if (!accept) return 'object';
  // The first acceptable alternative wins, as the apiserver's negotiation does.
  for (const alt of accept.split(',')) {
    const a = alt.replace(/\s/g, '');
    if (a.includes('as=Table') && a.includes('g=meta.k8s.io')) return 'table';
    if (a.includes('as=PartialObjectMetadata') && a.includes('g=meta.k8s.io')) return 'metadata';
    if (a.startsWith('application/json') || a.startsWith('*/*') || a.startsWith('application/yaml')) return 'object';
    if (a.startsWith('application/vnd.kubernetes.protobuf')) return 'object';
  }
  return 'object';
}

/** Table rows carry PartialObjectMetadata by default, the whole object, or nothing. */
export function includeObjectOf(q: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const v = q.get('includeObject');
  if (v === null || v === '') return 'Metadata';
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw badRequest(`unrecognized includeObject value: "${v}"`);
}
