import { afterEach, describe, expect, it } from 'vitest';
import { labelsOf, metaOf, nameOf, type Obj } from '../../../src/sandbox/model.js';
import { fenceposts, newRSNewReplicas, planOldScaleDown } from '../../../src/sandbox/controllers/deployment-rollout.js';
import { cond, deployment, harness, status, type Harness } from './fake-cluster.js';

let h: Harness;

/** What `kubectl rollout status deployment/x` decides from the object (polymorphichelpers/rollout_status.go). */
export function rolloutStatusOf(d: Obj): { done: boolean; message: string } {
  const s = status(d);
  const gen = Number((d.metadata as Obj).generation ?? 0);
  const name = String((d.metadata as Obj).name);
  const n = (k: string): number => (typeof s[k] === 'number' ? s[k] : 0);
  const want = Number((d.spec as Obj).replicas ?? 1);
  if (gen > n('observedGeneration'))
    return { done: false, message: 'Waiting for deployment spec update to be observed...' };
  if (cond(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded')
    return { done: false, message: `deployment "${name}" exceeded its progress deadline` };
  if (n('updatedReplicas') < want)
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${n('updatedReplicas')} out of ${want} new replicas have been updated...`,
    };
  if (n('replicas') > n('updatedReplicas'))
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${n('replicas') - n('updatedReplicas')} old replicas are pending termination...`,
    };
  if (n('availableReplicas') < n('updatedReplicas'))
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${n('availableReplicas')} of ${n('updatedReplicas')} updated replicas are available...`,
    };
  return { done: true, message: `deployment "${name}" successfully rolled out` };
}

afterEach(() => h.stop());

function image(d: Obj): string {
  const spec = d.spec as Obj;
  const tpl = spec.template as Obj;
  return String(((tpl.spec as Obj).containers as Obj[])[0]?.image);
}

function setImage(name: string, img: string): void {
  const d = h.get('Deployment', name);
  if (!d) throw new Error('no deployment');
  const tpl = (d.spec as Obj).template as Obj;
  ((tpl.spec as Obj).containers as Obj[])[0]!.image = img;
  h.cluster.update(h.type('Deployment'), d, { manager: 'kubectl' });
}

function pods(): Obj[] {
  return h.list('Pod', 'default');
}

describe('deployment controller', () => {
  it('makes a new deployment Available with 3 ready pods, as kubectl rollout status sees it', () => {
    h = harness();
    h.create('Deployment', deployment('web', 3, 'nginx:1.27'));
    h.sched.advance(1000);
    const d = h.get('Deployment', 'web')!;
    expect(status(d)).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(status(d).unavailableReplicas).toBeUndefined();
    expect(cond(d, 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
    const rsList = h.list('ReplicaSet');
    expect(rsList).toHaveLength(1);
    const rs = rsList[0]!;
    expect(cond(d, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${nameOf(rs)}" has successfully progressed.`,
    });
    expect(rolloutStatusOf(d)).toEqual({ done: true, message: 'deployment "web" successfully rolled out' });
    expect(metaOf(d).annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '1' });
    expect(metaOf(d).generation).toBe(1); // the revision annotation goes in with a status write

    const hash = labelsOf(rs)['pod-template-hash']!;
    expect(nameOf(rs)).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(metaOf(rs).ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: metaOf(d).uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(metaOf(rs).annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect((rs.spec as Obj).selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(status(rs)).toMatchObject({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });

    const ps = pods();
    expect(ps).toHaveLength(3);
    for (const p of ps) {
      expect(nameOf(p)).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(labelsOf(p)).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(status(p).phase).toBe('Running');
      expect(cond(p, 'Ready')?.status).toBe('True');
    }
    expect(h.errors).toEqual([]);
  });

  it('reports progress while pods start, then completes', () => {
    h = harness();
    h.create('Deployment', deployment('web', 2, 'nginx'));
    h.sched.advance(50);
    const d = h.get('Deployment', 'web')!;
    expect(cond(d, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    expect(cond(d, 'Progressing')?.status).toBe('True');
    expect(['NewReplicaSetCreated', 'ReplicaSetUpdated']).toContain(cond(d, 'Progressing')?.reason);
    expect(rolloutStatusOf(d).message).toBe(
      'Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...',
    );
    expect(status(d).unavailableReplicas).toBe(2);
    const conds = (status(d).conditions as Obj[]).map((c) => c.type);
    expect(conds).toEqual(['Available', 'Progressing']);
    h.sched.advance(1000);
    expect(rolloutStatusOf(h.get('Deployment', 'web')!).done).toBe(true);
  });

  it('rolls out a new template without dropping below the desired available pods', () => {
    h = harness();
    h.create('Deployment', deployment('web', 3, 'nginx:1.26'));
    h.sched.advance(1000);
    setImage('web', 'nginx:1.27');
    let maxPods = 0;
    for (let i = 0; i < 100; i++) {
      h.sched.advance(20);
      const live = pods();
      maxPods = Math.max(maxPods, live.length);
      const available = live.filter((p) => cond(p, 'Ready')?.status === 'True').length;
      expect(available).toBeGreaterThanOrEqual(3); // maxUnavailable 25% of 3 rounds down to 0
    }
    expect(maxPods).toBe(4); // maxSurge 25% of 3 rounds up to 1
    const d = h.get('Deployment', 'web')!;
    expect(rolloutStatusOf(d).done).toBe(true);
    expect(metaOf(d).annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '2' });
    const rsList = h.list('ReplicaSet');
    expect(rsList).toHaveLength(2);
    const [oldRS, newRS] = [...rsList].sort(
      (a, b) =>
        Number((metaOf(a).annotations as Obj)['deployment.kubernetes.io/revision']) -
        Number((metaOf(b).annotations as Obj)['deployment.kubernetes.io/revision']),
    );
    expect((oldRS!.spec as Obj).replicas).toBe(0);
    expect((newRS!.spec as Obj).replicas).toBe(3);
    expect(pods().every((p) => labelsOf(p)['pod-template-hash'] === labelsOf(newRS!)['pod-template-hash'])).toBe(true);
    expect(pods().every((p) => image({ spec: { template: p } }) === 'nginx:1.27')).toBe(true);
    const events = h
      .list('Event', 'default')
      .filter((e) => e.reason === 'ScalingReplicaSet')
      .map((e) => e.message);
    expect(events).toContain(`Scaled up replica set ${nameOf(newRS!)} from 0 to 1`);
    expect(events).toContain(`Scaled down replica set ${nameOf(oldRS!)} from 1 to 0`);
  });

  it('never becomes Available with an image that cannot be pulled, and exceeds its progress deadline', () => {
    h = harness();
    h.create('Deployment', deployment('web', 2, 'web:fail', { progressDeadlineSeconds: 5 }));
    h.sched.advance(2000);
    let d = h.get('Deployment', 'web')!;
    expect(cond(d, 'Available')?.status).toBe('False');
    expect(cond(d, 'Progressing')?.status).toBe('True');
    const p = pods()[0]!;
    const cs = ((p.status as Obj).containerStatuses as Obj[])[0]!;
    expect((cs.state as Obj).waiting).toMatchObject({ reason: 'ImagePullBackOff' });
    expect(status(p).phase).toBe('Pending');
    h.sched.advance(5000);
    d = h.get('Deployment', 'web')!;
    const rs = h.list('ReplicaSet')[0]!;
    expect(cond(d, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${nameOf(rs)}" has timed out progressing.`,
    });
    expect(rolloutStatusOf(d)).toEqual({ done: false, message: 'deployment "web" exceeded its progress deadline' });
    const reasons = h.list('Event').map((e) => `${String(e.type)} ${String(e.reason)}`);
    expect(reasons).toEqual(expect.arrayContaining(['Warning Failed', 'Normal BackOff']));
  });

  it('scales up and down through spec.replicas', () => {
    h = harness();
    h.create('Deployment', deployment('web', 1, 'nginx'));
    h.sched.advance(1000);
    let d = h.get('Deployment', 'web')!;
    (d.spec as Obj).replicas = 4;
    h.cluster.update(h.type('Deployment'), d, { manager: 'kubectl' });
    h.sched.advance(1000);
    expect(pods()).toHaveLength(4);
    d = h.get('Deployment', 'web')!;
    expect(status(d)).toMatchObject({ replicas: 4, availableReplicas: 4, observedGeneration: 2 });
    (d.spec as Obj).replicas = 2;
    h.cluster.update(h.type('Deployment'), d, { manager: 'kubectl' });
    h.sched.advance(1000);
    expect(pods()).toHaveLength(2);
    expect(status(h.get('Deployment', 'web'))).toMatchObject({
      replicas: 2,
      availableReplicas: 2,
      observedGeneration: 3,
    });
    expect(h.list('Event').map((e) => e.message)).toContain(
      `Scaled down replica set ${nameOf(h.list('ReplicaSet')[0]!)} from 4 to 2`,
    );
  });

  it('holds a paused deployment on its old template but still scales it', () => {
    h = harness();
    h.create('Deployment', deployment('web', 2, 'nginx:1', { paused: true }));
    h.sched.advance(500);
    expect(h.list('ReplicaSet')).toHaveLength(0);
    expect(cond(h.get('Deployment', 'web'), 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
    });
    const d = h.get('Deployment', 'web')!;
    (d.spec as Obj).paused = false;
    h.cluster.update(h.type('Deployment'), d, { manager: 'kubectl' });
    h.sched.advance(1000);
    expect(rolloutStatusOf(h.get('Deployment', 'web')!).done).toBe(true);
    const d2 = h.get('Deployment', 'web')!;
    (d2.spec as Obj).paused = true;
    (d2.spec as Obj).replicas = 3;
    ((((d2.spec as Obj).template as Obj).spec as Obj).containers as Obj[])[0]!.image = 'nginx:2';
    h.cluster.update(h.type('Deployment'), d2, { manager: 'kubectl' });
    h.sched.advance(1000);
    expect(h.list('ReplicaSet')).toHaveLength(1);
    expect(pods()).toHaveLength(3);
  });

  it('replaces every pod at once with the Recreate strategy', () => {
    h = harness();
    h.create('Deployment', deployment('web', 2, 'nginx:1', { strategy: { type: 'Recreate' } }));
    h.sched.advance(1000);
    setImage('web', 'nginx:2');
    for (let i = 0; i < 50; i++) {
      h.sched.advance(10);
      // Old and new pods never run side by side.
      expect(new Set(pods().map((p) => labelsOf(p)['pod-template-hash'])).size).toBeLessThanOrEqual(1);
    }
    h.sched.advance(1000);
    const d = h.get('Deployment', 'web')!;
    expect(rolloutStatusOf(d).done).toBe(true);
    expect(h.list('ReplicaSet')).toHaveLength(2);
    expect(pods()).toHaveLength(2);
  });
});

