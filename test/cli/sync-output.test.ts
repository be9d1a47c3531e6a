import { describe, expect, it } from 'vitest';
import { formatDryRun, formatOutcome, formatProgress, formatResult } from '../../src/cli/sync-output.js';
import type { ObjectDiff } from '../../src/core/diff/diff-object.js';
import { planSync } from '../../src/core/plan/plan-sync.js';
import type { DryRunResult } from '../../src/engine/sync/dry-run.js';
import type { SyncAppResult } from '../../src/engine/sync/sync-app.js';
import type { AppStatus, ObjectOutcome, SyncRecord } from '../../src/engine/sync/sync-types.js';
import { cm, deploy, job } from '../core/plan/resources.js';

const outcome = (over: Partial<ObjectOutcome>): ObjectOutcome => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'shop',
  name: 'web',
  action: 'apply',
  result: 'Applied',
  message: '',
  ...over,
});

const timed = { startedAt: '2024-01-01T00:00:00.000Z', finishedAt: '2024-01-01T00:00:02.340Z' };

const status = (over: Partial<AppStatus> = {}): AppStatus => ({
  app: 'shop',
  syncStatus: 'Synced',
  health: 'Healthy',
  revision: 'abc',
  historyRevision: 3,
  message: '',
  syncedAt: '',
  objects: [],
  ...over,
});

const diff = (s: ObjectDiff['status']): ObjectDiff => ({ status: s, patch: [], unifiedDiff: '', changes: [] });

describe('formatOutcome', () => {
  it('prints an applied object with its health and duration', () => {
    expect(formatOutcome(outcome({ health: 'Healthy', ...timed }))).toBe(
      '  ok   Deployment/shop/web applied, Healthy (2.3s)\n',
    );
  });

  it('prints an unchanged cluster-scoped object without namespace, health or time', () => {
    expect(formatOutcome(outcome({ kind: 'Namespace', namespace: '', name: 'shop', result: 'Unchanged' }))).toBe(
      '  ok   Namespace/shop unchanged\n',
    );
  });

  it('prints the reason of a failure and of a skip', () => {
    expect(formatOutcome(outcome({ result: 'Failed', health: 'Degraded', message: 'exceeded its deadline' }))).toBe(
      '  FAIL Deployment/shop/web failed, Degraded: exceeded its deadline\n',
    );
    expect(formatOutcome(outcome({ result: 'Skipped', message: 'not started: something it waits for failed' }))).toBe(
      '  --   Deployment/shop/web skipped: not started: something it waits for failed\n',
    );
  });

  it('names hooks by phase, and the reason of a failed hook', () => {
    const hook = { kind: 'Job', name: 'migrate', action: 'hook' as const, hookPhase: 'PreSync' };
    // The result word after the name is left open: "hooksucceeded" reads badly and may change.
    const ok = formatOutcome(outcome({ ...hook, result: 'HookSucceeded', ...timed }));
    expect(ok).toMatch(/^ {2}ok {3}PreSync hook Job\/shop\/migrate \S+ \(2\.3s\)\n$/);
    const failed = formatOutcome(outcome({ ...hook, result: 'HookFailed', message: 'BackoffLimitExceeded' }));
    expect(failed).toMatch(/^ {2}FAIL PreSync hook Job\/shop\/migrate \S+: BackoffLimitExceeded\n$/);
  });

  it('does not repeat the message of a success (drift notes stay in the record)', () => {
    expect(formatOutcome(outcome({ result: 'Pruned', kind: 'ConfigMap', name: 'old', message: 'pruned' }))).toBe(
      '  ok   ConfigMap/shop/old pruned\n',
    );
  });
});

