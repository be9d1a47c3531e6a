/**
 * Merges several Policy documents into one set of rules, with defaults applied. Quotas and
 * namespaces are identified by name: declaring one twice identically is harmless, declaring it
 * twice differently is a conflict (an error naming both places). Windows and gates add up.
 */
import type { ManifestError, Obj, PolicyDoc, SourcePosition } from '../snapshot.js';
import { canonicalJson } from './digest.js';
import { isObj } from './shape.js';

export interface QuotaRule {
  name: string;
  scope: { namespaces: string[]; apps: string[] }; // both empty: the whole cluster
  hard: Record<string, string>;
  source: SourcePosition;
}

export interface NamespaceRule {
  name: string;
  labels: Record<string, string>;
  quota?: Record<string, string>;
  allowedApps?: string[]; // absent: any app may deploy here
  source: SourcePosition;
}

export interface SyncWindowRule {
  kind: 'allow' | 'deny';
  schedule: string;
  duration: string;
  timeZone: string; // default UTC
  apps: string[]; // default ["*"]
  manualSync: boolean;
  source: SourcePosition;
}

export interface GateRule {
  apps: string[];
  approval: 'manual';
  source: SourcePosition;
}

export interface MergedPolicy {
  quotas: QuotaRule[];
  namespaces: NamespaceRule[];
  syncWindows: SyncWindowRule[];
  gates: GateRule[];
}

/** Where a node of a policy document is; without one, rules point at their document. */
export type PolicyLocator = (policy: PolicyDoc, path: (string | number)[]) => SourcePosition;

export function mergePolicies(
  policies: readonly PolicyDoc[],
  locate: PolicyLocator = (policy) => policy.source,
): { policy: MergedPolicy; errors: ManifestError[] } {
  const merged: MergedPolicy = { quotas: [], namespaces: [], syncWindows: [], gates: [] };
  const errors: ManifestError[] = [];
  const seen = new Map<string, { text: string; source: SourcePosition }>();

  // First declaration wins; a different later one is the error.
  const claim = (what: string, name: string, raw: Obj, source: SourcePosition): boolean => {
    const key = `${what}\u0000${name}`;
    const text = canonicalJson(raw);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, { text, source });
      return true;
    }
    if (first.text !== text) {
      const there = `${first.source.file}:${first.source.line}:${first.source.column}`;
      errors.push({
        ...source,
        code: 'policy-conflict',
        message: `${what} "${name}" is also declared, differently, at ${there}`,
      });
    }
    return false;
  };

  for (const policy of policies) {
    const items = (field: string): [Obj, SourcePosition][] => {
      const list = policy.spec[field];
      if (!Array.isArray(list)) return [];
      return list.flatMap((item, i): [Obj, SourcePosition][] =>
        isObj(item) ? [[item, locate(policy, ['spec', field, i])]] : [],
      );
    };
    for (const [raw, source] of items('quotas')) {
      if (typeof raw.name !== 'string' || !claim('quota', raw.name, raw, source)) continue;
      const scope = isObj(raw.scope) ? raw.scope : {};
      merged.quotas.push({
        name: raw.name,
        scope: { namespaces: strings(scope.namespaces), apps: strings(scope.apps) },
        hard: quantities(raw.hard),
        source,
      });
    }
    for (const [raw, source] of items('namespaces')) {
      if (typeof raw.name !== 'string' || !claim('namespace', raw.name, raw, source)) continue;
      const rule: NamespaceRule = { name: raw.name, labels: stringMap(raw.labels), source };
      if (isObj(raw.quota)) rule.quota = quantities(raw.quota);
      if (Array.isArray(raw.allowedApps)) rule.allowedApps = strings(raw.allowedApps);
      merged.namespaces.push(rule);
    }
    for (const [raw, source] of items('syncWindows')) {
      merged.syncWindows.push({
        kind: raw.kind === 'allow' ? 'allow' : 'deny',
        schedule: typeof raw.schedule === 'string' ? raw.schedule : '',
        duration: typeof raw.duration === 'string' ? raw.duration : '0',
        timeZone: typeof raw.timeZone === 'string' ? raw.timeZone : 'UTC',
        apps: Array.isArray(raw.apps) ? strings(raw.apps) : ['*'],
        manualSync: raw.manualSync === true,
        source,
      });
    }
    for (const [raw, source] of items('gates')) {
      merged.gates.push({ apps: strings(raw.apps), approval: 'manual', source });
    }
  }
  return { policy: merged, errors };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
}

function stringMap(value: unknown): Record<string, string> {
  if (!isObj(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Quantities as strings: `pods: 40` and `pods: "40"` mean the same. */
function quantities(value: unknown): Record<string, string> {
  if (!isObj(value)) return {};
  // fromEntries defines own properties, so even a "__proto__" key stays plain data.
  return Object.fromEntries(
    Object.entries(value).flatMap(([key, v]) =>
      typeof v === 'string' || typeof v === 'number' ? [[key, String(v)]] : [],
    ),
  );
}
