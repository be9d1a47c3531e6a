/**
 * LIST: selectors, limit/continue pagination, and the List, Table or PartialObjectMetadataList forms.
 */
import { badRequest } from '../errors.js';
import { apiVersionOf, metaOf, type Obj, type ResourceType } from '../model.js';
import type { SandboxApi } from '../api/sandbox-api.js';
import { matchesSelectors, parseFieldSelector, parseLabelSelector } from '../api/selectors.js';
import { toTable } from '../table/table.js';
import { includeObjectOf, type Representation } from './negotiate.js';

interface ContinueToken {
  key: string;
  rv: number;
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeContinue(s: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof t.key === 'string' && typeof t.rv === 'number') return t;
  } catch {
    // fall through to the apiserver's message
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

function keyOf(o: Obj): string {
  const m = metaOf(o);
  return `${typeof m.namespace === 'string' ? m.namespace : ''}/${String(m.name)}`;
}

export function listResource(
  api: SandboxApi,
  t: ResourceType,
  namespace: string,
  q: URLSearchParams,
  rep: Representation,
  now: Date,
): Obj {
  const labels = parseLabelSelector(q.get('labelSelector') ?? undefined);
  const fields = parseFieldSelector(q.get('fieldSelector') ?? undefined, t.kind);
  let items = api.list(t, namespace || undefined).filter((o) => matchesSelectors(o, labels, fields));
  const cont = q.get('continue');
  if (cont) {
    const token = decodeContinue(cont);
    items = items.filter((o) => keyOf(o) > token.key);
  }
  const limit = Number(q.get('limit') ?? 0);
  const rv = String(api.resourceVersion);
  const listMeta: Obj = { resourceVersion: rv };
  if (limit > 0 && items.length > limit) {
    const rest = items.length - limit;
    items = items.slice(0, limit);
    const last = items[items.length - 1];
    if (last) listMeta.continue = encodeContinue({ key: keyOf(last), rv: api.resourceVersion });
    listMeta.remainingItemCount = rest;
  }
  if (rep === 'table') {
    return toTable(t, items, {
      now,
      includeObject: includeObjectOf(q),
      resourceVersion: rv,
      ...(typeof listMeta.continue === 'string' ? { continue: listMeta.continue } : {}),
      ...(typeof listMeta.remainingItemCount === 'number' ? { remainingItemCount: listMeta.remainingItemCount } : {}),
    });
  }
  if (rep === 'metadata')
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: listMeta,
      items: items.map((o) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: metaOf(o) })),
    };
  // Like the apiserver, items of built-in lists carry no apiVersion/kind; custom resources keep theirs.
  if (t.builtin)
    for (const o of items) {
      delete o.apiVersion;
      delete o.kind;
    }
  return { kind: t.listKind, apiVersion: apiVersionOf(t), metadata: listMeta, items };
}
