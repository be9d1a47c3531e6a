import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/adapters/kube/kube-client.js';
import { KubeError } from '../../../src/adapters/kube/kube-error.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { configMap, startKube, type Logged } from './client-for.js';

describe('get, list and delete', () => {
  let sb: TestSandbox;
  let kube: KubeClient;
  let requests: Logged[];
  beforeAll(async () => {
    ({ sb, kube, requests } = await startKube({ controllers: false }));
    for (let i = 0; i < 7; i++)
      await kube.apply(configMap(`item-${i}`, { i: String(i) }, { tier: i % 2 ? 'odd' : 'even' }), {
        fieldManager: 'sextant',
        force: false,
      });
  });
  afterAll(() => sb.stop());

  it('returns undefined for a missing object', async () => {
    expect(await kube.get('v1', 'ConfigMap', 'default', 'nope')).toBeUndefined();
  });

  it('lists by label selector, following continue across pages', async () => {
    const before = requests.length;
    const even = await kube.list('v1', 'ConfigMap', { namespace: 'default', labelSelector: 'tier=even', limit: 2 });
    expect(even.items.map((o) => (o.metadata as { name: string }).name).sort()).toEqual([
      'item-0',
      'item-2',
      'item-4',
      'item-6',
    ]);
    expect(even.items.every((o) => o.apiVersion === 'v1' && o.kind === 'ConfigMap')).toBe(true);
    expect(even.resourceVersion).toMatch(/^\d+$/);
    const pages = requests.slice(before).filter((r) => r.url.startsWith('/api/v1/namespaces/default/configmaps?'));
    expect(pages).toHaveLength(2);
    expect(pages[1]?.url).toContain('continue=');
  });

  it('deletes with a propagation policy and honours preconditions', async () => {
    const live = await kube.get('v1', 'ConfigMap', 'default', 'item-1');
    const uid = (live?.metadata as { uid: string }).uid;
    const err = await kube
      .delete('v1', 'ConfigMap', 'default', 'item-1', { preconditions: { uid: 'not-the-uid' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).code).toBe('conflict');
    expect((err as KubeError).message).toContain('delete ConfigMap default/item-1: 409 Conflict:');
    expect((err as KubeError).message).toContain('Precondition failed: UID in precondition: not-the-uid');
    // Foreground without a garbage collector running: the server marks the object and keeps it.
    const marked = await kube.delete('v1', 'ConfigMap', 'default', 'item-1', {
      propagationPolicy: 'Foreground',
      preconditions: { uid },
    });
    expect(marked.metadata).toMatchObject({ finalizers: ['foregroundDeletion'] });
    expect(typeof (marked.metadata as Record<string, unknown>).deletionTimestamp).toBe('string');
    await kube.delete('v1', 'ConfigMap', 'default', 'item-3', { propagationPolicy: 'Background' });
    expect(await kube.get('v1', 'ConfigMap', 'default', 'item-3')).toBeUndefined();
    const missing = await kube.delete('v1', 'ConfigMap', 'default', 'item-3').catch((e: unknown) => e);
    expect((missing as KubeError).code).toBe('not-found');
  });
});
