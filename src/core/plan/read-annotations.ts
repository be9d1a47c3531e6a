/**
 * The ordering annotations of one object: sync wave, hook and its delete policies, depends-on.
 * Sextant's own keys win over Argo CD's, which are honoured so existing repositories keep their order.
 */

import type { Resource } from '../snapshot.js';
import { describeResource, PlanError, type HookDeletePolicy, type HookPhase } from './plan-types.js';

const PHASES: readonly HookPhase[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];
const DELETE_POLICIES: readonly HookDeletePolicy[] = ['BeforeHookCreation', 'HookSucceeded', 'HookFailed'];

/** A depends-on entry: `Kind/name` (same namespace) or `Kind/namespace/name`. */
export interface DependencyRef {
  kind: string;
  namespace?: string;
  name: string;
  text: string;
}

function readAnnotation(r: Resource, name: string): string | undefined {
  const metadata = r.object.metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const annotations = (metadata as Record<string, unknown>).annotations;
  if (typeof annotations !== 'object' || annotations === null) return undefined;
  const sextant = (annotations as Record<string, unknown>)[`sextant.dev/${name}`];
  const argo = (annotations as Record<string, unknown>)[`argocd.argoproj.io/${name}`];
  const value = typeof sextant === 'string' ? sextant : argo;
  return typeof value === 'string' ? value.trim() : undefined;
}

function invalid(r: Resource, message: string): PlanError {
  return new PlanError('invalid-annotation', `${describeResource(r)}: ${message}`, r);
}

export function readWave(r: Resource): number {
  const text = readAnnotation(r, 'sync-wave');
  if (text === undefined || text === '') return 0;
  if (!/^[+-]?\d{1,9}$/.test(text)) throw invalid(r, `sync-wave "${text}" is not an integer`);
  return Number(text);
}

function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Argo CD's default when a hook names no delete policy is BeforeHookCreation; so is Sextant's. */
export function readHook(r: Resource): { phase: HookPhase; deletePolicies: string[] } | undefined {
  const text = readAnnotation(r, 'hook');
  if (text === undefined || text === '') return undefined;
  const phase = PHASES.find((p) => p === text);
  if (!phase) throw invalid(r, `hook "${text}" is not one of ${PHASES.join(', ')}`);
  const policies = splitList(readAnnotation(r, 'hook-delete-policy'));
  for (const p of policies) {
    if (!DELETE_POLICIES.some((known) => known === p)) {
      throw invalid(r, `hook-delete-policy "${p}" is not one of ${DELETE_POLICIES.join(', ')}`);
    }
  }
  return { phase, deletePolicies: policies.length > 0 ? [...new Set(policies)] : ['BeforeHookCreation'] };
}

export function readDependsOn(r: Resource): DependencyRef[] {
  return splitList(readAnnotation(r, 'depends-on')).map((text) => {
    const parts = text.split('/').map((p) => p.trim());
    if (parts.length === 2 && parts.every((p) => p !== '')) {
      return { kind: parts[0] ?? '', name: parts[1] ?? '', text };
    }
    if (parts.length === 3 && parts.every((p) => p !== '')) {
      return { kind: parts[0] ?? '', namespace: parts[1], name: parts[2] ?? '', text };
    }
    throw invalid(r, `depends-on "${text}" is not Kind/name or Kind/namespace/name`);
  });
}
