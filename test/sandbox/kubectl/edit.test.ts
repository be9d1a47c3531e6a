import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { kubectlFor } from '../../helpers/kubectl.js';

let sb: TestSandbox;
let kubectl: ReturnType<typeof kubectlFor>;

beforeAll(async () => {
  sb = await startTestSandbox();
  kubectl = kubectlFor(sb.kubeconfigPath);
  await kubectl(['create', 'deployment', 'web', '--image=nginx:1.27']);
});
afterAll(async () => sb.stop());

const jsonOf = async (...args: string[]): Promise<Record<string, unknown>> =>
  JSON.parse((await kubectl(['get', ...args, '-o', 'json', '--show-managed-fields'])).stdout) as Record<
    string,
    unknown
  >;

describe('kubectl annotate, label and patch', () => {
  it('annotates and labels, and removes them again', async () => {
    expect((await kubectl(['annotate', 'deploy', 'web', 'team=blue'])).stdout.trim()).toBe(
      'deployment.apps/web annotated',
    );
    expect((await kubectl(['label', 'deploy', 'web', 'tier=frontend'])).stdout.trim()).toBe(
      'deployment.apps/web labeled',
    );
    const d = (await jsonOf('deploy', 'web')) as {
      metadata: { annotations: Record<string, string>; labels: Record<string, string> };
    };
    expect(d.metadata.annotations.team).toBe('blue');
    expect(d.metadata.labels.tier).toBe('frontend');
    await kubectl(['label', 'deploy', 'web', 'tier-']);
    const sel = await kubectl(['get', 'deploy', '-l', 'tier=frontend', '-o', 'name']);
    expect(sel.stdout.trim()).toBe('');
  });

  it('patches with strategic merge, merging containers by name', async () => {
    const r = await kubectl([
      'patch',
      'deploy',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}',
    ]);
    expect(r.stdout.trim()).toBe('deployment.apps/web patched');
    const d = (await jsonOf('deploy', 'web')) as {
      spec: { template: { spec: { containers: { name: string; image: string; imagePullPolicy: string }[] } } };
    };
    expect(d.spec.template.spec.containers).toHaveLength(1);
    expect(d.spec.template.spec.containers[0]).toMatchObject({
      name: 'nginx',
      image: 'nginx:1.28',
      imagePullPolicy: 'IfNotPresent',
    });
  });

  it('patches with a merge patch and a JSON patch', async () => {
    await kubectl(['patch', 'deploy', 'web', '--type=merge', '-p', '{"spec":{"replicas":4}}']);
    await kubectl([
      'patch',
      'deploy',
      'web',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/minReadySeconds","value":5}]',
    ]);
    const r = await kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas} {.spec.minReadySeconds}']);
    expect(r.stdout).toBe('4 5');
    const bad = await kubectl([
      'patch',
      'deploy',
      'web',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/spec/nothere"}]',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("The request is invalid: /spec/nothere: error in remove for path: '/spec/nothere'");
  });

  it('scales through the scale subresource', async () => {
    expect((await kubectl(['scale', 'deploy', 'web', '--replicas=2'])).stdout.trim()).toBe(
      'deployment.apps/web scaled',
    );
    const r = await kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']);
    expect(r.stdout).toBe('2');
    const d = (await jsonOf('deploy', 'web')) as {
      metadata: { managedFields: { manager: string; subresource?: string }[] };
    };
    expect(d.metadata.managedFields).toContainEqual(
      expect.objectContaining({ manager: 'kubectl', subresource: 'scale' }),
    );
  });

  it('refuses a stale update with 409 Conflict', async () => {
    const d = await jsonOf('deploy', 'web');
    (d.metadata as Record<string, unknown>).resourceVersion = '1';
    const r = await kubectl(['replace', '-f', '-'], JSON.stringify(d));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  });
});
