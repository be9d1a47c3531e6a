import { afterEach, describe, expect, it } from 'vitest';
import { metaOf, type Obj } from '../../../src/sandbox/model.js';
import { cond, deployment, harness, status, type Harness } from './fake-cluster.js';

let h: Harness;
afterEach(() => h.stop());

const ING = 'networking.k8s.io/v1';
const HPA = 'autoscaling/v2';

function createIngress(name: string): Obj {
  return h.cluster.create(
    h.cluster.t(ING, 'Ingress'),
    {
      apiVersion: ING,
      kind: 'Ingress',
      metadata: { name, namespace: 'default' },
      spec: { rules: [{ host: 'web.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: {} }] } }] },
    },
    { manager: 'test' },
  );
}

function createHpa(name: string, target: string, spec: Obj = {}): Obj {
  return h.cluster.create(
    h.cluster.t(HPA, 'HorizontalPodAutoscaler'),
    {
      apiVersion: HPA,
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
        ],
        ...spec,
      },
    },
    { manager: 'test' },
  );
}

const getHpa = (name: string) => h.cluster.get(h.cluster.t(HPA, 'HorizontalPodAutoscaler'), 'default', name);
const replicasOf = (name: string) => (h.get('Deployment', name)?.spec as Obj | undefined)?.replicas;
const summary = (c: Obj | undefined) => c && { status: c.status, reason: c.reason, message: c.message };

describe('ingress controller', () => {
  it('publishes the load balancer address after the ready delay', () => {
    h = harness({ readyDelayMs: 100 });
    createIngress('web');
    const get = () => h.cluster.get(h.cluster.t(ING, 'Ingress'), 'default', 'web');
    h.sched.advance(50);
    expect(status(get()).loadBalancer).toBeUndefined();
    h.sched.advance(60);
    expect(status(get())).toEqual({ loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } });
    expect(h.list('Event').map((e) => [e.reason, e.message])).toContainEqual(['Sync', 'Scheduled for sync']);
    expect(h.errors).toEqual([]);
  });
});

describe('horizontal pod autoscaler controller', () => {
  it('reports the steady state of a target within range', () => {
    h = harness();
    h.create('Deployment', deployment('web', 3, 'nginx'));
    createHpa('web', 'web');
    h.sched.advance(10);
    const st = status(getHpa('web'));
    expect(st).toMatchObject({
      currentReplicas: 3,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 80 } } }],
    });
    expect(st.lastScaleTime).toBeUndefined();
    expect((st.conditions as Obj[]).map((c) => c.type)).toEqual(['AbleToScale', 'ScalingActive', 'ScalingLimited']);
    expect(summary(cond(getHpa('web'), 'AbleToScale'))).toEqual({
      status: 'True',
      reason: 'ReadyForNewScale',
      message: 'recommended size matches current size',
    });
    expect(summary(cond(getHpa('web'), 'ScalingActive'))).toEqual({
      status: 'True',
      reason: 'ValidMetricFound',
      message:
        'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
    });
    expect(cond(getHpa('web'), 'ScalingLimited')).toMatchObject({ status: 'False', reason: 'DesiredWithinRange' });
    expect(cond(getHpa('web'), 'ScalingLimited')?.lastTransitionTime).toBe('2025-01-01T00:00:00Z');
    expect(replicasOf('web')).toBe(3);
    expect(h.errors).toEqual([]);
  });

  it('scales a target below minReplicas up, then settles', () => {
    h = harness();
    h.create('Deployment', deployment('web', 1, 'nginx'));
    createHpa('web', 'web');
    h.sched.advance(10);
    expect(replicasOf('web')).toBe(2);
    const st = status(getHpa('web'));
    expect(st).toMatchObject({ currentReplicas: 2, desiredReplicas: 2, lastScaleTime: '2025-01-01T00:00:00Z' });
    expect(cond(getHpa('web'), 'ScalingActive')?.reason).toBe('ValidMetricFound');
    expect(h.list('Event').map((e) => e.message)).toContain(
      'New size: 2; reason: Current number of replicas below Spec.MinReplicas',
    );
  });

  it('scales a target the user scaled above maxReplicas back down', () => {
    h = harness();
    h.create('Deployment', deployment('web', 3, 'nginx'));
    createHpa('web', 'web');
    h.sched.advance(10);
    const d = h.get('Deployment', 'web')!;
    h.cluster.update(h.type('Deployment'), { ...d, spec: { ...(d.spec as Obj), replicas: 9 } }, { manager: 'kubectl' });
    h.sched.advance(10);
    expect(replicasOf('web')).toBe(5);
    expect(status(getHpa('web'))).toMatchObject({ currentReplicas: 5, desiredReplicas: 5 });
    expect(h.list('Event').map((e) => e.message)).toContain(
      'New size: 5; reason: Current number of replicas above Spec.MaxReplicas',
    );
  });

  it('reports FailedGetScale until the target exists', () => {
    h = harness();
    createHpa('web', 'missing');
    h.sched.advance(10);
    expect(summary(cond(getHpa('web'), 'AbleToScale'))).toEqual({
      status: 'False',
      reason: 'FailedGetScale',
      message: `the HPA controller was unable to get the target's current scale: deployments.apps "missing" not found`,
    });
    expect(h.list('Event').map((e) => [e.type, e.reason])).toContainEqual(['Warning', 'FailedGetScale']);
    h.sched.advance(5000);
    h.create('Deployment', deployment('missing', 2, 'nginx'));
    h.sched.advance(10);
    const able = cond(getHpa('web'), 'AbleToScale');
    expect(able).toMatchObject({ status: 'True', reason: 'ReadyForNewScale' });
    expect(able?.lastTransitionTime).toBe('2025-01-01T00:00:05Z');
    expect(status(getHpa('web'))).toMatchObject({ currentReplicas: 2, desiredReplicas: 2 });
  });

  it('leaves a target scaled to zero alone (scaling disabled)', () => {
    h = harness();
    h.create('Deployment', deployment('web', 0, 'nginx'));
    createHpa('web', 'web');
    h.sched.advance(10);
    expect(replicasOf('web')).toBe(0);
    expect(cond(getHpa('web'), 'ScalingActive')).toMatchObject({ status: 'False', reason: 'ScalingDisabled' });
    expect(status(getHpa('web')).desiredReplicas).toBe(0);
    expect(metaOf(getHpa('web')!).name).toBe('web');
  });
});