describe('rollout arithmetic', () => {
  const d = (replicas: number, maxSurge: unknown, maxUnavailable: unknown): Obj => ({
    metadata: { name: 'd' },
    spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } },
  });
  const rs = (name: string, replicas: number, available: number, created: string): Obj => ({
    metadata: { name, creationTimestamp: created },
    spec: { replicas },
    status: { replicas, availableReplicas: available },
  });

  it('resolves surge up and unavailable down, never both zero', () => {
    expect(fenceposts(d(10, '25%', '25%'))).toEqual({ surge: 3, unavailable: 2 });
    expect(fenceposts(d(1, '25%', '25%'))).toEqual({ surge: 1, unavailable: 0 });
    expect(fenceposts(d(3, 0, 0))).toEqual({ surge: 0, unavailable: 1 });
  });

  it('grows the new ReplicaSet only up to replicas + maxSurge', () => {
    const old = rs('old', 10, 10, '2025-01-01T00:00:00Z');
    const fresh = rs('new', 0, 0, '2025-01-01T00:01:00Z');
    expect(newRSNewReplicas(d(10, '25%', '25%'), [old, fresh], fresh)).toBe(3);
  });

  it('scales old ReplicaSets down no further than minimum availability allows', () => {
    const old = rs('old', 10, 10, '2025-01-01T00:00:00Z');
    const fresh = rs('new', 3, 0, '2025-01-01T00:01:00Z');
    // 13 pods, at least 8 must stay available, 3 new ones are not yet: 2 old ones may go.
    expect(planOldScaleDown(d(10, '25%', '25%'), [old, fresh], [old], fresh)).toEqual(new Map([['old', 8]]));
  });
});
