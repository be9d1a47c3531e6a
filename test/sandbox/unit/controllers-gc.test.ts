import { afterEach, describe, expect, it } from 'vitest';
import { metaOf, nameOf, type Obj } from '../../../src/sandbox/model.js';
import { cond, deployment, harness, podTemplate, status, type Harness } from './fake-cluster.js';

let h: Harness;
afterEach(() => h.stop());

function replicaSet(name: string, replicas: number): Obj {
  return {
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: podTemplate(name, 'nginx') },
  };
}

describe('garbage collector', () => {
  it('deletes the pods of a deleted ReplicaSet (background)', () => {
    h = harness();
    h.create('ReplicaSet', replicaSet('web', 3));
    h.sched.advance(1000);
    expect(h.list('Pod')).toHaveLength(3);
    h.cluster.delete(h.type('ReplicaSet'), 'default', 'web');
    h.sched.advance(10);
    expect(h.list('Pod')).toHaveLength(0);
  });

  it('cascades a Deployment deletion through its ReplicaSets to the pods', () => {
    h = harness();
    h.create('Deployment', deployment('web', 2, 'nginx'));
    h.sched.advance(1000);
    h.cluster.delete(h.type('Deployment'), 'default', 'web');
    h.sched.advance(10);
    expect(h.list('ReplicaSet')).toHaveLength(0);
    expect(h.list('Pod')).toHaveLength(0);
  });

  it('keeps a foreground-deleted owner until its blocking dependents are gone', () => {
    h = harness();
    h.create('Deployment', deployment('web', 2, 'nginx'));
    h.sched.advance(1000);
    const pod = h.list('Pod')[0]!;
    // A finalizer on one pod holds the whole chain: pod -> ReplicaSet -> Deployment.
    h.cluster.update(
      h.type('Pod'),
      { ...pod, metadata: { ...metaOf(pod), finalizers: ['example.com/hold'] } },
      { manager: 'test' },
    );
    h.cluster.delete(h.type('Deployment'), 'default', 'web', { propagationPolicy: 'Foreground' });
    h.sched.advance(100);
    const d = h.get('Deployment', 'web')!;
    expect(metaOf(d).deletionTimestamp).toBeDefined();
    expect(metaOf(d).finalizers).toEqual(['foregroundDeletion']);
    expect(h.list('ReplicaSet')).toHaveLength(1);
    expect(h.list('Pod').map(nameOf)).toEqual([nameOf(pod)]);
    const held = h.get('Pod', nameOf(pod))!;
    h.cluster.update(h.type('Pod'), { ...held, metadata: { ...metaOf(held), finalizers: [] } }, { manager: 'test' });
    h.sched.advance(100);
    expect(h.get('Deployment', 'web')).toBeUndefined();
    expect(h.list('ReplicaSet')).toHaveLength(0);
    expect(h.list('Pod')).toHaveLength(0);
  });

  it('orphans dependents: removes the owner reference, then lets the owner go', () => {
    h = harness();
    h.create('ReplicaSet', replicaSet('web', 2));
    h.sched.advance(1000);
    h.cluster.delete(h.type('ReplicaSet'), 'default', 'web', { propagationPolicy: 'Orphan' });
    h.sched.advance(100);
    expect(h.get('ReplicaSet', 'web')).toBeUndefined();
    const pods = h.list('Pod');
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => metaOf(p).ownerReferences === undefined)).toBe(true);
  });

  it('deletes an object created with a reference to an owner that does not exist', () => {
    h = harness();
    h.create('ConfigMap', {
      metadata: {
        name: 'stray',
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: 'nope' }],
      },
      data: { a: '1' },
    });
    h.sched.advance(10);
    expect(h.get('ConfigMap', 'stray')).toBeUndefined();
  });

  it('drops only the dangling reference when another owner still exists', () => {
    h = harness();
    const owner = h.create('ConfigMap', { metadata: { name: 'owner', namespace: 'default' } });
    h.create('ConfigMap', {
      metadata: {
        name: 'shared',
        namespace: 'default',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: metaOf(owner).uid },
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: 'nope' },
        ],
      },
    });
    h.sched.advance(10);
    expect(metaOf(h.get('ConfigMap', 'shared')!).ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: metaOf(owner).uid },
    ]);
  });
});

describe('namespace controller', () => {
  it('empties a terminating namespace, then removes it', () => {
    h = harness();
    h.create('Namespace', { metadata: { name: 'team' } });
    h.create('Deployment', { ...deployment('web', 2, 'nginx'), metadata: { name: 'web', namespace: 'team' } });
    h.create('ConfigMap', { metadata: { name: 'cfg', namespace: 'team' } });
    h.create('Secret', { metadata: { name: 'held', namespace: 'team', finalizers: ['example.com/hold'] } });
    h.sched.advance(1000);
    expect(h.list('Pod', 'team')).toHaveLength(2);
    h.cluster.delete(h.type('Namespace'), '', 'team');
    h.sched.advance(100);
    const ns = h.get('Namespace', 'team', '')!;
    expect(status(ns).phase).toBe('Terminating');
    expect(h.list('Deployment', 'team')).toHaveLength(0);
    expect(h.list('Pod', 'team')).toHaveLength(0);
    expect(h.list('ConfigMap', 'team')).toHaveLength(0);
    expect(cond(ns, 'NamespaceContentRemaining')).toMatchObject({
      status: 'True',
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: secrets. has 1 resource instances',
    });
    expect(cond(ns, 'NamespaceFinalizersRemaining')).toMatchObject({
      status: 'True',
      message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    });
    expect(() => h.create('ConfigMap', { metadata: { name: 'late', namespace: 'team' } })).toThrow(/being terminated/);
    const s = h.get('Secret', 'held', 'team')!;
    h.cluster.update(h.type('Secret'), { ...s, metadata: { ...metaOf(s), finalizers: [] } }, { manager: 'test' });
    h.sched.advance(100);
    expect(h.get('Namespace', 'team', '')).toBeUndefined();
  });
});
