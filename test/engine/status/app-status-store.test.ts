import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient, KubeObject } from '../../../src/adapters/kube/kube-client.js';
import { createAppStatusStore, type AppStatusStore } from '../../../src/engine/status/app-status-store.js';
import type { AppStatus } from '../../../src/engine/sync/sync-types.js';
import { startKube, type Logged } from '../../adapters/kube/client-for.js';
import { kubectlFor, type KubectlResult } from '../../helpers/kubectl.js';
import type { TestSandbox } from '../../helpers/sandbox.js';

const NS = 'sextant-system';

function statusOf(app: string, over: Partial<AppStatus> = {}): AppStatus {
  return {
    app,
    syncStatus: 'Synced',
    health: 'Healthy',
    revision: '3f2a9c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49',
    historyRevision: 4,
    message: 'applied 2 objects',
    syncedAt: '2024-05-01T12:00:00Z',
    objects: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        sync: 'Synced',
        health: 'Healthy',
        message: 'Deployment "web" successfully rolled out',
      },
    ],
    ...over,
  };
}

const meta = (o: KubeObject | undefined): Record<string, Record<string, string> | string> =>
  (o?.metadata ?? {}) as Record<string, Record<string, string> | string>;

describe('app-status ConfigMap', () => {
  let sb: TestSandbox;
  let kube: KubeClient;
  let requests: Logged[];
  let store: AppStatusStore;
  let kubectl: (args: string[]) => Promise<KubectlResult>;
  const writes = (): Logged[] => requests.filter((r) => r.method !== 'GET');

  beforeAll(async () => {
    ({ sb, kube, requests } = await startKube({ controllers: false }));
    store = createAppStatusStore(kube, { namespace: NS });
    kubectl = kubectlFor(sb.kubeconfigPath);
  });
  afterAll(() => sb.stop());

  it('creates the state namespace on first write and reads back what it wrote', async () => {
    expect(await kube.get('v1', 'Namespace', undefined, NS)).toBeUndefined();
    await store.write(statusOf('web'));
    expect(await kube.get('v1', 'Namespace', undefined, NS)).toBeDefined();
    expect(await store.read('web')).toEqual(statusOf('web'));
    expect(await store.read('nothing')).toBeUndefined();

    const cm = await kube.get('v1', 'ConfigMap', NS, 'sextant-app-web');
    expect(meta(cm).labels).toEqual({
      'sextant.dev/kind': 'app-status',
      'sextant.dev/app': 'web',
      'sextant.dev/sync-status': 'Synced',
      'sextant.dev/health': 'Healthy',
      'app.kubernetes.io/managed-by': 'sextant',
    });
    expect(meta(cm).annotations).toEqual({
      'sextant.dev/revision': '3f2a9c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49',
      'sextant.dev/history-revision': '4',
      'sextant.dev/message': 'applied 2 objects',
      'sextant.dev/synced-at': '2024-05-01T12:00:00Z',
    });
  });

  it('writes nothing when the status is unchanged, from this store or a fresh one', async () => {
    const before = meta(await kube.get('v1', 'ConfigMap', NS, 'sextant-app-web')).resourceVersion;
    const n = writes().length;
    expect(n).toBeGreaterThan(0); // the log sees writes at all
    await store.write(statusOf('web'));
    // A restarted daemon has no cache: it compares with the live object instead.
    await createAppStatusStore(kube, { namespace: NS }).write(statusOf('web'));
    expect(writes().length).toBe(n);
    expect(meta(await kube.get('v1', 'ConfigMap', NS, 'sextant-app-web')).resourceVersion).toBe(before);
  });

  it('keeps annotations another field manager added, and drops fields it no longer sends', async () => {
    const annotate = await kubectl(['annotate', 'cm', 'sextant-app-web', '-n', NS, 'sextant.dev/pinned-revision=3']);
    expect(annotate.code, annotate.stderr).toBe(0);
    await store.write(statusOf('web', { syncStatus: 'OutOfSync', health: 'Degraded', syncedAt: '', message: 'x' }));
    const annotations = meta(await kube.get('v1', 'ConfigMap', NS, 'sextant-app-web')).annotations;
    expect(annotations).toMatchObject({ 'sextant.dev/pinned-revision': '3', 'sextant.dev/message': 'x' });
    expect(annotations).not.toHaveProperty('sextant.dev/synced-at');
    expect((await store.read('web'))?.health).toBe('Degraded');
  });

  it('puts a long multi-line message on one line of at most 1000 characters in the annotation', async () => {
    const message = `first line\nsecond line ${'x'.repeat(2000)}`;
    await store.write(statusOf('long', { message }));
    const annotation = (
      meta(await kube.get('v1', 'ConfigMap', NS, 'sextant-app-long')).annotations as Record<string, string>
    )['sextant.dev/message'];
    expect(annotation?.length).toBe(1000);
    expect(annotation?.startsWith('first line second line xxx')).toBe(true);
    expect((await store.read('long'))?.message).toBe(message);
  });

  it('lists apps sorted by name, and kubectl shows the status table', async () => {
    await store.write(statusOf('api', { syncStatus: 'Failed', health: 'Progressing' }));
    expect((await store.list()).map((s) => s.app)).toEqual(['api', 'long', 'web']);

    const table = await kubectl([
      'get',
      'cm',
      '-n',
      NS,
      '-l',
      'sextant.dev/kind=app-status',
      '-L',
      'sextant.dev/sync-status',
      '-L',
      'sextant.dev/health',
    ]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+DATA\s+AGE\s+SYNC-STATUS\s+HEALTH$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).filter((_, i) => i !== 2))).toEqual([
      ['sextant-app-api', '1', 'Failed', 'Progressing'],
      ['sextant-app-long', '1', 'Synced', 'Healthy'],
      ['sextant-app-web', '1', 'OutOfSync', 'Degraded'],
    ]);
  });

  it('falls back to the labels and annotations when status.json was damaged by hand', async () => {
    await kube.mergePatch('v1', 'ConfigMap', NS, 'sextant-app-api', { data: { 'status.json': '{oops' } }, 'kubectl');
    expect(await store.read('api')).toEqual({
      ...statusOf('api', { syncStatus: 'Failed', health: 'Progressing' }),
      objects: [],
    });
  });
});
