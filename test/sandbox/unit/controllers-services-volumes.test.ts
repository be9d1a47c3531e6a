import { afterEach, describe, expect, it } from 'vitest';
import { metaOf, type Obj } from '../../../src/sandbox/model.js';
import { deployment, harness, status, type Harness } from './fake-cluster.js';

let h: Harness;
afterEach(() => h.stop());

function claim(name: string, spec: Obj = {}): Obj {
  return {
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } }, ...spec },
  };
}

describe('persistent volumes', () => {
  it('provisions a pvc-<uid> volume and binds both', () => {
    h = harness();
    const pvc = h.create('PersistentVolumeClaim', claim('data'));
    h.sched.advance(10);
    const bound = h.get('PersistentVolumeClaim', 'data')!;
    const pvName = `pvc-${String(metaOf(pvc).uid)}`;
    expect(status(bound)).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '2Gi' } });
    expect((bound.spec as Obj).volumeName).toBe(pvName);
    expect(metaOf(bound).annotations).toMatchObject({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
    });
    const pv = h.get('PersistentVolume', pvName, '')!;
    expect(pv.spec).toMatchObject({
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '2Gi' },
      claimRef: { kind: 'PersistentVolumeClaim', name: 'data', namespace: 'default', uid: metaOf(pvc).uid },
      persistentVolumeReclaimPolicy: 'Delete',
    });
    expect(status(pv).phase).toBe('Bound');
  });

  it('deletes the volume when its claim goes (reclaim policy Delete)', () => {
    h = harness();
    h.create('PersistentVolumeClaim', claim('data'));
    h.sched.advance(10);
    h.cluster.delete(h.type('PersistentVolumeClaim'), 'default', 'data');
    h.sched.advance(10);
    expect(h.list('PersistentVolume')).toHaveLength(0);
  });

  it('leaves a claim with storageClassName "" Pending when no volume matches', () => {
    h = harness();
    h.create('PersistentVolumeClaim', claim('static', { storageClassName: '' }));
    h.sched.advance(10);
    expect(status(h.get('PersistentVolumeClaim', 'static')).phase).toBe('Pending');
    expect(h.list('Event').map((e) => e.reason)).toContain('FailedBinding');
  });

  it('releases a pvc-protection finalizer only once no pod uses the claim', () => {
    h = harness();
    h.create('PersistentVolumeClaim', {
      ...claim('data'),
      metadata: { name: 'data', namespace: 'default', finalizers: ['kubernetes.io/pvc-protection'] },
    });
    h.create('Pod', {
      metadata: { name: 'user', namespace: 'default' },
      spec: {
        containers: [{ name: 'c', image: 'nginx' }],
        volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }],
      },
    });
    h.sched.advance(500);
    h.cluster.delete(h.type('PersistentVolumeClaim'), 'default', 'data');
    h.sched.advance(10);
    expect(metaOf(h.get('PersistentVolumeClaim', 'data')!).deletionTimestamp).toBeDefined();
    h.cluster.delete(h.type('Pod'), 'default', 'user');
    h.sched.advance(10);
    expect(h.get('PersistentVolumeClaim', 'data')).toBeUndefined();
  });
});

describe('services', () => {
  it('gives a LoadBalancer service an ingress IP', () => {
    h = harness();
    h.create('Service', {
      metadata: { name: 'lb', namespace: 'default' },
      spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
    });
    h.sched.advance(10);
    expect(status(h.get('Service', 'lb'))).toEqual({ loadBalancer: { ingress: [{ ip: '127.0.0.1', ipMode: 'VIP' }] } });
    expect(h.list('Event').map((e) => e.reason)).toEqual(
      expect.arrayContaining(['EnsuringLoadBalancer', 'EnsuredLoadBalancer']),
    );
  });

  it('keeps Endpoints listing the ready pods a selector picks', () => {
    h = harness({ readyDelayMs: 100 });
    h.create('Deployment', deployment('web', 2, 'nginx'));
    h.create('Service', {
      metadata: { name: 'web', namespace: 'default', labels: { tier: 'front' } },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
    });
    h.sched.advance(20);
    let ep = h.get('Endpoints', 'web')!;
    expect(metaOf(ep).labels).toEqual({ tier: 'front' });
    let subsets = ep.subsets as Obj[];
    expect(subsets[0]!.notReadyAddresses).toHaveLength(2);
    h.sched.advance(500);
    ep = h.get('Endpoints', 'web')!;
    subsets = ep.subsets as Obj[];
    expect(subsets).toHaveLength(1);
    expect(subsets[0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const addresses = subsets[0]!.addresses as Obj[];
    expect(addresses).toHaveLength(2);
    expect(addresses[0]).toMatchObject({ nodeName: 'sandbox-node', targetRef: { kind: 'Pod', namespace: 'default' } });
    h.cluster.delete(h.type('Service'), 'default', 'web');
    h.sched.advance(10);
    expect(h.get('Endpoints', 'web')).toBeUndefined();
  });
});
