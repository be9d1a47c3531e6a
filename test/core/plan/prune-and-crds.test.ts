import { describe, expect, it } from 'vitest';
import { formatPlan, planSync } from '../../../src/core/plan/plan-sync.js';
import { cm, deploy, ingress, ns, res, svc } from './resources.js';

const crd = res(
  'apiextensions.k8s.io/v1',
  'CustomResourceDefinition',
  '',
  'widgets.example.com',
  {},
  {
    spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced' },
  },
);
const widget = (name: string): ReturnType<typeof res> => res('example.com/v1', 'Widget', 'shop', name);

describe('prune', () => {
  it('deletes after every apply, dependents before what they depend on', () => {
    const plan = planSync({
      apply: [cm('new')],
      prune: [
        ns('old'),
        res('v1', 'ConfigMap', 'old', 'conf'),
        res('apps/v1', 'Deployment', 'old', 'web'),
        res('networking.k8s.io/v1', 'Ingress', 'old', 'web'),
      ],
    });
    expect(formatPlan(plan)).toBe(
      [
        'Level 1:',
        '  apply ConfigMap/shop/new',
        'Level 2:',
        '  prune Ingress/old/web',
        'Level 3:',
        '  prune Deployment/old/web',
        'Level 4:',
        '  prune ConfigMap/old/conf',
        'Level 5:',
        '  prune Namespace/old',
        '',
      ].join('\n'),
    );
    expect(plan.edges).toContainEqual({
      from: '/ConfigMap/shop/new',
      to: 'networking.k8s.io/Ingress/old/web',
      reason: 'prune-last',
    });
    expect(plan.edges).toContainEqual({ from: '/ConfigMap/old/conf', to: '/Namespace//old', reason: 'prune-reverse' });
  });

  it('reverses waves and depends-on, and does not require a pruned dependency to exist', () => {
    const plan = planSync({
      apply: [],
      prune: [
        cm('first', { 'sextant.dev/sync-wave': '-1' }),
        svc('api', { 'sextant.dev/depends-on': 'Deployment/backend' }),
        deploy('backend', { 'sextant.dev/depends-on': 'Secret/kept-in-git' }),
      ],
    });
    expect(plan.levels).toEqual([['/Service/shop/api'], ['apps/Deployment/shop/backend'], ['/ConfigMap/shop/first']]);
  });

  it('ignores hook annotations on pruned objects', () => {
    const plan = planSync({
      apply: [],
      prune: [res('batch/v1', 'Job', 'shop', 'old', { 'sextant.dev/hook': 'SyncFail' })],
    });
    expect(plan.levels).toEqual([['batch/Job/shop/old']]);
    expect(plan.nodes[0]?.hook).toBeUndefined();
  });

  it('rejects an object that is both applied and pruned', () => {
    expect(() => planSync({ apply: [cm('a')], prune: [cm('a')] })).toThrow('ConfigMap/shop/a appears twice');
  });
});

describe('CRDs', () => {
  it('creates a CRD before its custom resources, which run in parallel with unrelated objects', () => {
    const plan = planSync({ apply: [widget('w1'), widget('w2'), crd, ingress('web')], prune: [] });
    expect(plan.levels).toEqual([
      ['apiextensions.k8s.io/CustomResourceDefinition//widgets.example.com'],
      ['networking.k8s.io/Ingress/shop/web', 'example.com/Widget/shop/w1', 'example.com/Widget/shop/w2'],
    ]);
    expect(plan.edges.filter((e) => e.reason === 'crd').map((e) => e.to)).toEqual([
      'example.com/Widget/shop/w1',
      'example.com/Widget/shop/w2',
    ]);
  });

  it('deletes custom resources before their CRD', () => {
    const plan = planSync({ apply: [], prune: [crd, widget('w1')] });
    expect(plan.levels).toEqual([
      ['example.com/Widget/shop/w1'],
      ['apiextensions.k8s.io/CustomResourceDefinition//widgets.example.com'],
    ]);
  });
});
