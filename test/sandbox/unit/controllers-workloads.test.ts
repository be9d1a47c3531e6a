import { afterEach, describe, expect, it } from 'vitest';
import { labelsOf, metaOf, nameOf, type Obj } from '../../../src/sandbox/model.js';
import { cond, harness, podTemplate, status, type Harness } from './fake-cluster.js';

let h: Harness;
afterEach(() => h.stop());

function statefulSet(name: string, replicas: number, image: string, spec: Obj = {}): Obj {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: podTemplate(name, image),
      ...spec,
    },
  };
}

function podNames(): string[] {
  return h.list('Pod', 'default').map(nameOf).sort();
}

function setImage(kind: string, name: string, image: string): void {
  const o = h.get(kind, name)!;
  ((((o.spec as Obj).template as Obj).spec as Obj).containers as Obj[])[0]!.image = image;
  h.cluster.update(h.type(kind), o, { manager: 'kubectl' });
}

/** kubectl rollout status for a StatefulSet (polymorphichelpers StatefulSetStatusViewer). */
function stsRolledOut(o: Obj): boolean {
  const s = status(o);
  const want = Number((o.spec as Obj).replicas ?? 1);
  return (
    Number(s.observedGeneration ?? 0) >= Number(metaOf(o).generation) &&
    Number(s.readyReplicas ?? 0) >= want &&
    s.updateRevision === s.currentRevision
  );
}

describe('statefulset controller', () => {
  it('creates pods in order, each after the previous one is ready, with their claims', () => {
    h = harness({ readyDelayMs: 100 });
    h.create(
      'StatefulSet',
      statefulSet('db', 3, 'postgres:16', {
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      }),
    );
    h.sched.advance(10);
    expect(podNames()).toEqual(['db-0']);
    h.sched.advance(100);
    expect(podNames()).toEqual(['db-0', 'db-1']);
    h.sched.advance(500);
    expect(podNames()).toEqual(['db-0', 'db-1', 'db-2']);
    const p = h.get('Pod', 'db-1')!;
    const s = h.get('StatefulSet', 'db')!;
    expect(labelsOf(p)).toMatchObject({
      app: 'db',
      'controller-revision-hash': status(s).updateRevision,
      'statefulset.kubernetes.io/pod-name': 'db-1',
      'apps.kubernetes.io/pod-index': '1',
    });
    expect(p.spec).toMatchObject({ hostname: 'db-1', subdomain: 'db' });
    expect((p.spec as Obj).volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } }]);
    expect(h.list('PersistentVolumeClaim').map(nameOf).sort()).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    expect(status(h.get('PersistentVolumeClaim', 'data-db-0')).phase).toBe('Bound');
    expect(status(s)).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      collisionCount: 0,
      observedGeneration: 1,
    });
    expect(status(s).currentRevision).toBe(status(s).updateRevision);
    expect(String(status(s).updateRevision)).toMatch(/^db-[bcdfghjklmnpqrstvwxz2456789]+$/);
    const rev = h.get('ControllerRevision', String(status(s).updateRevision))!;
    expect(rev).toMatchObject({ revision: 1 });
    expect(h.list('Event').map((e) => e.message)).toEqual(
      expect.arrayContaining([
        'create Pod db-0 in StatefulSet db successful',
        'create Claim data-db-0 Pod db-0 in StatefulSet db success',
      ]),
    );
  });

  it('rolls an update from the highest ordinal down and then reports the new revision current', () => {
    h = harness({ readyDelayMs: 50 });
    h.create('StatefulSet', statefulSet('db', 3, 'postgres:15'));
    h.sched.advance(1000);
    const first = String(status(h.get('StatefulSet', 'db')).currentRevision);
    setImage('StatefulSet', 'db', 'postgres:16');
    h.sched.advance(5);
    const s = h.get('StatefulSet', 'db')!;
    expect(stsRolledOut(s)).toBe(false);
    expect(status(s).currentRevision).toBe(first);
    // db-2 is replaced first; the others wait until it is ready again.
    const rev = (n: string): unknown => labelsOf(h.get('Pod', n)!)['controller-revision-hash'];
    expect(rev('db-2')).toBe(status(s).updateRevision);
    expect([rev('db-0'), rev('db-1')]).toEqual([first, first]);
    h.sched.advance(2000);
    const done = h.get('StatefulSet', 'db')!;
    expect(stsRolledOut(done)).toBe(true);
    expect(status(done).currentRevision).not.toBe(first);
    expect(h.list('ControllerRevision')).toHaveLength(2);
    expect(h.list('Pod').every((p) => labelsOf(p)['controller-revision-hash'] === status(done).updateRevision)).toBe(
      true,
    );
  });

  it('scales down from the highest ordinal', () => {
    h = harness({ readyDelayMs: 50 });
    h.create('StatefulSet', statefulSet('db', 3, 'postgres:16'));
    h.sched.advance(1000);
    const s = h.get('StatefulSet', 'db')!;
    (s.spec as Obj).replicas = 1;
    h.cluster.update(h.type('StatefulSet'), s, { manager: 'kubectl' });
    h.sched.advance(1000);
    expect(podNames()).toEqual(['db-0']);
    expect(status(h.get('StatefulSet', 'db'))).toMatchObject({ replicas: 1, readyReplicas: 1 });
  });

  it('creates all pods at once with podManagementPolicy Parallel', () => {
    h = harness({ readyDelayMs: 100 });
    h.create('StatefulSet', statefulSet('web', 3, 'nginx', { podManagementPolicy: 'Parallel' }));
    h.sched.advance(10);
    expect(podNames()).toEqual(['web-0', 'web-1', 'web-2']);
  });
});

