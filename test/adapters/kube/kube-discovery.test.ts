import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/adapters/kube/kube-client.js';
import { KubeError } from '../../../src/adapters/kube/kube-error.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { startKube, widgetCrd, type Logged } from './client-for.js';

describe('API discovery', () => {
  let sb: TestSandbox;
  let kube: KubeClient;
  let requests: Logged[];
  beforeAll(async () => {
    ({ sb, kube, requests } = await startKube({ controllers: false }));
  });
  afterAll(() => sb.stop());

  it('maps built-in kinds to their plural and scope with two aggregated requests', async () => {
    await kube.discover();
    expect(requests.filter((r) => r.url === '/api' || r.url === '/apis')).toHaveLength(2);
    expect(requests.some((r) => r.url.startsWith('/apis/apps/'))).toBe(false);
    expect(await kube.resourceFor('apps/v1', 'Deployment')).toEqual({ plural: 'deployments', namespaced: true });
    expect(await kube.resourceFor('v1', 'Namespace')).toEqual({ plural: 'namespaces', namespaced: false });
    expect(await kube.resourceFor('v1', 'ConfigMap')).toEqual({ plural: 'configmaps', namespaced: true });
  });

  it('finds a CRD created after the first discovery', async () => {
    await kube.discover();
    await kube.apply(widgetCrd, { fieldManager: 'sextant', force: false });
    expect(await kube.resourceFor('example.com/v1', 'Widget')).toEqual({ plural: 'widgets', namespaced: true });
  });

  it('reports an unknown kind as unsupported, naming it', async () => {
    const err = await kube.get('example.com/v9', 'Gizmo', 'default', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).code).toBe('unsupported');
    expect((err as KubeError).message).toContain('no matches for kind "Gizmo" in version "example.com/v9"');
  });
});
