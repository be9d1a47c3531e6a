import { describe, expect, it } from 'vitest';
import type { Obj, ResourceType } from '../../../src/sandbox/model.js';
import { builtinTypes } from '../../../src/sandbox/registry/builtin-types.js';
import { toTable } from '../../../src/sandbox/table/table.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const CREATED = '2025-02-27T09:00:00Z'; // 2d3h before NOW

function typeOf(kind: string): ResourceType {
  const t = builtinTypes().find((x) => x.kind === kind);
  if (!t) throw new Error(kind);
  return t;
}

/** Column name -> cell; `wide` keeps the priority-1 columns kubectl shows only with -o wide. */
function row(kind: string, obj: Obj, wide = true): Record<string, unknown> {
  const table = toTable(typeOf(kind), [obj], { now: NOW });
  const defs = table.columnDefinitions as { name: string; priority: number }[];
  const cells = (table.rows as { cells: unknown[] }[])[0]?.cells ?? [];
  return Object.fromEntries(
    defs.map((d, i) => [d.name, cells[i]] as const).filter((_, i) => wide || defs[i]?.priority === 0),
  );
}

function meta(name: string, extra: Obj = {}): Obj {
  return { name, namespace: 'demo', creationTimestamp: CREATED, ...extra };
}

const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1.27' },
      { name: 'sidecar', image: 'envoy:v1.31' },
    ],
  },
};

describe('apps/v1 workloads', () => {
  it('prints a Deployment with 2 of 3 ready, and its wide columns', () => {
    const d = {
      metadata: meta('web'),
      spec: { replicas: 3, selector: { matchLabels: { app: 'web', tier: 'fe' } }, template },
      status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
    };
    expect(row('Deployment', d, false)).toEqual({
      Name: 'web',
      Ready: '2/3',
      'Up-to-date': 3,
      Available: 2,
      Age: '2d3h',
    });
    expect(row('Deployment', d)).toMatchObject({
      Containers: 'web,sidecar',
      Images: 'nginx:1.27,envoy:v1.31',
      Selector: 'app=web,tier=fe',
    });
  });

  it('prints a new Deployment with no status as 0/1 (replicas defaulted to 1)', () => {
    const r = row('Deployment', { metadata: meta('new'), spec: { selector: { matchLabels: { app: 'x' } }, template } });
    expect([r.Ready, r['Up-to-date'], r.Available]).toEqual(['0/1', 0, 0]);
  });

  it('prints set-based selectors the way labels.Selector.String does', () => {
    const r = row('ReplicaSet', {
      metadata: meta('web-5d4f8'),
      spec: {
        replicas: 2,
        template,
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'env', operator: 'In', values: ['prod', 'dev'] },
            { key: 'canary', operator: 'DoesNotExist' },
          ],
        },
      },
      status: { replicas: 2, readyReplicas: 1 },
    });
    expect(r).toMatchObject({ Desired: 2, Current: 2, Ready: 1, Selector: 'app=web,!canary,env in (dev,prod)' });
  });

  it('prints a StatefulSet READY as ready/desired and a DaemonSet with its node selector', () => {
    expect(
      row('StatefulSet', { metadata: meta('db'), spec: { replicas: 3, template }, status: { readyReplicas: 3 } }),
    ).toEqual({
      Name: 'db',
      Ready: '3/3',
      Age: '2d3h',
      Containers: 'web,sidecar',
      Images: 'nginx:1.27,envoy:v1.31',
    });
    const ds = row(
      'DaemonSet',
      {
        metadata: meta('agent'),
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: { ...template, spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } },
        },
        status: {
          desiredNumberScheduled: 3,
          currentNumberScheduled: 3,
          numberReady: 2,
          updatedNumberScheduled: 3,
          numberAvailable: 2,
        },
      },
      false,
    );
    expect(ds).toEqual({
      Name: 'agent',
      Desired: 3,
      Current: 3,
      Ready: 2,
      'Up-to-date': 3,
      Available: 2,
      'Node Selector': 'kubernetes.io/os=linux',
      Age: '2d3h',
    });
  });

  it('prints a ControllerRevision with its controller as kind.group/name', () => {
    const r = row('ControllerRevision', {
      metadata: meta('db-7f9c', {
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u', controller: true }],
      }),
      revision: 2,
    });
    expect(r).toEqual({ Name: 'db-7f9c', Controller: 'statefulset.apps/db', Revision: 2, Age: '2d3h' });
  });
});

