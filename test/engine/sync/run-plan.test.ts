/**
 * runPlan against the in-memory fake cluster: transient API errors retried, field-manager conflicts
 * reported or taken back, failures skipping dependents, and a Degraded object failing its node.
 */
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/adapters/clock.js';
import type { KubeObject } from '../../../src/adapters/kube/kube-client.js';
import { KubeError, type KubeErrorInit } from '../../../src/adapters/kube/kube-error.js';
import { planSync } from '../../../src/core/plan/plan-sync.js';
import type { Resource } from '../../../src/core/snapshot.js';
import { TRACKING_ANNOTATION, withTracking } from '../../../src/engine/sync/tracking.js';
import type { DeclaredObject, ExtraneousObject } from '../../../src/engine/sync/inspect-app.js';
import { runPlan, type RunPlanResult } from '../../../src/engine/sync/run-plan.js';
import { cm, deploy, ingress, res } from '../../core/plan/resources.js';
import { FakeCluster, FakeLiveState } from './fake-cluster.js';

const APP = 'shop';
const TINY = { limit: 3, backoff: { durationMs: 1, factor: 1, maxDurationMs: 1 } };

function setup(): { live: FakeLiveState; cluster: FakeCluster } {
  const live = new FakeLiveState();
  const cluster = new FakeCluster(live);
  // The Deployment controller: every written Deployment rolls out at once.
  cluster.controller = (obj) => (obj.kind === 'Deployment' ? rolledOut(obj) : obj);
  return { live, cluster };
}

function generationOf(obj: KubeObject): number {
  const meta = obj.metadata as { generation?: number };
  return meta.generation ?? 0;
}

function rolledOut(obj: KubeObject): KubeObject {
  const g = generationOf(obj);
  return { ...obj, status: { observedGeneration: g, replicas: 1, updatedReplicas: 1, availableReplicas: 1 } };
}

function deadlineExceeded(obj: KubeObject): KubeObject {
  const g = generationOf(obj);
  const condition = {
    type: 'Progressing',
    status: 'False',
    reason: 'ProgressDeadlineExceeded',
    message: 'ReplicaSet "web-1" has timed out progressing.',
  };
  return { ...obj, status: { observedGeneration: g, replicas: 1, updatedReplicas: 1, conditions: [condition] } };
}

async function sync(
  cluster: FakeCluster,
  live: FakeLiveState,
  apply: Resource[],
  opts: { prune?: Resource[]; deadlineMs?: number } = {},
): Promise<RunPlanResult> {
  const prune = opts.prune ?? [];
  const plan = planSync({ apply, prune });
  const declared = new Map<string, DeclaredObject>();
  const extraneous = new Map<string, ExtraneousObject>();
  for (const node of plan.nodes) {
    const r = node.resource;
    const current = live.get(r.apiVersion, r.kind, r.namespace, r.name);
    if (node.action === 'prune') {
      if (!current) throw new Error(`seed ${node.id} before pruning it`);
      extraneous.set(node.id, {
        resource: r,
        live: current,
        diff: { status: 'Extraneous', patch: [], unifiedDiff: '', changes: [] },
      });
      continue;
    }
    declared.set(node.id, {
      resource: r,
      desired: withTracking(APP, r),
      hook: false,
      ...(current ? { live: current } : {}),
    });
  }
  return runPlan({
    plan,
    declared,
    extraneous,
    ctx: {
      cluster,
      live,
      clock: systemClock,
      stamp: { revision: 'abc123', historyRevision: 2, syncedAt: '2024-01-01T00:00:00Z' },
      forceConflicts: false,
      lastHealth: new Map(),
    },
    concurrency: 4,
    deadlineMs: opts.deadlineMs ?? 10_000,
    retry: TINY,
  });
}

const kubeError = (message: string, init: KubeErrorInit): KubeError => new KubeError(message, init);
const throttled = (): KubeError =>
  kubeError('apply Deployment shop/web: 429 Too Many Requests', { code: 'throttled', status: 429 });
const serverError = (): KubeError =>
  kubeError('apply Deployment shop/web: 500 Internal Server Error', { code: 'server', status: 500 });
const helmConflict = (): KubeError =>
  kubeError('apply Deployment shop/web: 409 Conflict: Apply failed with 1 conflict', {
    code: 'conflict',
    status: 409,
    reason: 'Conflict',
    causes: [
      { reason: 'FieldManagerConflict', message: 'conflict with "helm" using apps/v1', field: '.spec.replicas' },
    ],
  });

const byName = (r: RunPlanResult, kind: string, name: string) =>
  r.outcomes.find((o) => o.kind === kind && o.name === name);

