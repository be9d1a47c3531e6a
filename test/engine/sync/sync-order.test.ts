import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectOutcome } from '../../../src/engine/sync/sync-types.js';
import { kubectlFor, STATUS_TABLE } from '../../helpers/kubectl.js';
import { appYaml, configMap, deployment, service, startSyncHarness, type SyncHarness } from './sync-harness.js';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(async () => h.stop());

function job(name: string, hook: string, extra: string[] = [], image = 'busybox:1.36'): string {
  return [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    `    sextant.dev/hook: ${hook}`,
    ...extra,
    'spec:',
    '  backoffLimit: 0',
    '  template:',
    `    spec: {restartPolicy: Never, containers: [{name: main, image: "${image}", command: [sh, -c, "true"]}]}`,
    '',
  ].join('\n');
}

const at = (o: ObjectOutcome | undefined, key: 'startedAt' | 'finishedAt'): number => Date.parse(o?.[key] ?? 'x');

describe('sync order', () => {
  it('runs hooks, waves and depends-on in order, with independent branches in parallel', async () => {
    const files = {
      'apps/order/app.yaml': appYaml('order'),
      'apps/order/pre.yaml': job('migrate', 'PreSync', ['    sextant.dev/hook-delete-policy: HookSucceeded']),
      'apps/order/a.yaml': [
        configMap('a-config'),
        deployment('a', 'nginx:1.27', ['  annotations: {sextant.dev/depends-on: ConfigMap/a-config}']),
      ].join('---\n'),
      'apps/order/b.yaml': deployment('b'),
      'apps/order/c.yaml': deployment('c', 'nginx:1.27', ['  annotations: {sextant.dev/depends-on: Deployment/a}']),
      'apps/order/front.yaml': service('front', ['  annotations: {sextant.dev/sync-wave: "1"}']),
      'apps/order/post.yaml': job('smoke', 'PostSync'),
    };
    const r = await h.sync(files, { app: 'order' });
    expect(r.message).toMatch(/^synced/);
    const o = (name: string): ObjectOutcome | undefined => r.record?.objects.find((x) => x.name === name);
    const sync = ['a-config', 'a', 'b', 'c', 'front'];
    for (const name of sync) expect(at(o(name), 'startedAt')).toBeGreaterThanOrEqual(at(o('migrate'), 'finishedAt'));
    expect(at(o('a'), 'startedAt')).toBeGreaterThanOrEqual(at(o('a-config'), 'finishedAt'));
    expect(at(o('c'), 'startedAt')).toBeGreaterThanOrEqual(at(o('a'), 'finishedAt'));
    // Deployments a and b are independent: they were rolling out at the same time.
    expect(at(o('a'), 'startedAt')).toBeLessThan(at(o('b'), 'finishedAt'));
    expect(at(o('b'), 'startedAt')).toBeLessThan(at(o('a'), 'finishedAt'));
    // b does not wait for a's branch to finish (c is behind a, not behind b).
    expect(at(o('b'), 'finishedAt')).toBeLessThanOrEqual(at(o('c'), 'finishedAt'));
    for (const name of ['a-config', 'a', 'b', 'c'])
      expect(at(o('front'), 'startedAt')).toBeGreaterThanOrEqual(at(o(name), 'finishedAt'));
    expect(at(o('smoke'), 'startedAt')).toBeGreaterThanOrEqual(at(o('front'), 'finishedAt'));
    expect(o('migrate')).toMatchObject({ action: 'hook', hookPhase: 'PreSync', result: 'HookSucceeded' });
    expect(o('smoke')).toMatchObject({ action: 'hook', hookPhase: 'PostSync', result: 'HookSucceeded' });
    // HookSucceeded: the migration Job is deleted once it succeeded; smoke stays until the next sync.
    expect(await h.client.get('batch/v1', 'Job', 'default', 'migrate')).toBeUndefined();
    expect(await h.client.get('batch/v1', 'Job', 'default', 'smoke')).toBeDefined();
    // Hooks are run, not kept in sync: the app is Synced although the migration Job is gone.
    expect(r.status.syncStatus).toBe('Synced');
    expect(r.status.objects.map((x) => x.name).sort()).toEqual(['a', 'a-config', 'b', 'c', 'front']);
  });

  it('a failing rollout is Degraded, stops its dependents and runs the SyncFail hooks', async () => {
    const files = {
      'apps/broken/app.yaml': appYaml('broken'),
      'apps/broken/bad.yaml': deployment('bad', 'registry.example/app:fail-1', [], 1).replace(
        'spec:\n',
        'spec:\n  progressDeadlineSeconds: 1\n',
      ),
      'apps/broken/after.yaml': configMap('after-bad', { a: '1' }, [
        '  annotations: {sextant.dev/depends-on: Deployment/bad}',
      ]),
      'apps/broken/notify.yaml': job('notify', 'SyncFail'),
    };
    const r = await h.sync(files, { app: 'broken' });
    expect(r.outcome).toBe('Failed');
    expect(r.message).toMatch(
      /failed: Deployment\/default\/bad: Deployment\/default\/bad is Degraded: .*progress deadline/i,
    );
    const o = (name: string): ObjectOutcome | undefined => r.record?.objects.find((x) => x.name === name);
    expect(o('bad')).toMatchObject({ result: 'Failed', health: 'Degraded' });
    expect(o('after-bad')).toMatchObject({ result: 'Skipped' });
    expect(o('notify')).toMatchObject({ action: 'hook', hookPhase: 'SyncFail', result: 'HookSucceeded' });
    expect(await h.client.get('v1', 'ConfigMap', 'default', 'after-bad')).toBeUndefined();
    expect(r.status).toMatchObject({ syncStatus: 'Failed', health: 'Degraded' });
    const kubectl = kubectlFor(h.sandbox.kubeconfigPath);
    const table = await kubectl(STATUS_TABLE);
    expect(table.stdout).toMatch(/sextant-app-broken\s+1\s+\S+\s+Failed\s+Degraded/);
    expect(table.stdout).toMatch(/sextant-app-order\s+1\s+\S+\s+Synced\s+Healthy/);
    const events = await kubectl(['get', 'events', '-n', 'sextant-system', '--field-selector', 'reason=SyncFailed']);
    expect(events.stdout).toMatch(/Warning\s+SyncFailed/);
    const health = '{.metadata.annotations.sextant\\.dev/health}';
    const dep = await kubectl(['get', 'deploy', 'bad', '-n', 'default', '-o', `jsonpath=${health}`]);
    expect(dep.stdout).toBe('Degraded');
  });
});
