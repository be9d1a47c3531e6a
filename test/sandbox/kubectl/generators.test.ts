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

// These kubectl commands send protobuf bodies; a server that cannot read them makes them fail.
describe('kubectl generator commands (protobuf bodies)', () => {
  it.each([
    [['create', 'namespace', 'gen'], 'namespace/gen created'],
    [
      ['create', 'configmap', 'cfg', '-n', 'gen', '--from-literal=a=1', '--from-literal=b=two'],
      'configmap/cfg created',
    ],
    [['create', 'secret', 'generic', 'pw', '-n', 'gen', '--from-literal=password=s3cret'], 'secret/pw created'],
    [['create', 'serviceaccount', 'robot', '-n', 'gen'], 'serviceaccount/robot created'],
    [['create', 'deployment', 'web', '-n', 'gen', '--image=nginx:1.27', '--port=80'], 'deployment.apps/web created'],
    [['create', 'service', 'clusterip', 'web', '-n', 'gen', '--tcp=80:8080'], 'service/web created'],
    [['create', 'job', 'once', '-n', 'gen', '--image=busybox:1.36', '--', 'echo', 'hi'], 'job.batch/once created'],
  ])('kubectl %j', async (args, expected) => {
    const r = await kubectl(args);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(expected);
  });

  it('stores what the generators sent', async () => {
    const cm = JSON.parse((await kubectl(['get', 'cm', 'cfg', '-n', 'gen', '-o', 'json'])).stdout) as {
      data: Record<string, string>;
    };
    expect(cm.data).toEqual({ a: '1', b: 'two' });
    const secret = JSON.parse((await kubectl(['get', 'secret', 'pw', '-n', 'gen', '-o', 'json'])).stdout) as {
      data: Record<string, string>;
      type: string;
    };
    expect(Buffer.from(secret.data.password ?? '', 'base64').toString()).toBe('s3cret');
    expect(secret.type).toBe('Opaque');
    const svc = await kubectl([
      'get',
      'svc',
      'web',
      '-n',
      'gen',
      '-o',
      'jsonpath={.spec.ports[0].port}:{.spec.ports[0].targetPort}',
    ]);
    expect(svc.stdout).toBe('80:8080');
  });
});