describe('runPlan', () => {
  it('retries a throttled apply and reports the object Applied and Healthy', async () => {
    const { live, cluster } = setup();
    cluster.failNext('apply', 'Deployment/shop/web', throttled(), throttled());
    const r = await sync(cluster, live, [deploy('web')]);
    expect(r.succeeded).toBe(true);
    expect(byName(r, 'Deployment', 'web')).toMatchObject({ result: 'Applied', health: 'Healthy' });
    expect(cluster.callsOf('apply', 'Deployment/shop/web')).toHaveLength(3);
    const annotations = (live.get('apps/v1', 'Deployment', 'shop', 'web')?.metadata as { annotations: object })
      .annotations;
    expect(annotations).toMatchObject({
      [TRACKING_ANNOTATION]: 'shop:apps/Deployment:shop/web',
      'sextant.dev/revision': 'abc123',
      'sextant.dev/history-revision': '2',
    });
  });

  it('retries a server error likewise', async () => {
    const { live, cluster } = setup();
    cluster.failNext('apply', 'Deployment/shop/web', serverError());
    const r = await sync(cluster, live, [deploy('web')]);
    expect(byName(r, 'Deployment', 'web')?.result).toBe('Applied');
    expect(cluster.callsOf('apply', 'Deployment/shop/web')).toHaveLength(2);
  });

  it('gives up after the retry limit with the last error', async () => {
    const { live, cluster } = setup();
    cluster.failNext('apply', 'Deployment/shop/web', throttled(), throttled(), throttled(), throttled());
    const r = await sync(cluster, live, [deploy('web')]);
    expect(r.succeeded).toBe(false);
    expect(byName(r, 'Deployment', 'web')).toMatchObject({ result: 'Failed' });
    expect(r.failure).toBe('Deployment/shop/web: apply Deployment shop/web: 429 Too Many Requests');
    expect(cluster.callsOf('apply', 'Deployment/shop/web')).toHaveLength(4);
  });

  it('reports a conflict with another manager on an object Sextant does not manage yet, without retrying', async () => {
    const { live, cluster } = setup();
    cluster.seed(rolledOut(deploy('web').object)); // helm's, no tracking id
    cluster.failNext('apply', 'Deployment/shop/web', helmConflict());
    const r = await sync(cluster, live, [deploy('web')]);
    expect(r.succeeded).toBe(false);
    const web = byName(r, 'Deployment', 'web');
    expect(web?.result).toBe('Failed');
    expect(web?.message).toContain('fields .spec.replicas are owned by helm');
    expect(web?.message).toContain('forceConflicts: true');
    expect(web?.message).toContain('sextant.dev/force-conflicts: "true"');
    expect(cluster.callsOf('apply', 'Deployment/shop/web')).toEqual([
      { op: 'apply', object: 'Deployment/shop/web', force: false },
    ]);
  });

  it('takes back fields from another manager on an object Sextant manages (drift reverted)', async () => {
    const { live, cluster } = setup();
    cluster.seed(rolledOut(withTracking(APP, deploy('web'))));
    cluster.failNext('apply', 'Deployment/shop/web', helmConflict());
    const r = await sync(cluster, live, [deploy('web')]);
    expect(r.succeeded).toBe(true);
    expect(byName(r, 'Deployment', 'web')).toMatchObject({
      result: 'Applied',
      message: 'took back .spec.replicas from helm (drift reverted)',
    });
    expect(cluster.callsOf('apply', 'Deployment/shop/web').map((c) => c.force)).toEqual([false, true]);
  });

  it('does not take back fields when the tracking id is another app’s', async () => {
    const { live, cluster } = setup();
    const other = withTracking('blog', deploy('web'));
    expect((other.metadata as { annotations: Record<string, string> }).annotations[TRACKING_ANNOTATION]).toBe(
      'blog:apps/Deployment:shop/web',
    );
    cluster.seed(rolledOut(other));
    cluster.failNext('apply', 'Deployment/shop/web', helmConflict());
    const r = await sync(cluster, live, [deploy('web')]);
    expect(byName(r, 'Deployment', 'web')?.result).toBe('Failed');
    expect(cluster.callsOf('apply', 'Deployment/shop/web')).toHaveLength(1);
  });

  it('skips what depends on a failed object and goes on with the rest', async () => {
    const { live, cluster } = setup();
    const invalid = kubeError('apply ConfigMap shop/web: 422 Unprocessable Entity: data: Invalid value', {
      code: 'invalid',
      status: 422,
    });
    cluster.failNext('apply', 'ConfigMap/shop/web', invalid);
    const r = await sync(cluster, live, [cm('web'), deploy('web'), res('v1', 'ConfigMap', 'blog', 'blog')]);
    expect(r.succeeded).toBe(false);
    expect(byName(r, 'ConfigMap', 'web')).toMatchObject({ result: 'Failed' });
    expect(byName(r, 'Deployment', 'web')).toMatchObject({ result: 'Skipped' });
    expect(byName(r, 'ConfigMap', 'blog')).toMatchObject({ result: 'Applied', health: 'Healthy' });
    expect(cluster.callsOf('apply', 'Deployment/shop/web')).toHaveLength(0);
    expect(cluster.callsOf('apply', 'ConfigMap/shop/web')).toHaveLength(1);
    expect(r.failure).toBe(
      'ConfigMap/shop/web: apply ConfigMap shop/web: 422 Unprocessable Entity: data: Invalid value',
    );
  });

  it('fails a Degraded object with its health message and skips what waits for it', async () => {
    const { live, cluster } = setup();
    cluster.controller = (obj) => (obj.kind === 'Deployment' ? deadlineExceeded(obj) : obj);
    const r = await sync(cluster, live, [deploy('web'), ingress('web')]);
    expect(r.succeeded).toBe(false);
    const web = byName(r, 'Deployment', 'web');
    expect(web).toMatchObject({ result: 'Failed', health: 'Degraded' });
    expect(web?.message).toBe(
      'Deployment/shop/web is Degraded: deployment "web" exceeded its progress deadline: ' +
        'ReplicaSet "web-1" has timed out progressing.',
    );
    expect(byName(r, 'Ingress', 'web')?.result).toBe('Skipped');
    // A health failure is final: applied once, not retried.
    expect(cluster.callsOf('apply', 'Deployment/shop/web')).toHaveLength(1);
  });

  it('leaves an object already in sync unwritten, waiting for its health only', async () => {
    const { live, cluster } = setup();
    cluster.seed(withTracking(APP, cm('web')));
    const plan = planSync({ apply: [cm('web')], prune: [] });
    const node = plan.nodes[0];
    if (!node) throw new Error('no node');
    const current = live.get('v1', 'ConfigMap', 'shop', 'web');
    const declared = new Map<string, DeclaredObject>([
      [
        node.id,
        {
          resource: node.resource,
          desired: withTracking(APP, node.resource),
          hook: false,
          ...(current ? { live: current } : {}),
          diff: { status: 'Synced', patch: [], unifiedDiff: '', changes: [] },
        },
      ],
    ]);
    const r = await runPlan({
      plan,
      declared,
      extraneous: new Map(),
      ctx: {
        cluster,
        live,
        clock: systemClock,
        stamp: { revision: 'abc', historyRevision: 1, syncedAt: '2024-01-01T00:00:00Z' },
        forceConflicts: false,
        lastHealth: new Map(),
      },
      concurrency: 1,
      deadlineMs: 10_000,
    });
    expect(r.outcomes.map((o) => o.result)).toEqual(['Unchanged']);
    expect(cluster.calls).toEqual([]);
  });

  it('prunes after applying, and reports the object Pruned', async () => {
    const { live, cluster } = setup();
    cluster.seed(withTracking(APP, cm('old')));
    const r = await sync(cluster, live, [cm('web')], { prune: [cm('old')] });
    expect(r.succeeded).toBe(true);
    expect(r.outcomes.map((o) => [o.name, o.action, o.result])).toEqual([
      ['web', 'apply', 'Applied'],
      ['old', 'prune', 'Pruned'],
    ]);
    expect(live.get('v1', 'ConfigMap', 'shop', 'old')).toBeUndefined();
    expect(cluster.calls.map((c) => `${c.op} ${c.object}`)).toEqual([
      'apply ConfigMap/shop/web',
      'delete ConfigMap/shop/old',
    ]);
  });

  it('stops at the deadline, saying what a running object was waiting for', async () => {
    const { live, cluster } = setup();
    cluster.controller = (obj) => obj; // no controller: the Deployment never rolls out
    const r = await sync(cluster, live, [deploy('web'), ingress('web')], { deadlineMs: 50 });
    expect(r.succeeded).toBe(false);
    expect(r.deadlineExceeded).toBe(true);
    const web = byName(r, 'Deployment', 'web');
    expect(web?.result).toBe('Cancelled');
    expect(web?.message).toMatch(/^stopped while Progressing: /);
    expect(byName(r, 'Ingress', 'web')?.result).toBe('Skipped');
  });
});