describe('daemonset controller', () => {
  const ds = (image: string): Obj => ({
    metadata: { name: 'agent', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: podTemplate('agent', image) },
  });

  it('runs one pod on the sandbox node and reports it', () => {
    h = harness();
    h.create('DaemonSet', ds('agent:1'));
    h.sched.advance(1000);
    const pods = h.list('Pod');
    expect(pods).toHaveLength(1);
    const p = pods[0]!;
    expect(nameOf(p)).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(labelsOf(p)).toMatchObject({ app: 'agent', 'pod-template-generation': '1' });
    expect((p.spec as Obj).nodeName).toBe('sandbox-node');
    expect(JSON.stringify((p.spec as Obj).affinity)).toContain('"values":["sandbox-node"]');
    expect(status(h.get('DaemonSet', 'agent'))).toMatchObject({
      currentNumberScheduled: 1,
      desiredNumberScheduled: 1,
      numberAvailable: 1,
      numberMisscheduled: 0,
      numberReady: 1,
      updatedNumberScheduled: 1,
      observedGeneration: 1,
    });
  });

  it('replaces the pod on a template change', () => {
    h = harness();
    h.create('DaemonSet', ds('agent:1'));
    h.sched.advance(1000);
    const before = nameOf(h.list('Pod')[0]!);
    setImage('DaemonSet', 'agent', 'agent:2');
    h.sched.advance(1000);
    const pods = h.list('Pod');
    expect(pods).toHaveLength(1);
    expect(nameOf(pods[0]!)).not.toBe(before);
    expect(labelsOf(pods[0]!)['pod-template-generation']).toBe('2');
    expect(status(h.get('DaemonSet', 'agent'))).toMatchObject({
      updatedNumberScheduled: 1,
      numberAvailable: 1,
      observedGeneration: 2,
    });
  });

  it('runs nothing where the nodeSelector does not match', () => {
    h = harness();
    const spec = ds('agent:1');
    (((spec.spec as Obj).template as Obj).spec as Obj).nodeSelector = { disk: 'ssd' };
    h.create('DaemonSet', spec);
    h.sched.advance(1000);
    expect(h.list('Pod')).toHaveLength(0);
    expect(status(h.get('DaemonSet', 'agent'))).toMatchObject({
      desiredNumberScheduled: 0,
      currentNumberScheduled: 0,
      numberReady: 0,
    });
    expect(cond(h.get('DaemonSet', 'agent'), 'x')).toBeUndefined();
  });
});