describe('formatProgress', () => {
  const plan = planSync({ apply: [cm('web'), deploy('web')], prune: [] });

  it('announces the plan', () => {
    expect(formatProgress({ type: 'started', app: 'shop', revision: 4, plan })).toBe(
      'app shop: revision 4, 2 objects in 2 levels\n',
    );
    const one = planSync({ apply: [cm('web')], prune: [] });
    expect(formatProgress({ type: 'started', app: 'shop', revision: 1, plan: one })).toMatch(
      /^app shop: revision 1, 1 object in 1 level/,
    );
  });

  it('prints a retry with its error and delay', () => {
    const node = plan.nodes.find((n) => n.resource.kind === 'Deployment');
    if (!node) throw new Error('no node');
    expect(
      formatProgress({ type: 'node-retrying', app: 'shop', node, error: '429 Too Many Requests', delayMs: 400 }),
    ).toBe('  ..   Deployment/shop/web: 429 Too Many Requests; retrying in 0.4s\n');
  });

  it('prints finished objects and nothing for starts', () => {
    const node = plan.nodes[0];
    if (!node) throw new Error('no node');
    expect(formatProgress({ type: 'node-started', app: 'shop', node })).toBe('');
    expect(formatProgress({ type: 'node-finished', app: 'shop', outcome: outcome({ result: 'Unchanged' }) })).toBe(
      '  ok   Deployment/shop/web unchanged\n',
    );
  });
});

describe('formatResult', () => {
  it('says an app in sync wrote nothing', () => {
    const r: SyncAppResult = { app: 'shop', outcome: 'NoOp', message: 'in sync', status: status() };
    expect(formatResult(r)).toBe('app shop: in sync, nothing written (Healthy)\n');
  });

  it('summarises a sync with its revision and health', () => {
    const record = { revision: 7 } as SyncRecord;
    const r: SyncAppResult = {
      app: 'shop',
      outcome: 'Failed',
      message: 'Deployment/shop/web: is Degraded',
      record,
      status: status({ health: 'Degraded' }),
    };
    expect(formatResult(r)).toBe('app shop: Failed revision 7, health Degraded: Deployment/shop/web: is Degraded\n');
    expect(formatResult({ ...r, outcome: 'Succeeded', record: undefined, status: status() })).toBe(
      'app shop: Succeeded, health Healthy: Deployment/shop/web: is Degraded\n',
    );
  });
});

describe('formatDryRun', () => {
  const base: DryRunResult = {
    app: 'shop',
    inspection: { declared: [], extraneous: [], tracked: 0, pendingTypes: [] },
    problems: [],
    inSync: true,
  };

  it('says an app in sync would write nothing', () => {
    expect(formatDryRun(base)).toBe('app shop: in sync, nothing would be written\n');
  });

  it('lists what differs, what would be pruned, the plan and the problems; hooks and Synced objects left out', () => {
    const web = deploy('web');
    const old = cm('old');
    const migrate = job('migrate', { 'sextant.dev/hook': 'PreSync' });
    const d: DryRunResult = {
      ...base,
      inSync: false,
      inspection: {
        declared: [
          { resource: web, desired: web.object, diff: diff('OutOfSync'), hook: false },
          { resource: cm('same'), desired: {}, diff: diff('Synced'), hook: false },
          { resource: cm('new'), desired: {}, diff: diff('Missing'), hook: false },
          { resource: migrate, desired: migrate.object, hook: true },
        ],
        extraneous: [{ resource: old, live: old.object, diff: diff('Extraneous') }],
        tracked: 2,
        pendingTypes: [],
      },
      plan: planSync({ apply: [web, cm('new')], prune: [old] }),
      problems: ['apply Deployment shop/web: 422 Unprocessable Entity: spec.replicas: Invalid value'],
    };
    expect(formatDryRun(d)).toBe(
      [
        'app shop: would sync',
        '  OutOfSync  Deployment/shop/web',
        '  Missing    ConfigMap/shop/new',
        '  Extraneous ConfigMap/shop/old',
        'Plan:',
        '  Level 1:',
        '    apply ConfigMap/shop/new',
        '  Level 2:',
        '    apply Deployment/shop/web',
        '  Level 3:',
        '    prune ConfigMap/shop/old',
        '  problem: apply Deployment shop/web: 422 Unprocessable Entity: spec.replicas: Invalid value',
        '',
      ].join('\n'),
    );
  });
});
