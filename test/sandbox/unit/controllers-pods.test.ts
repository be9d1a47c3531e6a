import { afterEach, describe, expect, it } from 'vitest';
import { labelsOf, type Obj } from '../../../src/sandbox/model.js';
import { cond, harness, status, type Harness } from './fake-cluster.js';

let h: Harness;
afterEach(() => h.stop());

function pod(name: string, image: string, spec: Obj = {}): Obj {
  return { metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'main', image }], ...spec } };
}

function container(p: Obj | undefined): Obj {
  return ((status(p).containerStatuses as Obj[] | undefined) ?? [])[0] ?? {};
}

function events(involved: string): string[] {
  return h
    .list('Event', 'default')
    .filter((e) => (e.involvedObject as Obj).name === involved)
    .map((e) => `${String(e.type)} ${String(e.reason)}: ${String(e.message)}`);
}

describe('kubelet and scheduler', () => {
  it('registers a Ready node named sandbox-node', () => {
    h = harness();
    h.sched.flush();
    const node = h.get('Node', 'sandbox-node', '')!;
    expect(labelsOf(node)['kubernetes.io/hostname']).toBe('sandbox-node');
    expect(cond(node, 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(status(node).nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.0', operatingSystem: 'linux' });
  });

  it('binds a pod, then reports it Running and Ready after readyDelayMs', () => {
    h = harness({ readyDelayMs: 300 });
    h.create('Pod', pod('web', 'nginx'));
    h.sched.advance(10);
    let p = h.get('Pod', 'web')!;
    expect((p.spec as Obj).nodeName).toBe('sandbox-node');
    expect(status(p).phase).toBe('Pending');
    expect(cond(p, 'PodScheduled')?.status).toBe('True');
    expect(cond(p, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [main]',
    });
    expect((container(p).state as Obj).waiting).toEqual({ reason: 'ContainerCreating' });
    h.sched.advance(300);
    p = h.get('Pod', 'web')!;
    expect(status(p)).toMatchObject({ phase: 'Running', hostIP: '172.18.0.2', qosClass: 'BestEffort' });
    expect(String(status(p).podIP)).toMatch(/^10\.244\.\d+\.\d+$/);
    expect((status(p).conditions as Obj[]).map((c) => `${String(c.type)}=${String(c.status)}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    expect(container(p)).toMatchObject({
      name: 'main',
      ready: true,
      started: true,
      restartCount: 0,
      image: 'docker.io/library/nginx:latest',
    });
    expect(String(container(p).containerID)).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(String(container(p).imageID)).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect((container(p).state as Obj).running).toHaveProperty('startedAt');
    expect(events('web')).toEqual([
      'Normal Scheduled: Successfully assigned default/web to sandbox-node',
      'Normal Pulling: Pulling image "nginx"',
      expect.stringMatching(
        /^Normal Pulled: Successfully pulled image "nginx" in 300ms \(300ms including waiting\)\. Image size: \d+ bytes\.$/,
      ),
      'Normal Created: Created container: main',
      'Normal Started: Started container main',
    ]);
    const started = h.list('Event').find((e) => e.reason === 'Started')!;
    expect(started).toMatchObject({
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', fieldPath: 'spec.containers{main}' },
      source: { component: 'kubelet', host: 'sandbox-node' },
      count: 1,
    });
  });

  it('reports an image already on the node as present instead of pulling it again', () => {
    h = harness();
    h.create('Pod', pod('a', 'nginx'));
    h.sched.advance(1000);
    h.create('Pod', pod('b', 'nginx'));
    h.sched.advance(1000);
    expect(events('b')).toContain('Normal Pulled: Container image "nginx" already present on machine');
  });

  it('never starts an image whose tag matches failImageTag: ErrImagePull, then ImagePullBackOff', () => {
    h = harness({ readyDelayMs: 100 });
    h.create('Pod', pod('bad', 'registry.example.com/team/web:failing-2'));
    h.sched.advance(150);
    let p = h.get('Pod', 'bad')!;
    expect((container(p).state as Obj).waiting).toMatchObject({ reason: 'ErrImagePull' });
    h.sched.advance(5000);
    p = h.get('Pod', 'bad')!;
    expect(status(p).phase).toBe('Pending');
    expect((container(p).state as Obj).waiting).toMatchObject({
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "registry.example.com/team/web:failing-2"',
    });
    expect(cond(p, 'Ready')?.status).toBe('False');
    expect(events('bad')).toEqual(
      expect.arrayContaining([
        'Warning Failed: Error: ErrImagePull',
        'Normal BackOff: Back-off pulling image "registry.example.com/team/web:failing-2"',
        'Warning Failed: Error: ImagePullBackOff',
      ]),
    );
  });

  it('runs a restartPolicy Never pod with a command to completion', () => {
    h = harness({ readyDelayMs: 100, jobPodDurationMs: 200 });
    h.create(
      'Pod',
      pod('once', 'busybox', {
        restartPolicy: 'Never',
        containers: [{ name: 'main', image: 'busybox', command: ['echo', 'hi'] }],
      }),
    );
    h.sched.advance(150);
    expect(status(h.get('Pod', 'once')).phase).toBe('Running');
    h.sched.advance(200);
    const p = h.get('Pod', 'once')!;
    expect(status(p).phase).toBe('Succeeded');
    expect((container(p).state as Obj).terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(cond(p, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  });

  it('leaves pods for another scheduler alone', () => {
    h = harness();
    h.create('Pod', pod('other', 'nginx', { schedulerName: 'my-scheduler' }));
    h.sched.advance(1000);
    const p = h.get('Pod', 'other')!;
    expect((p.spec as Obj).nodeName).toBeUndefined();
    expect(status(p).phase).toBe('Pending');
  });

  it('completes init containers before the app container starts', () => {
    h = harness({ readyDelayMs: 100 });
    h.create('Pod', pod('init', 'nginx', { initContainers: [{ name: 'setup', image: 'busybox', command: ['true'] }] }));
    h.sched.advance(10);
    expect(cond(h.get('Pod', 'init'), 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
    });
    h.sched.advance(200);
    const p = h.get('Pod', 'init')!;
    expect(((status(p).initContainerStatuses as Obj[])[0]!.state as Obj).terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
    expect(status(p).phase).toBe('Running');
  });
});
