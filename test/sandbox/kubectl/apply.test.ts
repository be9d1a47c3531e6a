import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { kubectlFor } from '../../helpers/kubectl.js';

let sb: TestSandbox;
let kubectl: ReturnType<typeof kubectlFor>;

const deployment = (replicas: number, image = 'nginx:1.27', name = 'api'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: default
  labels: {app: ${name}}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: api
          image: ${image}
          ports: [{containerPort: 8080}]
`;

function file(name: string, text: string): string {
  const p = path.join(sb.dir, name);
  fs.writeFileSync(p, text);
  return p;
}

beforeAll(async () => {
  sb = await startTestSandbox();
  kubectl = kubectlFor(sb.kubeconfigPath);
});
afterAll(async () => sb.stop());

describe('kubectl apply against the sandbox', () => {
  it('creates, then updates with client-side apply', async () => {
    const created = await kubectl(['apply', '-f', file('d1.yaml', deployment(2))]);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('deployment.apps/api created');
    const again = await kubectl(['apply', '-f', file('d1.yaml', deployment(2))]);
    expect(again.stdout.trim()).toBe('deployment.apps/api unchanged');
    const updated = await kubectl(['apply', '-f', file('d2.yaml', deployment(3))]);
    expect(updated.stdout.trim()).toBe('deployment.apps/api configured');
    const r = await kubectl(['get', 'deploy', 'api', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}']);
    expect(r.stdout).toBe('3 2');
  });

  it('diff exits 0 when in sync and 1 with a unified diff when not', async () => {
    const same = await kubectl(['diff', '-f', file('d2.yaml', deployment(3))]);
    expect(same.code).toBe(0);
    expect(same.stdout).toBe('');
    const changed = await kubectl(['diff', '-f', file('d3.yaml', deployment(3, 'nginx:1.28'))]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^-\s+- image: nginx:1\.27$/m);
    expect(changed.stdout).toMatch(/^\+\s+- image: nginx:1\.28$/m);
  });

  it('server-side apply by another manager conflicts with client-side apply, and --force-conflicts wins', async () => {
    const args = ['apply', '--server-side', '--field-manager=sextant', '-f', file('d4.yaml', deployment(5))];
    const conflict = await kubectl(args);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    const forced = await kubectl([...args, '--force-conflicts']);
    expect(forced.stderr).toBe('');
    expect(forced.stdout.trim()).toBe('deployment.apps/api serverside-applied');
    const r = await kubectl(['get', 'deploy', 'api', '-o', 'json', '--show-managed-fields']);
    const live = JSON.parse(r.stdout) as {
      spec: { replicas: number };
      metadata: { managedFields: { manager: string; operation: string }[] };
    };
    expect(live.spec.replicas).toBe(5);
    expect(live.metadata.managedFields.map((m) => `${m.manager}/${m.operation}`)).toContain('sextant/Apply');
  });

  it('lets kubectl move from client-side to server-side apply without conflicts (last-applied upgrade)', async () => {
    await kubectl(['apply', '-f', file('u1.yaml', deployment(2, 'nginx:1.27', 'upg'))]);
    const r = await kubectl(['apply', '--server-side', '-f', file('u1.yaml', deployment(2, 'nginx:1.27', 'upg'))]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('deployment.apps/upg serverside-applied');
  });

  it('rejects unknown fields under the default strict validation, naming the field', async () => {
    const bad = deployment(1).replace('replicas: 1', 'replicas: 1\n  replicaz: 2');
    const r = await kubectl(['apply', '-f', file('bad.yaml', bad.replace('name: api', 'name: api-bad'))]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unknown field "spec.replicaz"');
  });

  it('creates a namespace and objects in it with server-side apply', async () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team-a\ndata:\n  mode: fast\n`;
    const r = await kubectl(['apply', '--server-side', '-f', file('ns.yaml', text)]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('namespace/team-a serverside-applied');
    expect(r.stdout).toContain('configmap/settings serverside-applied');
  });
});
