/**
 * API discovery: which plural and scope serve each apiVersion/kind. Asks for aggregated
 * discovery (two requests for the whole cluster) and falls back to the legacy per-group lists.
 */
import type { KubeTransport } from './kube-transport.js';
import { isObj as isRec } from '../../core/snapshot.js';

export interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}

const AGGREGATED_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

/** A kind still missing after a re-discovery is not re-discovered again for this long. */
const MISS_TTL_MS = 1000;

type Rec = Record<string, unknown>;
const recs = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter(isRec) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export class ApiDiscovery {
  private byKind = new Map<string, ResourceInfo>();
  private inflight?: Promise<void>;
  private discoveredAt = 0;
  private generation = 0;
  /** Kinds that a re-discovery did not find, with the generation that missed them. */
  private misses = new Map<string, number>();

  constructor(private readonly transport: KubeTransport) {}

  /** Re-reads discovery; concurrent callers share one round. */
  discover(): Promise<void> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Looks a kind up, re-discovering once on a miss so CRDs created since are found. */
  async resourceFor(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    const key = `${apiVersion}/${kind}`;
    const hit = this.byKind.get(key);
    if (hit) return hit;
    const missedIn = this.misses.get(key);
    const recentlyMissed = missedIn === this.generation && Date.now() - this.discoveredAt < MISS_TTL_MS;
    if (recentlyMissed && !this.inflight) return undefined;
    await this.discover();
    const found = this.byKind.get(key);
    if (found) this.misses.delete(key);
    else this.misses.set(key, this.generation);
    return found;
  }

  private async load(): Promise<void> {
    const next = new Map<string, ResourceInfo>();
    const [core, groups] = await Promise.all([
      this.fetchRoot('/api', 'discover core API'),
      this.fetchRoot('/apis', 'discover API groups'),
    ]);
    for (const [root, doc] of [
      ['/api', core],
      ['/apis', groups],
    ] as const) {
      if (isRec(doc) && doc.kind === 'APIGroupDiscoveryList') readAggregated(doc, next);
      else await this.readLegacy(root, doc, next);
    }
    this.byKind = next;
    this.discoveredAt = Date.now();
    this.generation++;
  }

  private fetchRoot(path: string, what: string): Promise<unknown> {
    return this.transport.json({ method: 'GET', path, what, accept: AGGREGATED_ACCEPT });
  }

  private async readLegacy(root: '/api' | '/apis', doc: unknown, into: Map<string, ResourceInfo>): Promise<void> {
    const groupVersions: string[] = [];
    if (root === '/api') {
      const versions = isRec(doc) && Array.isArray(doc.versions) ? doc.versions : [];
      for (const v of versions) if (typeof v === 'string') groupVersions.push(v);
    } else {
      for (const g of recs(isRec(doc) ? doc.groups : undefined))
        for (const v of recs(g.versions)) {
          const gv = str(v.groupVersion);
          if (gv) groupVersions.push(gv);
        }
    }
    // One unavailable aggregated API must not hide every other group, as kubectl tolerates it too.
    const lists = await Promise.allSettled(
      groupVersions.map((gv) => this.transport.json({ method: 'GET', path: `${root}/${gv}`, what: `discover ${gv}` })),
    );
    lists.forEach((r, i) => {
      const gv = groupVersions[i];
      if (r.status !== 'fulfilled' || gv === undefined || !isRec(r.value)) return;
      for (const res of recs(r.value.resources)) {
        const name = str(res.name);
        const kind = str(res.kind);
        if (!name || !kind || name.includes('/')) continue;
        into.set(`${gv}/${kind}`, { plural: name, namespaced: res.namespaced === true });
      }
    });
  }
}

function readAggregated(doc: Rec, into: Map<string, ResourceInfo>): void {
  for (const group of recs(doc.items)) {
    const groupName = isRec(group.metadata) ? (str(group.metadata.name) ?? '') : '';
    for (const version of recs(group.versions)) {
      const v = str(version.version);
      if (!v) continue;
      const gv = groupName ? `${groupName}/${v}` : v;
      for (const res of recs(version.resources)) {
        const plural = str(res.resource);
        const kind = isRec(res.responseKind) ? str(res.responseKind.kind) : undefined;
        if (!plural || !kind) continue;
        into.set(`${gv}/${kind}`, { plural, namespaced: res.scope === 'Namespaced' });
      }
    }
  }
}