describe('batch and autoscaling', () => {
  const jobSpec = { template, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } } };

  it('prints a running, a complete, a failed and a suspended Job', () => {
    const running = row(
      'Job',
      {
        metadata: meta('migrate'),
        spec: { ...jobSpec, completions: 1, parallelism: 1 },
        status: { active: 1, startTime: '2025-03-01T11:58:30Z' },
      },
      false,
    );
    expect(running).toEqual({ Name: 'migrate', Status: 'Running', Completions: '0/1', Duration: '90s', Age: '2d3h' });
    const complete = row('Job', {
      metadata: meta('done'),
      spec: { ...jobSpec, completions: 3 },
      status: {
        succeeded: 3,
        startTime: '2025-03-01T10:00:00Z',
        completionTime: '2025-03-01T10:03:12Z',
        conditions: [
          { type: 'SuccessCriteriaMet', status: 'True' },
          { type: 'Complete', status: 'True' },
        ],
      },
    });
    expect([complete.Status, complete.Completions, complete.Duration, complete.Selector]).toEqual([
      'Complete',
      '3/3',
      '3m12s',
      'batch.kubernetes.io/controller-uid=abc',
    ]);
    const failed = row('Job', {
      metadata: meta('bad'),
      spec: { ...jobSpec, parallelism: 2 },
      status: {
        failed: 6,
        startTime: CREATED,
        conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }],
      },
    });
    expect([failed.Status, failed.Completions]).toEqual(['Failed', '0/1 of 2']);
    const suspended = row('Job', {
      metadata: meta('held'),
      spec: { ...jobSpec, completions: 1, suspend: true },
      status: { conditions: [{ type: 'Suspended', status: 'True' }] },
    });
    expect([suspended.Status, suspended.Duration]).toEqual(['Suspended', '']);
  });

  it('prints a CronJob with schedule, timezone, suspend and last schedule', () => {
    const cj = {
      metadata: meta('nightly'),
      spec: { schedule: '0 3 * * *', suspend: false, jobTemplate: { spec: { template } } },
      status: { active: [{ name: 'nightly-1' }], lastScheduleTime: '2025-03-01T03:00:00Z' },
    };
    expect(row('CronJob', cj, false)).toEqual({
      Name: 'nightly',
      Schedule: '0 3 * * *',
      Timezone: '<none>',
      Suspend: 'False',
      Active: 1,
      'Last Schedule': '9h',
      Age: '2d3h',
    });
    const never = row('CronJob', {
      metadata: meta('x'),
      spec: { schedule: '@hourly', timeZone: 'Etc/UTC', suspend: true, jobTemplate: { spec: { template } } },
    });
    expect([never.Timezone, never.Suspend, never.Active, never['Last Schedule'], never.Selector]).toEqual([
      'Etc/UTC',
      'True',
      0,
      '<none>',
      '<none>',
    ]);
  });

  it('prints HPA targets like "cpu: 40%/80%"', () => {
    const hpa = {
      metadata: meta('web'),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
          { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
        ],
      },
      status: {
        currentReplicas: 3,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40, averageValue: '120m' } } },
        ],
      },
    };
    expect(row('HorizontalPodAutoscaler', hpa)).toEqual({
      Name: 'web',
      Reference: 'Deployment/web',
      Targets: 'cpu: 40%/80%, memory: <unknown>/500Mi + 1 more...',
      MinPods: '2',
      MaxPods: 10,
      Replicas: 3,
      Age: '2d3h',
    });
    const fresh = row('HorizontalPodAutoscaler', {
      metadata: meta('api'),
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'api' }, maxReplicas: 5 },
    });
    expect([fresh.Targets, fresh.MinPods, fresh.Replicas]).toEqual(['cpu: <unknown>/80%', '1', 0]);
  });

  it('prints a PodDisruptionBudget with N/A for the unset bound', () => {
    const r = row('PodDisruptionBudget', {
      metadata: meta('web'),
      spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } },
      status: { disruptionsAllowed: 1 },
    });
    expect(r).toEqual({
      Name: 'web',
      'Min Available': '50%',
      'Max Unavailable': 'N/A',
      'Allowed Disruptions': 1,
      Age: '2d3h',
    });
  });
});
