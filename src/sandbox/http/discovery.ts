/**
 * Discovery documents: /version, the legacy /api and /apis lists, per group-version resource
 * lists, and aggregated discovery (apidiscovery.k8s.io/v2), which kubectl 1.32 asks for first.
 */
import { apiVersionOf, type Obj, type ResourceType } from '../model.js';
import type { TypeRegistry } from '../registry/type-registry.js';

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export function versionInfo(): Obj {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

function resourceEntries(t: ResourceType): Obj[] {
  const main: Obj = {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.verbs,
    ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length ? { categories: t.categories } : {}),
    storageVersionHash: Buffer.from(`${t.group}/${t.version}/${t.kind}`).toString('base64').slice(0, 11),
  };
  const subs: Obj[] = [];
  if (t.subresources.status)
    subs.push({
      name: `${t.plural}/status`,
      singularName: '',
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: SUBRESOURCE_VERBS,
    });
  if (t.subresources.scale)
    subs.push({
      name: `${t.plural}/scale`,
      singularName: '',
      namespaced: t.namespaced,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: SUBRESOURCE_VERBS,
    });
  return [main, ...subs];
}

export function apiResourceList(group: string, version: string, types: ResourceType[]): Obj {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: types.flatMap(resourceEntries),
  };
}

export function coreVersions(): Obj {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }],
  };
}

function groupDoc(group: string, versions: string[]): Obj {
  const gv = (v: string): Obj => ({ groupVersion: `${group}/${v}`, version: v });
  return {
    name: group,
    versions: versions.map(gv),
    preferredVersion: gv(versions[0] ?? ''),
  };
}

export function apiGroup(registry: TypeRegistry, group: string): Obj | undefined {
  const g = registry.groups().find((x) => x.group === group);
  return g && group ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(group, g.versions) } : undefined;
}

export function apiGroupList(registry: TypeRegistry): Obj {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .filter((g) => g.group !== '')
      .map((g) => groupDoc(g.group, g.versions)),
  };
}

function aggregatedResource(t: ResourceType): Obj {
  const subresources: Obj[] = [];
  if (t.subresources.status)
    subresources.push({
      subresource: 'status',
      responseKind: { group: t.group, version: t.version, kind: t.kind },
      verbs: SUBRESOURCE_VERBS,
    });
  if (t.subresources.scale)
    subresources.push({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: SUBRESOURCE_VERBS,
    });
  return {
    resource: t.plural,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
    ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length ? { categories: t.categories } : {}),
    ...(subresources.length ? { subresources } : {}),
  };
}

/** Aggregated discovery for /api (core only) or /apis (every named group). */
export function aggregatedDiscovery(registry: TypeRegistry, core: boolean): Obj {
  const groups = registry.groups().filter((g) => (g.group === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => ({
      metadata: g.group ? { name: g.group } : {},
      versions: g.versions.map((v) => ({
        version: v,
        resources: registry.inGroupVersion(g.group, v).map(aggregatedResource),
        freshness: 'Current',
      })),
    })),
  };
}

/** Whether the Accept header asks for aggregated discovery (v2 or v2beta1). */
export function wantsAggregated(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    if (!part.includes('g=apidiscovery.k8s.io') || !part.includes('as=APIGroupDiscoveryList')) continue;
    if (/v=v2(;|$)/.test(part.replace(/\s/g, ''))) return 'v2';
    if (part.includes('v=v2beta1')) return 'v2beta1';
  }
  return undefined;
}

export function typeLabel(t: ResourceType): string {
  return `${t.plural}.${apiVersionOf(t)}`;
}
