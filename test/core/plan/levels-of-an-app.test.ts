import { describe, expect, it } from 'vitest';
import { formatPlan, planSync } from '../../../src/core/plan/plan-sync.js';
import { cm, deploy, ingress, ns, res, secret, svc } from './resources.js';

const shop = [ingress('web'), deploy('web'), svc('web'), secret('db'), cm('web'), ns('shop')];

describe('planSync on a realistic app', () => {
  it('creates the namespace, then configuration, then the Service, the Deployment and the Ingress', () => {
    const plan = planSync({ apply: shop, prune: [] });
    expect(formatPlan(plan)).toBe(
      [
        'Level 1:',
        '  apply Namespace/shop',
        'Level 2:',
        '  apply Secret/shop/db',
        '  apply ConfigMap/shop/web',
        'Level 3:',
        '  apply Service/shop/web',
        'Level 4:',
        '  apply Deployment/shop/web',
        'Level 5:',
        '  apply Ingress/shop/web',
        '',
      ].join('\n'),
    );
    expect(plan.levels[0]).toEqual(['/Namespace//shop']);
    expect(plan.syncFailHooks).toEqual([]);
  });

  it('explains every edge', () => {
    const plan = planSync({ apply: shop, prune: [] });
    expect(plan.edges).toContainEqual({
      from: '/Namespace//shop',
      to: 'apps/Deployment/shop/web',
      reason: 'namespace',
    });
    expect(plan.edges).toContainEqual({
      from: '/Service/shop/web',
      to: 'apps/Deployment/shop/web',
      reason: 'kind-order',
    });
    expect(new Set(plan.edges.map((e) => e.reason))).toEqual(new Set(['namespace', 'kind-order']));
  });

  it('keeps objects of other namespaces out of each other’s kind order', () => {
    const other = res('v1', 'ConfigMap', 'blog', 'theme');
    const blogDeploy = res('apps/v1', 'Deployment', 'blog', 'web');
    const plan = planSync({ apply: [cm('web'), deploy('web'), other, blogDeploy], prune: [] });
    expect(plan.edges).not.toContainEqual(
      expect.objectContaining({ from: '/ConfigMap/blog/theme', to: 'apps/Deployment/shop/web' }),
    );
    expect(plan.levels).toEqual([
      ['/ConfigMap/blog/theme', '/ConfigMap/shop/web'],
      ['apps/Deployment/blog/web', 'apps/Deployment/shop/web'],
    ]);
  });

  it('gives unknown kinds no kind-order edges, and sorts them last in their level', () => {
    const widget = res('example.com/v1', 'Widget', 'shop', 'w');
    const plan = planSync({ apply: [widget, cm('web')], prune: [] });
    expect(plan.levels).toEqual([['/ConfigMap/shop/web', 'example.com/Widget/shop/w']]);
  });

  it('prints an empty plan', () => {
    expect(formatPlan(planSync({ apply: [], prune: [] }))).toBe('Nothing to sync.\n');
  });
});
