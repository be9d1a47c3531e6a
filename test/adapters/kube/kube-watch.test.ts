import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient, WatchEventType } from '../../../src/adapters/kube/kube-client.js';
import { KubeError } from '../../../src/adapters/kube/kube-error.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { configMap, startKube } from './client-for.js';

describe('watch', () => {
  let sb: TestSandbox;
  let kube: KubeClient;
  beforeAll(async () => {
    ({ sb, kube } = await startKube({ controllers: false, watchCacheSize: 5 }));
  });
  afterAll(() => sb.stop());

  it('streams ADDED, MODIFIED and DELETED from a resourceVersion until aborted', async () => {
    const { resourceVersion } = await kube.list('v1', 'ConfigMap', { namespace: 'default' });
    const seen: Array<[WatchEventType, string]> = [];
    const ctl = new AbortController();
    const done = kube.watch(
      'v1',
      'ConfigMap',
      { namespace: 'default', resourceVersion, signal: ctl.signal },
      (type, obj) => {
        if (type === 'BOOKMARK') return;
        seen.push([type, String((obj.data as Record<string, string> | undefined)?.v)]);
        if (type === 'DELETED') ctl.abort();
      },
    );
    await kube.apply(configMap('w', { v: '1' }), { fieldManager: 'sextant', force: false });
    await kube.apply(configMap('w', { v: '2' }), { fieldManager: 'sextant', force: false });
    await kube.delete('v1', 'ConfigMap', 'default', 'w');
    await done;
    expect(seen).toEqual([
      ['ADDED', '1'],
      ['MODIFIED', '2'],
      ['DELETED', '2'],
    ]);
  });

  it('throws gone for a resourceVersion older than the server keeps', async () => {
    const { resourceVersion } = await kube.list('v1', 'ConfigMap', { namespace: 'default' });
    for (let i = 0; i < 8; i++)
      await kube.apply(configMap(`churn-${i}`, {}), { fieldManager: 'sextant', force: false });
    const err = await kube
      .watch('v1', 'ConfigMap', { resourceVersion, signal: new AbortController().signal }, () => undefined)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).code).toBe('gone');
    expect((err as KubeError).status).toBe(410);
    expect((err as KubeError).message).toContain('too old resource version');
  });
});
