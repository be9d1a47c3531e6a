import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { kubectlFor } from '../../helpers/kubectl.js';

let sb: TestSandbox;
let kubectl: ReturnType<typeof kubectlFor>;

beforeAll(async () => {
  sb = await startTestSandbox({ controllers: { readyDelayMs: 50, jobPodDurationMs: 100 } });
  kubectl = kubectlFor(sb.kubeconfigPath);
});
afterAll(async () => sb.stop());

describe('workloads become available, as kubectl waits for them', () => {
  it('waits for a Deployment to be Available and reports the rollout done', async () => {
    await kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3']);
    const wait = await kubectl(['wait', '--for=condition=Available', 'deployment/web', '--timeout=20s']);
    expect(wait.stdout.trim()).toBe('deployment.apps/web condition met');
    const status = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    const pods = await kubectl(['get', 'pods', '-l', 'app=web']);
    expect(pods.stdout.trim().split('\n').slice(1)).toHaveLength(3);
    expect(pods.stdout).toMatch(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0/);
  });

  it('rolls out a new image and replaces the pods', async () => {
    await kubectl(['set', 'image', 'deployment/web', 'nginx=nginx:1.28']);
    const status = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    expect(status.code).toBe(0);
    const images = await kubectl([
      'get',
      'pods',
      '-l',
      'app=web',
      '-o',
      'jsonpath={.items[*].spec.containers[0].image}',
    ]);
    expect(images.stdout.split(' ').filter((i) => i === 'nginx:1.28').length).toBeGreaterThanOrEqual(3);
    const rs = await kubectl(['get', 'rs', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.replicas}']);
    expect(rs.stdout.split(' ').map(Number).sort()).toEqual([0, 3]);
  });

  it('never finishes a rollout whose image cannot be pulled', async () => {
    await kubectl(['create', 'deployment', 'broken', '--image=nginx:fail']);
    const status = await kubectl(['rollout', 'status', 'deployment/broken', '--timeout=3s']);
    expect(status.code).not.toBe(0);
    const pods = await kubectl(['get', 'pods', '-l', 'app=broken']);
    expect(pods.stdout).toMatch(/0\/1\s+(ErrImagePull|ImagePullBackOff)/);
  });

  it('runs a Job to completion', async () => {
    await kubectl(['create', 'job', 'once', '--image=busybox:1.36', '--', 'echo', 'hi']);
    const wait = await kubectl(['wait', '--for=condition=complete', 'job/once', '--timeout=20s']);
    expect(wait.stdout.trim()).toBe('job.batch/once condition met');
    const jobs = await kubectl(['get', 'jobs']);
    expect(jobs.stdout).toMatch(/^once\s+Complete\s+1\/1/m);
  });

  it('deletes a Deployment with its ReplicaSets and Pods (cascading)', async () => {
    const del = await kubectl(['delete', 'deployment', 'web', '--wait=true', '--timeout=20s']);
    expect(del.stdout.trim()).toBe('deployment.apps "web" deleted');
    const deadline = Date.now() + 10_000;
    let left = '';
    do {
      left = (await kubectl(['get', 'rs,pods', '-l', 'app=web', '-o', 'name'])).stdout.trim();
      if (!left) break;
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < deadline);
    expect(left).toBe('');
  });

  it('keeps orphans with --cascade=orphan', async () => {
    await kubectl(['create', 'deployment', 'keep', '--image=nginx:1.27']);
    await kubectl(['wait', '--for=condition=Available', 'deployment/keep', '--timeout=20s']);
    await kubectl(['delete', 'deployment', 'keep', '--cascade=orphan', '--wait=true', '--timeout=20s']);
    const rs = await kubectl(['get', 'rs', '-l', 'app=keep', '-o', 'jsonpath={.items[*].metadata.ownerReferences}']);
    expect(rs.stdout.trim()).toBe('');
    const names = await kubectl(['get', 'rs', '-l', 'app=keep', '-o', 'name']);
    expect(names.stdout.trim()).toMatch(/^replicaset.apps\/keep-/);
  });

  it('terminates a namespace with everything in it', async () => {
    await kubectl(['create', 'namespace', 'tmp']);
    await kubectl(['create', 'configmap', 'c', '-n', 'tmp', '--from-literal=a=b']);
    const del = await kubectl(['delete', 'namespace', 'tmp', '--timeout=20s']);
    expect(del.stdout.trim()).toBe('namespace "tmp" deleted');
    const get = await kubectl(['get', 'namespace', 'tmp']);
    expect(get.stderr).toContain('namespaces "tmp" not found');
  });
});
