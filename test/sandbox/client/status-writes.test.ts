import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { kubectlFor } from '../../helpers/kubectl.js';

let sb: TestSandbox;
let kc: k8s.KubeConfig;

beforeAll(async () => {
  sb = await startTestSandbox({ controllers: false });
  kc = new k8s.KubeConfig();
  kc.loadFromString(sb.kubeconfig);
});
afterAll(async () => sb.stop());

// With the controllers off, a test plays kubelet and controller itself through the status subresource.
describe('tests writing status themselves', () => {
  it('makes a Deployment available by writing its status, and kubectl sees it', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'manual' },
        spec: {
          selector: { matchLabels: { app: 'manual' } },
          template: {
            metadata: { labels: { app: 'manual' } },
            spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
          },
        },
      },
    });
    const kubectl = kubectlFor(sb.kubeconfigPath);
    const pending = await kubectl(['rollout', 'status', 'deployment/manual', '--timeout=1s']);
    expect(pending.code).not.toBe(0);

    const status = {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'ok' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'ok' },
      ],
    };
    await apps.patchNamespacedDeploymentStatus(
      { name: 'manual', namespace: 'default', body: { status } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const done = await kubectl(['rollout', 'status', 'deployment/manual', '--timeout=5s']);
    expect(done.stdout).toContain('deployment "manual" successfully rolled out');
  });

  it('ignores status sent to the main resource and spec sent to /status', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'st' } } });
    const pod = await core.createNamespacedPod({
      namespace: 'st',
      body: {
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image: 'x:1' }] },
        status: { phase: 'Running' },
      },
    });
    expect(pod.status?.phase).toBe('Pending');
    const updated = await core.replaceNamespacedPodStatus({
      name: 'p',
      namespace: 'st',
      body: { ...pod, spec: { ...pod.spec!, activeDeadlineSeconds: 5 }, status: { phase: 'Running' } },
    });
    expect(updated.status?.phase).toBe('Running');
    expect(updated.spec?.activeDeadlineSeconds).toBeUndefined();
  });
});
