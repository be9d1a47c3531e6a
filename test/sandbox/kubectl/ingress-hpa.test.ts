import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { kubectlFor } from '../../helpers/kubectl.js';

let sb: TestSandbox;
let kubectl: ReturnType<typeof kubectlFor>;

beforeAll(async () => {
  sb = await startTestSandbox({ controllers: { readyDelayMs: 50 } });
  kubectl = kubectlFor(sb.kubeconfigPath);
});
afterAll(async () => sb.stop());

describe('ingresses and autoscalers settle as in a real cluster', () => {
  it('gives an Ingress an address kubectl waits for and shows', async () => {
    await kubectl(['create', 'ingress', 'web', '--rule=web.example/=web:80']);
    const wait = await kubectl([
      'wait',
      '--for=jsonpath={.status.loadBalancer.ingress[0].ip}=127.0.0.1',
      'ingress/web',
      '--timeout=20s',
    ]);
    expect(wait.stdout.trim()).toBe('ingress.networking.k8s.io/web condition met');
    const get = await kubectl(['get', 'ingress', 'web']);
    expect(get.stdout).toMatch(/^web\s+<none>\s+web\.example\s+127\.0\.0\.1\s+80/m);
  });

  it('scales a Deployment into the autoscaler range through the scale subresource', async () => {
    await kubectl(['create', 'deployment', 'api', '--image=nginx:1.27', '--replicas=1']);
    // kubectl autoscale posts autoscaling/v1, which the sandbox does not serve: apply a v2 manifest.
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        minReplicas: 2,
        maxReplicas: 4,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        ],
      },
    };
    expect((await kubectl(['apply', '-f', '-'], JSON.stringify(hpa))).code).toBe(0);
    const wait = await kubectl(['wait', '--for=jsonpath={.spec.replicas}=2', 'deployment/api', '--timeout=20s']);
    expect(wait.code).toBe(0);
    const settled = await kubectl(['wait', '--for=condition=ScalingActive', 'hpa/api', '--timeout=20s']);
    expect(settled.code).toBe(0);
    const table = await kubectl(['get', 'hpa', 'api']);
    expect(table.stdout).toMatch(/^api\s+Deployment\/api\s+cpu: 70%\/70%\s+2\s+4\s+2/m);
    const managers = await kubectl(['get', 'deployment', 'api', '--show-managed-fields', '-o', 'json']);
    const entries = (JSON.parse(managers.stdout) as { metadata: { managedFields: Record<string, unknown>[] } }).metadata
      .managedFields;
    expect(entries).toContainEqual(
      expect.objectContaining({ manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale' }),
    );
  });

  it('reports a missing target as FailedGetScale', async () => {
    const manifest = JSON.stringify({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'ghost', namespace: 'default' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ghost' }, maxReplicas: 3 },
    });
    expect((await kubectl(['apply', '-f', '-'], manifest)).code).toBe(0);
    const wait = await kubectl(['wait', '--for=condition=AbleToScale=False', 'hpa/ghost', '--timeout=20s']);
    expect(wait.code).toBe(0);
    const msg = await kubectl([
      'get',
      'hpa',
      'ghost',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="AbleToScale")].message}',
    ]);
    expect(msg.stdout).toBe(
      `the HPA controller was unable to get the target's current scale: deployments.apps "ghost" not found`,
    );
  });
});
