import { describe, expect, it } from 'vitest';
import { PlanCycleError, planSync } from '../../../src/core/plan/plan-sync.js';
import { cm, deploy, ns, res, svc } from './resources.js';

function cycleOf(run: () => unknown): PlanCycleError {
  try {
    run();
  } catch (e) {
    if (e instanceof PlanCycleError) return e;
    throw e;
  }
  throw new Error('no cycle reported');
}

describe('cycles', () => {
  it('spells out a depends-on cycle in order', () => {
    const e = cycleOf(() =>
      planSync({
        apply: [
          deploy('a', { 'sextant.dev/depends-on': 'Service/b' }),
          svc('b', { 'sextant.dev/depends-on': 'Deployment/a' }),
          cm('unrelated'),
        ],
        prune: [],
      }),
    );
    expect(e.message).toBe('sync order has a cycle: Service/b -> Deployment/a -> Service/b');
    expect(e.code).toBe('dependency-cycle');
    expect(e.cycle).toEqual(['/Service/shop/b', 'apps/Deployment/shop/a', '/Service/shop/b']);
  });

  it('names only the members of a three-step cycle, not what merely waits on it', () => {
    const e = cycleOf(() =>
      planSync({
        apply: [
          cm('x', { 'sextant.dev/depends-on': 'ConfigMap/y' }),
          cm('y', { 'sextant.dev/depends-on': 'ConfigMap/z' }),
          cm('z', { 'sextant.dev/depends-on': 'ConfigMap/x' }),
          deploy('web', { 'sextant.dev/depends-on': 'ConfigMap/x' }),
        ],
        prune: [],
      }),
    );
    expect(e.message).toBe('sync order has a cycle: ConfigMap/x -> ConfigMap/y -> ConfigMap/z -> ConfigMap/x');
  });

  it('reports a wave that puts an object before its own namespace', () => {
    const e = cycleOf(() => planSync({ apply: [ns('shop', { 'sextant.dev/sync-wave': '1' }), cm('web')], prune: [] }));
    expect(e.message).toBe('sync order has a cycle: ConfigMap/web -> Namespace/shop -> ConfigMap/web');
  });

  it('reports depends-on against a later wave', () => {
    const late = res('v1', 'ConfigMap', 'shop', 'late', { 'sextant.dev/sync-wave': '5' });
    const e = cycleOf(() =>
      planSync({ apply: [late, deploy('web', { 'sextant.dev/depends-on': 'ConfigMap/late' })], prune: [] }),
    );
    expect(e.cycle).toHaveLength(3);
  });
});
