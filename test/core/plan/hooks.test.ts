import { describe, expect, it } from 'vitest';
import { formatPlan, planSync } from '../../../src/core/plan/plan-sync.js';
import { cm, deploy, job, ns, svc } from './resources.js';

describe('hooks', () => {
  const apply = [
    ns('shop'),
    job('migrate', {
      'sextant.dev/hook': 'PreSync',
      'sextant.dev/hook-delete-policy': 'HookSucceeded, BeforeHookCreation',
    }),
    cm('web'),
    deploy('web'),
    job('smoke-test', { 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'HookFailed' }),
    job('page-oncall', { 'sextant.dev/hook': 'SyncFail' }),
    svc('web', { 'sextant.dev/hook': 'Sync' }),
  ];

  it('runs PreSync hooks before, and PostSync hooks after, every Sync-phase object', () => {
    const plan = planSync({ apply: apply.filter((r) => r.kind !== 'Namespace'), prune: [] });
    expect(formatPlan(plan)).toBe(
      [
        'Level 1:',
        '  apply Job/shop/migrate (PreSync hook, delete HookSucceeded+BeforeHookCreation)',
        'Level 2:',
        '  apply ConfigMap/shop/web',
        'Level 3:',
        '  apply Service/shop/web (Sync hook, delete BeforeHookCreation)',
        'Level 4:',
        '  apply Deployment/shop/web',
        'Level 5:',
        '  apply Job/shop/smoke-test (PostSync hook, delete HookFailed)',
        'If the sync fails:',
        '  apply Job/shop/page-oncall (SyncFail hook, delete BeforeHookCreation)',
        '',
      ].join('\n'),
    );
    expect(plan.syncFailHooks).toEqual(['batch/Job/shop/page-oncall']);
    expect(plan.levels.flat()).not.toContain('batch/Job/shop/page-oncall');
    expect(plan.edges).toContainEqual({
      from: 'batch/Job/shop/migrate',
      to: '/ConfigMap/shop/web',
      reason: 'hook-phase',
    });
    expect(plan.edges).toContainEqual({
      from: 'apps/Deployment/shop/web',
      to: 'batch/Job/shop/smoke-test',
      reason: 'hook-phase',
    });
  });

  it('orders waves inside a phase', () => {
    const plan = planSync({
      apply: [
        job('second', { 'sextant.dev/hook': 'PreSync', 'sextant.dev/sync-wave': '1' }),
        job('first', { 'sextant.dev/hook': 'PreSync' }),
        cm('web', { 'sextant.dev/sync-wave': '-3' }),
      ],
      prune: [],
    });
    expect(plan.levels).toEqual([['batch/Job/shop/first'], ['batch/Job/shop/second'], ['/ConfigMap/shop/web']]);
  });

  it('rejects an unknown phase or delete policy', () => {
    expect(() => planSync({ apply: [job('x', { 'sextant.dev/hook': 'PreDelete' })], prune: [] })).toThrow(
      'Job/shop/x: hook "PreDelete" is not one of PreSync, Sync, PostSync, SyncFail',
    );
    expect(() =>
      planSync({
        apply: [job('x', { 'sextant.dev/hook': 'PreSync', 'sextant.dev/hook-delete-policy': 'Never' })],
        prune: [],
      }),
    ).toThrow('hook-delete-policy "Never" is not one of');
  });

  it('a PreSync hook inside a namespace the same sync creates is a cycle, named as such', () => {
    expect(() => planSync({ apply, prune: [] })).toThrow(/cycle: .*Namespace\/shop/);
  });
});
