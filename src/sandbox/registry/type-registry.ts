/**
 * Which resources the sandbox serves right now: the built-in ones plus whatever the stored
 * CustomResourceDefinitions declare. Lookups by URL (group, version, plural) and by apiVersion + kind.
 */
import { apiVersionOf, type ResourceType } from '../model.js';

/** Kubernetes version priority: v1 > v1beta2 > v1beta1 > v1alpha1 > anything else. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const stage = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pb[i] ?? 0) - (pa[i] ?? 0);
  return 0;
}

export interface GroupVersions {
  group: string;
  versions: string[]; // by priority; the first is preferred
}

export class TypeRegistry {
  private readonly builtins: ResourceType[];
  private readonly custom = new Map<string, ResourceType[]>(); // CRD name -> its types

  constructor(builtins: ResourceType[]) {
    this.builtins = builtins;
  }

  all(): ResourceType[] {
    return [...this.builtins, ...[...this.custom.values()].flat()];
  }

  lookup(group: string, version: string, plural: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.all().find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
  }

  /** All versions served for a group's resource (a custom resource is stored once for all of them). */
  versionsOf(group: string, plural: string): ResourceType[] {
    return this.all().filter((t) => t.group === group && t.plural === plural);
  }

  setCrd(name: string, types: ResourceType[]): void {
    if (types.length === 0) this.custom.delete(name);
    else this.custom.set(name, types);
  }

  removeCrd(name: string): void {
    this.custom.delete(name);
  }

  /** Groups in discovery order: core first, built-in groups, then custom groups. */
  groups(): GroupVersions[] {
    const order: string[] = [];
    const versions = new Map<string, Set<string>>();
    for (const t of this.all()) {
      if (!versions.has(t.group)) {
        versions.set(t.group, new Set());
        order.push(t.group);
      }
      versions.get(t.group)?.add(t.version);
    }
    return order.map((group) => ({ group, versions: [...(versions.get(group) ?? [])].sort(compareKubeVersions) }));
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter((t) => t.group === group && t.version === version);
  }
}
