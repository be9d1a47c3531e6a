import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { kubectlFor } from '../../helpers/kubectl.js';

let sb: TestSandbox;
let kubectl: ReturnType<typeof kubectlFor>;

beforeAll(async () => {
  sb = await startTestSandbox();
  kubectl = kubectlFor(sb.kubeconfigPath);
});
afterAll(async () => sb.stop());

describe('kubectl get against the sandbox', () => {
  it('lists the system namespaces with STATUS and AGE columns', async () => {
    const r = await kubectl(['get', 'namespaces']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+AGE$/);
    expect(r.stdout).toMatch(/^default\s+Active\s+\d+s$/m);
    expect(r.stdout).toMatch(/^kube-system\s+Active/m);
  });

  it('gets across all namespaces with -A', async () => {
    const r = await kubectl(['get', 'services', '-A']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAMESPACE\s+NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m);
    expect(r.stdout).toMatch(/^default\s+kubernetes\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+443\/TCP/m);
  });

  it('prints one object as YAML and through jsonpath', async () => {
    const y = await kubectl(['get', 'namespace', 'default', '-o', 'yaml']);
    expect(y.code).toBe(0);
    expect(y.stdout).toContain('kind: Namespace');
    expect(y.stdout).toMatch(/uid: [0-9a-f-]{36}/);
    expect(y.stdout).toMatch(/resourceVersion: "\d+"/);
    const j = await kubectl(['get', 'ns', 'kube-system', '-o', 'jsonpath={.status.phase}']);
    expect(j.stdout).toBe('Active');
  });

  it('reports a missing object the way a cluster does', async () => {
    const r = await kubectl(['get', 'configmap', 'nope', '-n', 'default']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (NotFound): configmaps "nope" not found');
  });

  it('resolves short names and categories', async () => {
    await kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2']);
    const deploy = await kubectl(['get', 'deploy']);
    expect(deploy.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    expect(deploy.stdout).toMatch(/^web\s+\d\/2/m);
    const all = await kubectl(['get', 'all']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('deployment.apps/web');
    expect(all.stdout).toContain('service/kubernetes');
  });

  it('answers raw discovery requests', async () => {
    const r = await kubectl(['get', '--raw', '/apis/apps/v1']);
    const doc = JSON.parse(r.stdout) as { resources: { name: string }[] };
    expect(doc.resources.map((x) => x.name)).toEqual(
      expect.arrayContaining(['deployments', 'deployments/scale', 'deployments/status']),
    );
    const v = await kubectl(['version', '-o', 'json']);
    expect(JSON.parse(v.stdout)).toMatchObject({ serverVersion: { major: '1', minor: '32' } });
  });
});

describe('what a new namespace has', () => {
  it('gets a default ServiceAccount, recreated when deleted', async () => {
    await kubectl(['create', 'namespace', 'fresh']);
    const until = async (): Promise<string> => {
      for (let i = 0; i < 50; i++) {
        const r = await kubectl(['get', 'sa', '-n', 'fresh', '-o', 'name']);
        if (r.stdout.trim()) return r.stdout.trim();
        await new Promise((res) => setTimeout(res, 100));
      }
      return '';
    };
    expect(await until()).toBe('serviceaccount/default');
    await kubectl(['delete', 'sa', 'default', '-n', 'fresh']);
    expect(await until()).toBe('serviceaccount/default');
  });
});
