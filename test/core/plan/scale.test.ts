import { describe, expect, it } from 'vitest';
import { planSync, type SyncPlan } from '../../../src/core/plan/plan-sync.js';
import type { Resource } from '../../../src/core/snapshot.js';
import { res } from './resources.js';

const KINDS = [
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'Service'],
  ['apps/v1', 'Deployment'],
  ['networking.k8s.io/v1', 'Ingress'],
] as const;

/** 10 namespaces x 5 kinds x 200 objects = 10,000 objects. */
function manyObjects(): Resource[] {
  const out: Resource[] = [];
  for (let n = 0; n < 10; n++) {
    for (const [apiVersion, kind] of KINDS) {
      for (let i = 0; i < 200; i++) out.push(res(apiVersion, kind, `team-${n}`, `obj-${String(i).padStart(3, '0')}`));
    }
  }
  return out;
}

const kindsPerLevel = (plan: SyncPlan): [string, number][][] =>
  plan.levels.map((level) => {
    const counts = new Map<string, number>();
    for (const id of level) {
      const kind = id.split('/')[1] ?? '';
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    return [...counts];
  });

describe('planSync at scale', () => {
  const objects = manyObjects();

  it('orders 10,000 objects kind group by kind group, every namespace side by side', () => {
    const plan = planSync({ apply: objects, prune: [] });
    expect(kindsPerLevel(plan)).toEqual([
      [
        ['Secret', 2000],
        ['ConfigMap', 2000],
      ],
      [['Service', 2000]],
      [['Deployment', 2000]],
      [['Ingress', 2000]],
    ]);
    expect(plan.levels[0]?.slice(0, 2)).toEqual(['/Secret/team-0/obj-000', '/Secret/team-0/obj-001']);
    expect(plan.levels[2]?.[0]).toBe('apps/Deployment/team-0/obj-000');
  });

  it('lists a number of edges that grows with the objects, each waiting object explained', () => {
    const plan = planSync({ apply: objects, prune: [] });
    expect(plan.edges.length).toBeLessThan(3 * objects.length);
    const waiting = new Set(plan.edges.map((e) => e.to));
    for (const id of plan.levels.slice(1).flat()) expect(waiting.has(id)).toBe(true);
    // Kind order never reaches across namespaces.
    for (const e of plan.edges) expect(e.from.split('/')[2]).toBe(e.to.split('/')[2]);
  });

  it('prunes the same 10,000 objects in reverse', () => {
    const plan = planSync({ apply: [], prune: objects });
    expect(kindsPerLevel(plan)).toEqual([
      [['Ingress', 2000]],
      [['Deployment', 2000]],
      [['Service', 2000]],
      [
        ['ConfigMap', 2000],
        ['Secret', 2000],
      ],
    ]);
  });
});
