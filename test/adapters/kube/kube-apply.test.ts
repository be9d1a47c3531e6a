import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient, KubeObject } from '../../../src/adapters/kube/kube-client.js';
import { KubeError } from '../../../src/adapters/kube/kube-error.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { configMap, startKube, widgetCrd } from './client-for.js';

const caught = (p: Promise<unknown>): Promise<KubeError> =>
  p.then(
    () => {
      throw new Error('expected a KubeError');
    },
    (e: unknown) => {
      if (!(e instanceof KubeError)) throw e;
      return e;
    },
  );
const data = (o: KubeObject | undefined): unknown => o?.data;

describe('server-side apply', () => {
  let sb: TestSandbox;
  let kube: KubeClient;
  beforeAll(async () => {
    ({ sb, kube } = await startKube({ controllers: false }));
  });
  afterAll(() => sb.stop());

  it('creates, updates, and leaves the object alone on a dry run', async () => {
    const created = await kube.apply(configMap('app', { a: '1' }), { fieldManager: 'sextant', force: false });
    expect(created.data).toEqual({ a: '1' });
    // Raw JSON: timestamps stay strings, not Dates.
    expect(typeof (created.metadata as Record<string, unknown>).creationTimestamp).toBe('string');
    await kube.apply(configMap('app', { a: '2' }), { fieldManager: 'sextant', force: false });
    expect(data(await kube.get('v1', 'ConfigMap', 'default', 'app'))).toEqual({ a: '2' });
    const dry = await kube.apply(configMap('app', { a: '3' }), { fieldManager: 'sextant', force: false, dryRun: true });
    expect(dry.data).toEqual({ a: '3' });
    expect(data(await kube.get('v1', 'ConfigMap', 'default', 'app'))).toEqual({ a: '2' });
  });

  it('reports a conflict with another manager, naming it, and force wins', async () => {
    await kube.apply(configMap('shared', { a: '1' }), { fieldManager: 'kubectl', force: false });
    const err = await caught(kube.apply(configMap('shared', { a: '2' }), { fieldManager: 'sextant', force: false }));
    expect(err.code).toBe('conflict');
    expect(err.status).toBe(409);
    expect(err.retryable).toBe(false);
    expect(err.conflictingManagers).toEqual(['kubectl']);
    expect(err.message).toMatch(
      /^apply ConfigMap default\/shared: 409 Conflict: Apply failed with 1 conflict: conflict with "kubectl"/,
    );
    expect(err.details.causes[0]).toMatchObject({ reason: 'FieldManagerConflict', field: '.data.a' });
    await kube.apply(configMap('shared', { a: '2' }), { fieldManager: 'sextant', force: true });
    expect(data(await kube.get('v1', 'ConfigMap', 'default', 'shared'))).toEqual({ a: '2' });
  });

  it('sends unknown fields exactly as given', async () => {
    await kube.apply(widgetCrd, { fieldManager: 'sextant', force: false });
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'default' },
      spec: { futureField: { nested: [1, 'two'] }, size: 3 },
    };
    await kube.apply(widget, { fieldManager: 'sextant', force: false });
    const live = await kube.get('example.com/v1', 'Widget', 'default', 'w1');
    expect(live?.spec).toEqual(widget.spec);
  });

  it('puts a namespaced object without a namespace in the context namespace', async () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'no-ns' }, data: { k: 'v' } };
    await kube.apply(obj, { fieldManager: 'sextant', force: false });
    expect(data(await kube.get('v1', 'ConfigMap', 'default', 'no-ns'))).toEqual({ k: 'v' });
  });

  it('rejects an invalid object with the causes', async () => {
    const bad = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'other' } }, spec: { containers: [] } },
      },
    };
    const err = await caught(kube.apply(bad, { fieldManager: 'sextant', force: false }));
    expect(err.code).toBe('invalid');
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^apply Deployment default\/web: 422 Unprocessable Entity: /);
    expect(err.details.causes.length).toBeGreaterThan(0);
    expect(err.details.causes.map((c) => c.field)).toContain('spec.template.spec.containers');
  });

  it('merge-patches with a field manager', async () => {
    await kube.apply(configMap('patched', { a: '1' }), { fieldManager: 'sextant', force: false });
    const out = await kube.mergePatch('v1', 'ConfigMap', 'default', 'patched', { data: { b: '2' } }, 'sextant-status');
    expect(out.data).toEqual({ a: '1', b: '2' });
    const managers = (out.metadata as { managedFields: Array<{ manager: string }> }).managedFields.map(
      (m) => m.manager,
    );
    expect(managers).toContain('sextant-status');
  });
});
