import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient, KubeObject } from '../../../src/adapters/kube/kube-client.js';
import { KubeError } from '../../../src/adapters/kube/kube-error.js';
import { createAppStatusStore } from '../../../src/engine/status/app-status-store.js';
import { createStatusEvents } from '../../../src/engine/status/status-events.js';
import type { SyncCluster } from '../../../src/engine/sync/sync-types.js';
import { startKube } from '../../adapters/kube/client-for.js';
import { kubectlFor, type KubectlResult } from '../../helpers/kubectl.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { ManualClock } from '../manual-clock.js';

const NS = 'sextant-system';

describe('sync events on the app-status ConfigMap', () => {
  let sb: TestSandbox;
  let kube: KubeClient;
  let kubectl: (args: string[]) => Promise<KubectlResult>;
  const clock = new ManualClock(new Date());

  async function eventsFor(name: string): Promise<KubeObject[]> {
    const { items } = await kube.list('v1', 'Event', { namespace: NS });
    return items.filter((e) => (e.involvedObject as { name?: string } | undefined)?.name === name);
  }

  beforeAll(async () => {
    ({ sb, kube } = await startKube({ controllers: false }));
    kubectl = kubectlFor(sb.kubeconfigPath);
    await createAppStatusStore(kube, { namespace: NS }).write({
      app: 'web',
      syncStatus: 'Synced',
      health: 'Healthy',
      revision: 'abc1234',
      historyRevision: 1,
      message: 'ok',
      syncedAt: clock.now().toISOString(),
      objects: [],
    });
  });
  afterAll(() => sb.stop());

  it('records events that kubectl get events shows with reason, type and message', async () => {
    const errors: unknown[] = [];
    const events = createStatusEvents(kube, { namespace: NS, clock, onError: (e) => errors.push(e) });
    await events.record('web', 'SyncStarted', 'sync of abc1234 (revision 2) started');
    await events.record('web', 'Synced', 'applied 3 objects, 1 unchanged');
    await events.record('web', 'SyncFailed', 'Deployment shop/web: image pull failed');
    expect(errors).toEqual([]);

    const out = await kubectl(['get', 'events', '-n', NS]);
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(out.stdout).toMatch(
      /Normal\s+SyncStarted\s+configmap\/sextant-app-web\s+sync of abc1234 \(revision 2\) started/,
    );
    expect(out.stdout).toMatch(/Normal\s+Synced\s+configmap\/sextant-app-web\s+applied 3 objects, 1 unchanged/);
    expect(out.stdout).toMatch(/Warning\s+SyncFailed\s+configmap\/sextant-app-web\s+Deployment shop\/web: image pull/);
  });

  it('points at the ConfigMap by uid, with the fields a real apiserver requires beside eventTime', async () => {
    const cm = await kube.get('v1', 'ConfigMap', NS, 'sextant-app-web');
    const [event] = await eventsFor('sextant-app-web');
    expect(event?.involvedObject).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'sextant-app-web',
      namespace: NS,
      uid: (cm?.metadata as { uid: string }).uid,
    });
    expect(event).toMatchObject({
      source: { component: 'sextant' },
      reportingComponent: 'sextant',
      reportingInstance: 'sextant',
      action: 'Sync',
      count: 1,
    });
    expect(event?.firstTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(event?.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect((event?.metadata as { name: string }).name).toMatch(/^sextant-app-web\.[0-9a-f]+$/);
  });

  it('describes an app whose ConfigMap does not exist yet, and keeps messages to one line of 1024 chars', async () => {
    const events = createStatusEvents(kube, { namespace: NS, clock });
    await events.record('new', 'RollbackFailed', `line one\nline two ${'y'.repeat(3000)}`);
    const [event] = await eventsFor('sextant-app-new');
    expect(event?.type).toBe('Warning');
    expect(event?.involvedObject).not.toHaveProperty('uid');
    expect(String(event?.message)).toHaveLength(1024);
    expect(String(event?.message)).toMatch(/^line one line two y+…$/);
  });

  it('never fails the caller when the event cannot be written', async () => {
    const broken: SyncCluster = {
      ...kube,
      get: () => Promise.resolve(undefined),
      create: () => Promise.reject(new KubeError('create Event: 403 Forbidden', { code: 'forbidden' })),
    };
    const errors: unknown[] = [];
    const events = createStatusEvents(broken, { namespace: NS, clock, onError: (e) => errors.push(e) });
    await expect(events.record('web', 'Pruned', 'pruned 1 object')).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    await expect(createStatusEvents(broken, { namespace: NS, clock }).record('web', 'Synced', 'x')).resolves.toBe(
      undefined,
    );
  });
});
