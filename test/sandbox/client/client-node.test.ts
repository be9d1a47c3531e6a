import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sb: TestSandbox;
let kc: k8s.KubeConfig;

beforeAll(async () => {
  sb = await startTestSandbox({ controllers: false, bookmarkIntervalMs: 200 });
  kc = new k8s.KubeConfig();
  kc.loadFromString(sb.kubeconfig);
});
afterAll(async () => sb.stop());

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('@kubernetes/client-node against the sandbox', () => {
  it('creates, reads and lists with the generic object API', async () => {
    const api = k8s.KubernetesObjectApi.makeApiClient(kc);
    await api.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'one', namespace: 'default', labels: { app: 'x' } },
      data: { k: 'v' },
    });
    const read = await api.read({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'one', namespace: 'default' },
    });
    expect((read as k8s.V1ConfigMap).data).toEqual({ k: 'v' });
    const list = await api.list('v1', 'ConfigMap', 'default', undefined, undefined, undefined, undefined, 'app=x');
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['one']);
  });

  it('reports 409 with a Status body for a duplicate create', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const err = await core
      .createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'one' } } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(k8s.ApiException);
    const body = JSON.parse((err as k8s.ApiException<string>).body) as { reason: string; code: number };
    expect(body).toMatchObject({ reason: 'AlreadyExists', code: 409 });
  });

  it('watches from a resourceVersion and sees adds, updates and deletes', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const start = await core.listNamespacedConfigMap({ namespace: 'default' });
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    const ctl = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: start.metadata?.resourceVersion, allowWatchBookmarks: true },
      (type: string, obj: k8s.V1ConfigMap) => {
        if (type !== 'BOOKMARK') events.push(`${type} ${obj.metadata?.name ?? ''}`);
      },
      () => undefined,
    );
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'two' } } });
    await core.patchNamespacedConfigMap(
      { name: 'two', namespace: 'default', body: [{ op: 'add', path: '/data', value: { a: 'b' } }] },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    await core.deleteNamespacedConfigMap({ name: 'two', namespace: 'default' });
    await until(() => events.length >= 3);
    ctl.abort();
    expect(events).toEqual(['ADDED two', 'MODIFIED two', 'DELETED two']);
  });

  it('keeps an informer cache in step with the cluster', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add ${o.metadata?.name ?? ''}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata?.name ?? ''}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name ?? ''}`));
    informer.on('error', () => undefined);
    await informer.start();
    await until(() => seen.includes('add one'));
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'three' } } });
    await core.replaceNamespacedConfigMap({
      name: 'three',
      namespace: 'default',
      body: { metadata: { name: 'three' }, data: { x: 'y' } },
    });
    await core.deleteNamespacedConfigMap({ name: 'three', namespace: 'default' });
    await until(() => seen.includes('delete three'));
    await informer.stop();
    expect(seen).toEqual(expect.arrayContaining(['add three', 'update three', 'delete three']));
    expect(informer.list().map((o) => o.metadata?.name)).not.toContain('three');
  });
});
