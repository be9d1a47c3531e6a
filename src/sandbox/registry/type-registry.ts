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

  // Every request resolves its type here, so the list and its indexes are built once per CRD change.
  private cache:
    { all: ResourceType[]; byPath: Map<string, ResourceType>; byKind: Map<string, ResourceType> } | undefined;

  private index(): NonNullable<TypeRegistry['cache']> {
    if (!this.cache) {
      const all = [...this.builtins, ...[...this.custom.values()].flat()];
      const byPath = new Map<string, ResourceType>();
      const byKind = new Map<string, ResourceType>();
      for (const t of all) {
        const path = `${t.group}/${t.version}/${t.plural}`;
        if (!byPath.has(path)) byPath.set(path, t);
        const kind = `${apiVersionOf(t)}/${t.kind}`;
        if (!byKind.has(kind)) byKind.set(kind, t);
      }
      this.cache = { all, byPath, byKind };
    }
    return this.cache;
  }

  all(): ResourceType[] {
    return this.index().all;
  }

  lookup(group: string, version: string, plural: string): ResourceType | undefined {
    return this.index().byPath.get(`${group}/${version}/${plural}`);
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.index().byKind.get(`${apiVersion}/${kind}`);
  }

  /** All versions served for a group's resource (a custom resource is stored once for all of them). */
  versionsOf(group: string, plural: string): ResourceType[] {
    return this.all().filter((t) => t.group === group && t.plural === plural);
  }

  setCrd(name: string, types: ResourceType[]): void {
    this.cache = undefined;
    if (types.length === 0) this.custom.delete(name);
    else this.custom.set(name, types);
  }

  removeCrd(name: string): void {
    this.cache = undefined;
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
