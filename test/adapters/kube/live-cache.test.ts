import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/adapters/clock.js';
import { createKubeClient, type KubeClient } from '../../../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../../../src/adapters/kube/kube-config.js';
import { isKubeError } from '../../../src/adapters/kube/kube-error.js';
import { createLiveCache, type LiveCache, type LiveChange } from '../../../src/adapters/kube/live-cache.js';
import type { Clock } from '../../../src/ports/clock.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { configMap, startKube, type Logged } from './client-for.js';

const ssa = { fieldManager: 'sextant', force: true };
const nameOf = (o: Record<string, unknown>): string => String((o.metadata as { name?: unknown }).name);
const dataOf = (o: Record<string, unknown> | undefined): unknown => o?.data;
const clientFor = (sb: TestSandbox): KubeClient =>
  createKubeClient(loadKubeConfig({ kubeconfigPath: sb.kubeconfigPath, env: {} }), { timeoutMs: 2000 });

/** Resolves with the first change matching `pred`, or rejects after `ms`. */
function nextChange(cache: LiveCache, pred: (ev: LiveChange) => boolean, ms = 1000): Promise<LiveChange> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching change within ${ms}ms`));
    }, ms);
    const off = cache.onChange((ev) => {
      if (!pred(ev)) return;
      clearTimeout(timer);
      off();
      resolve(ev);
    });
  });
}

const configMapChange = (type: LiveChange['type'], name: string) => (ev: LiveChange) =>
  ev.kind === 'ConfigMap' && ev.type === type && nameOf(ev.object) === name;

async function waitUntil(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms}ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The real clock, recording each back-off it is asked to wait. */
function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => systemClock.now(),
    sleep: (ms, signal) => (sleeps.push(ms), systemClock.sleep(ms, signal)),
  };
}

describe('live cache', () => {
  let sb: TestSandbox;
  let kube: KubeClient;
  let requests: Logged[];
  let cache: LiveCache | undefined;
  beforeAll(async () => {
    ({ sb, kube, requests } = await startKube({ controllers: false, watchCacheSize: 5 }));
  });
  afterAll(() => sb.stop());
  afterEach(async () => {
    await cache?.stop();
    cache = undefined;
  });

  it('sees objects added, changed and deleted within a second, and holds what the server holds', async () => {
    await kube.apply(configMap('before', { v: '0' }), ssa);
    cache = createLiveCache(kube, { clock: systemClock });
    const initial: string[] = [];
    const off = cache.onChange((ev) => initial.push(`${ev.type} ${nameOf(ev.object)}`));
    await cache.track('v1', 'ConfigMap');
    off();
    expect(initial).toContain('ADDED before');
    expect(dataOf(cache.get('v1', 'ConfigMap', 'default', 'before'))).toEqual({ v: '0' });

    const added = nextChange(cache, configMapChange('ADDED', 'web'));
    await kube.apply(configMap('web', { v: '1' }), ssa);
    expect(dataOf((await added).object)).toEqual({ v: '1' });

    const modified = nextChange(cache, configMapChange('MODIFIED', 'web'));
    await kube.apply(configMap('web', { v: '2' }), ssa);
    await modified;
    expect(dataOf(cache.get('v1', 'ConfigMap', 'default', 'web'))).toEqual({ v: '2' });

    const deleted = nextChange(cache, configMapChange('DELETED', 'web'));
    await kube.delete('v1', 'ConfigMap', 'default', 'web');
    await deleted;
    expect(cache.get('v1', 'ConfigMap', 'default', 'web')).toBeUndefined();

    const { items } = await kube.list('v1', 'ConfigMap');
    expect(cache.list('v1', 'ConfigMap').map(nameOf).sort()).toEqual(items.map(nameOf).sort());
    expect(cache.list('v1', 'ConfigMap', (o) => nameOf(o) === 'before')).toHaveLength(1);
  });

  it('sees an edit made with another client (drift) within a second, as the raw server object', async () => {
    await kube.apply(configMap('drifty', { v: 'git' }), ssa);
    const seen = requests.length;
    cache = createLiveCache(kube, { clock: systemClock });
    await cache.track('v1', 'ConfigMap');
    await cache.track('v1', 'ConfigMap'); // idempotent

    const kubectl = clientFor(sb);
    const drift = nextChange(cache, configMapChange('MODIFIED', 'drifty'));
    const t0 = Date.now();
    await kubectl.mergePatch('v1', 'ConfigMap', 'default', 'drifty', { data: { v: 'by hand' } }, 'kubectl-edit');
    const ev = await drift;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(dataOf(ev.object)).toEqual({ v: 'by hand' });
    const fields = (ev.object.metadata as { managedFields?: Array<{ manager: string }> }).managedFields;
    expect(fields?.map((m) => m.manager)).toContain('kubectl-edit');
    expect(cache.get('v1', 'ConfigMap', 'default', 'drifty')).toBe(ev.object);
    // One watch per type, however often track() is called.
    expect(requests.slice(seen).filter((r) => r.url.includes('watch=true'))).toHaveLength(1);
  });

  it('follows only what the label selector matches', async () => {
    cache = createLiveCache(kube, { clock: systemClock });
    await cache.track('v1', 'ConfigMap', { labelSelector: 'app.kubernetes.io/managed-by=sextant' });
    const managed = nextChange(cache, configMapChange('ADDED', 'mine'));
    await kube.apply(configMap('theirs', {}), ssa);
    await kube.apply(configMap('mine', {}, { 'app.kubernetes.io/managed-by': 'sextant' }), ssa);
    await managed;
    expect(cache.list('v1', 'ConfigMap').map(nameOf)).toEqual(['mine']);
    await expect(cache.track('v1', 'ConfigMap')).rejects.toThrow(/already tracked/);
  });

  it('re-lists after 410 Gone and keeps following', async () => {
    cache = createLiveCache(kube, { clock: systemClock, watchTimeoutSeconds: 1 });
    await cache.track('v1', 'ConfigMap');
    const isList = (r: Logged): boolean => r.url.startsWith('/api/v1/configmaps') && !r.url.includes('watch=true');
    const lists = requests.filter(isList).length;
    // Other kinds' changes push the server's 5-entry change log past the ConfigMap watch's
    // resourceVersion; when the 1 s watch ends, resuming from it gets 410 Gone.
    for (let i = 0; i < 8; i++) await kube.apply({ ...configMap(`churn-${i}`, {}), kind: 'Secret' }, ssa);
    await waitUntil(() => requests.filter(isList).length > lists, 4000);

    const after = nextChange(cache, configMapChange('ADDED', 'after-gone'));
    await kube.apply(configMap('after-gone', { v: '1' }), ssa);
    await after;
    const { items } = await kube.list('v1', 'ConfigMap');
    expect(cache.list('v1', 'ConfigMap').map(nameOf).sort()).toEqual(items.map(nameOf).sort());
  });

  it('rejects track() for a kind the server does not serve, and tracks nothing', async () => {
    cache = createLiveCache(kube, { clock: systemClock });
    const err = await cache.track('example.com/v1', 'Nope').catch((e: unknown) => e);
    expect(isKubeError(err, 'unsupported')).toBe(true);
    expect(cache.list('example.com/v1', 'Nope')).toEqual([]);
  });
});

describe('live cache when the API server goes away', () => {
  it('backs off (doubling, capped), then re-lists and converges on the restarted server', async () => {
    const first = await startTestSandbox({ controllers: false });
    const kube = clientFor(first);
    await kube.apply(configMap('old', {}), ssa);
    const clock = recordingClock();
    const warnings: string[] = [];
    const cache = createLiveCache(kube, {
      clock,
      backoff: { initialMs: 20, maxMs: 80 },
      logger: { warn: (o) => warnings.push(String((o as { err?: unknown }).err)) },
    });
    await cache.track('v1', 'ConfigMap');
    expect(cache.get('v1', 'ConfigMap', 'default', 'old')).toBeDefined();

    await first.stop();
    await waitUntil(() => clock.sleeps.length >= 5, 3000);
    expect(clock.sleeps.slice(0, 5)).toEqual([20, 40, 80, 80, 80]);
    expect(warnings.some((w) => w.includes('ECONNREFUSED'))).toBe(true);

    const second = await startTestSandbox({ controllers: false, port: first.port });
    try {
      const gone = nextChange(cache, configMapChange('DELETED', 'old'), 3000);
      const fresh = nextChange(cache, configMapChange('ADDED', 'fresh'), 3000);
      await clientFor(second).apply(configMap('fresh', {}), ssa);
      await Promise.all([gone, fresh]);
      expect(cache.get('v1', 'ConfigMap', 'default', 'old')).toBeUndefined();
    } finally {
      await cache.stop();
      await second.stop();
    }
  });

  it('stop() ends a loop that is waiting out a long back-off', async () => {
    const sb = await startTestSandbox({ controllers: false });
    const clock = recordingClock();
    const cache = createLiveCache(clientFor(sb), { clock, backoff: { initialMs: 60_000, maxMs: 60_000 } });
    await cache.track('v1', 'ConfigMap');
    await sb.stop();
    await waitUntil(() => clock.sleeps.length >= 1, 3000);
    const t0 = Date.now();
    await cache.stop();
    expect(Date.now() - t0).toBeLessThan(500);
    await expect(cache.track('v1', 'Secret')).rejects.toThrow(/after stop/);
  });
});
