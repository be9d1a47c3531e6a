import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { kubectlFor } from '../../helpers/kubectl.js';

let sb: TestSandbox;
let kubectl: ReturnType<typeof kubectlFor>;

beforeAll(async () => {
  sb = await startTestSandbox();
  kubectl = kubectlFor(sb.kubeconfigPath);
  await kubectl(['create', 'configmap', 'keep', '--from-literal=a=1']);
});
afterAll(async () => sb.stop());

describe('--dry-run=server changes nothing', () => {
  it('for create, patch, scale and delete', async () => {
    const created = await kubectl(['create', 'configmap', 'ghost', '--from-literal=a=1', '--dry-run=server']);
    expect(created.stdout.trim()).toBe('configmap/ghost created (server dry run)');
    expect((await kubectl(['get', 'cm', 'ghost'])).code).toBe(1);

    const patched = await kubectl([
      'patch',
      'cm',
      'keep',
      '--type=merge',
      '-p',
      '{"data":{"a":"2"}}',
      '--dry-run=server',
    ]);
    expect(patched.stdout.trim()).toMatch(/^configmap\/keep patched/);
    expect((await kubectl(['get', 'cm', 'keep', '-o', 'jsonpath={.data.a}'])).stdout).toBe('1');

    const deleted = await kubectl(['delete', 'cm', 'keep', '--dry-run=server']);
    expect(deleted.stdout.trim()).toBe('configmap "keep" deleted (server dry run)');
    expect((await kubectl(['get', 'cm', 'keep', '-o', 'name'])).stdout.trim()).toBe('configmap/keep');
  });

  it('still validates: an invalid object fails the dry run', async () => {
    const r = await kubectl(['create', 'deployment', 'Bad', '--image=nginx', '--dry-run=server']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('metadata.name: Invalid value: "Bad"');
  });
});

describe('paging, field selectors and events', () => {
  it('pages through a list with limit/continue (kubectl --chunk-size)', async () => {
    for (let i = 0; i < 7; i++) await kubectl(['create', 'configmap', `page-${i}`]);
    const r = await kubectl(['get', 'cm', '--chunk-size=2', '-o', 'name']);
    const names = r.stdout
      .trim()
      .split('\n')
      .filter((n) => n.startsWith('configmap/page-'));
    expect(names).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `configmap/page-${i}`));
  });

  it('selects by field', async () => {
    const r = await kubectl(['get', 'cm', '--field-selector=metadata.name=page-3', '-o', 'name']);
    expect(r.stdout.trim()).toBe('configmap/page-3');
    const bad = await kubectl(['get', 'cm', '--field-selector=spec.nope=1']);
    expect(bad.stderr).toContain('field label not supported: spec.nope');
  });

  it('records Events for what the controllers did', async () => {
    await kubectl(['create', 'deployment', 'ev', '--image=nginx:1.27']);
    await kubectl(['rollout', 'status', 'deployment/ev', '--timeout=20s']);
    const r = await kubectl(['get', 'events', '--field-selector=involvedObject.kind=Deployment']);
    expect(r.stdout).toMatch(
      /Normal\s+ScalingReplicaSet\s+deployment\/ev\s+Scaled up replica set ev-[a-z0-9]+ from 0 to 1/,
    );
  });
});
