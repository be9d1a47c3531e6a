import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient, type KubeClient } from '../../../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../../../src/adapters/kube/kube-config.js';
import { SECRET_MASK } from '../../../src/core/diff/redact-secret.js';
import {
  createHistoryStore,
  HistoryError,
  redactRecord,
  type HistoryStore,
} from '../../../src/engine/history/history-store.js';
import type { SyncRecord } from '../../../src/engine/sync/sync-types.js';
import { kubectlFor, type KubectlResult } from '../../helpers/kubectl.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { ManualClock } from '../manual-clock.js';

const NS = 'sextant-system';

function syncOf(app: string, sha: string, extra: Partial<SyncRecord> = {}): Omit<SyncRecord, 'revision'> {
  return {
    app,
    commit: { sha, subject: `deploy ${sha}`, author: { name: 'Ada', email: 'ada@example.com' } },
    trigger: 'poll',
    startedAt: '2024-01-01T00:00:00.000Z',
    outcome: 'Running',
    message: '',
    objects: [],
    manifests: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: app, namespace: 'shop', annotations: { 'sextant.dev/sync-wave': '1' } },
        spec: { replicas: 3, template: { spec: { containers: [{ name: 'c', image: `img:${sha}` }] } } },
        unknownField: { createdAt: '2024-01-01T00:00:00Z', n: 1.5, none: null },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db', namespace: 'shop' },
        data: { password: 'aHVudGVyMg==' },
      },
    ],
    appSpec: { namespace: 'shop', syncPolicy: { automated: true } },
    ...extra,
  };
}

function finished(r: Omit<SyncRecord, 'revision'>, revision: number, outcome: SyncRecord['outcome']): SyncRecord {
  return { ...r, revision, outcome, finishedAt: '2024-01-01T00:01:00.000Z', message: `${outcome} by test` };
}

describe('history store on the sandbox', () => {
  let sb: TestSandbox;
  let kube: KubeClient;
  let store: HistoryStore;
  let kubectl: (args: string[]) => Promise<KubectlResult>;
  const clock = new ManualClock(new Date('2024-05-01T12:00:00Z'));

  beforeAll(async () => {
    sb = await startTestSandbox({ controllers: false });
    kube = createKubeClient(loadKubeConfig({ kubeconfigPath: sb.kubeconfigPath, env: {} }), { timeoutMs: 5000 });
    store = createHistoryStore(kube, { namespace: NS, clock });
    kubectl = kubectlFor(sb.kubeconfigPath);
  });
  afterAll(() => sb.stop());

  it('creates the state namespace on first use and numbers revisions 1, 2, 3', async () => {
    expect(await kube.get('v1', 'Namespace', undefined, NS)).toBeUndefined();
    const ns = [];
    for (const sha of ['a1', 'b2', 'c3']) ns.push(await store.begin(syncOf('web', sha)));
    expect(ns).toEqual([1, 2, 3]);
    const namespace = await kube.get('v1', 'Namespace', undefined, NS);
    expect(namespace?.metadata).toMatchObject({ labels: { 'app.kubernetes.io/managed-by': 'sextant' } });
    const secret = await kube.get('v1', 'Secret', NS, 'sextant-rev-web-2');
    expect(secret).toMatchObject({
      type: 'sextant.dev/sync-revision',
      metadata: {
        labels: {
          'sextant.dev/app': 'web',
          'sextant.dev/revision': '2',
          'sextant.dev/status': 'Running',
          'sextant.dev/kind': 'sync-revision',
          'app.kubernetes.io/managed-by': 'sextant',
        },
        annotations: { 'sextant.dev/git-sha': 'b2', 'sextant.dev/trigger': 'poll', 'sextant.dev/subject': 'deploy b2' },
      },
    });
    expect(secret?.immutable).toBeUndefined();
  });

  it('gives concurrent begin() calls distinct numbers', async () => {
    const got = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => store.begin(syncOf('race', `r${i}`))));
    expect([...got].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('finish writes the final record, makes the Secret immutable, and refuses a second finish', async () => {
    const n = await store.begin(syncOf('fin', 'f1'));
    const done = finished(syncOf('fin', 'f1'), n, 'Succeeded');
    await store.finish(done);
    const secret = await kube.get('v1', 'Secret', NS, `sextant-rev-fin-${n}`);
    expect(secret?.immutable).toBe(true);
    expect(secret?.metadata).toMatchObject({
      labels: { 'sextant.dev/status': 'Succeeded' },
      annotations: { 'sextant.dev/finished-at': '2024-01-01T00:01:00.000Z' },
    });
    const again = await store.finish({ ...done, outcome: 'Failed', message: 'rewritten' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(HistoryError);
    expect((again as HistoryError).code).toBe('already-finished');
    expect((again as Error).message).toContain('never rewritten');
    expect(await store.get('fin', n)).toEqual(done);
    // The API server itself refuses to change the record now, whoever asks.
    const tamper = kube.mergePatch('v1', 'Secret', NS, `sextant-rev-fin-${n}`, { data: { 'record.json.gz': '' } }, 'x');
    await expect(tamper).rejects.toThrow(/field is immutable/);
    await expect(store.finish({ ...done, outcome: 'Running' })).rejects.toThrow(/outcome Running/);
  });

  it('get round-trips the exact record, manifests and Secret values included', async () => {
    const n = await store.begin(syncOf('exact', 'e1'));
    const done = finished(syncOf('exact', 'e1', { rollbackOf: 7, trigger: 'rollback' }), n, 'Failed');
    await store.finish(done);
    const got = await store.get('exact', n);
    expect(got).toEqual(done);
    expect(JSON.stringify(got?.manifests)).toBe(JSON.stringify(done.manifests));
    expect(await store.get('exact', 99)).toBeUndefined();
  });

  it('lists newest first, with what `sextant history` shows', async () => {
    const n1 = await store.begin(syncOf('hist', 'h1'));
    await store.finish(finished(syncOf('hist', 'h1'), n1, 'Succeeded'));
    const n2 = await store.begin(syncOf('hist', 'h2', { trigger: 'rollback', rollbackOf: n1 }));
    const list = await store.list('hist');
    expect(list.map((s) => [s.revision, s.outcome])).toEqual([
      [2, 'Running'],
      [1, 'Succeeded'],
    ]);
    expect(list[0]).toMatchObject({ revision: n2, trigger: 'rollback', rollbackOf: 1, commit: { sha: 'h2' } });
    expect(list[1]).toMatchObject({ message: 'Succeeded by test', finishedAt: '2024-01-01T00:01:00.000Z' });
    expect(await store.list('nobody')).toEqual([]);
  });

  it('marks revisions a dead daemon left Running as Interrupted, once', async () => {
    const a = await store.begin(syncOf('crash', 'k1'));
    await store.finish(finished(syncOf('crash', 'k1'), a, 'Succeeded'));
    const b = await store.begin(syncOf('crash', 'k2'));
    const found = await store.markInterrupted('crash');
    expect(found.map((r) => [r.revision, r.outcome])).toEqual([[b, 'Interrupted']]);
    expect(found[0]?.message).toContain('2024-05-01T12:00:00.000Z');
    expect(found[0]?.finishedAt).toBe('2024-05-01T12:00:00.000Z');
    expect(await store.get('crash', b)).toMatchObject({
      outcome: 'Interrupted',
      manifests: syncOf('crash', 'k2').manifests,
    });
    expect((await kube.get('v1', 'Secret', NS, `sextant-rev-crash-${b}`))?.immutable).toBe(true);
    expect(await store.markInterrupted('crash')).toEqual([]);
    expect((await store.get('crash', a))?.outcome).toBe('Succeeded');
  });

  it('trims the oldest finished revisions, keeping the newest success and anything Running', async () => {
    const outcomes = ['Succeeded', 'Succeeded', 'Failed', 'Failed', 'Failed'] as const;
    for (const [i, outcome] of outcomes.entries()) {
      const n = await store.begin(syncOf('trim', `t${i}`));
      await store.finish(finished(syncOf('trim', `t${i}`), n, outcome));
    }
    await store.begin(syncOf('trim', 't-running'));
    expect(await store.trim('trim', 2)).toEqual([1, 3, 4]);
    expect((await store.list('trim')).map((s) => s.revision)).toEqual([6, 5, 2]);
    expect(await store.trim('trim', 2)).toEqual([]);
    // Numbers keep rising after a trim: nothing is ever reused.
    expect(await store.begin(syncOf('trim', 't-next'))).toBe(7);
  });

  it('names the Secret when a record cannot be decoded, and still lists it', async () => {
    await kube.create(
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'sextant-rev-bad-1',
          namespace: NS,
          labels: {
            'sextant.dev/app': 'bad',
            'sextant.dev/kind': 'sync-revision',
            'sextant.dev/revision': '1',
            'sextant.dev/status': 'Failed',
          },
          annotations: { 'sextant.dev/git-sha': 'dead', 'sextant.dev/trigger': 'webhook' },
        },
        type: 'sextant.dev/sync-revision',
        data: { 'record.json.gz': Buffer.from('not gzip at all').toString('base64') },
      },
      { fieldManager: 'test' },
    );
    await expect(store.get('bad', 1)).rejects.toThrow(
      /history Secret sextant-system\/sextant-rev-bad-1: .*not valid gzip/,
    );
    const [summary] = await store.list('bad');
    expect(summary).toMatchObject({ revision: 1, outcome: 'Failed', trigger: 'webhook', commit: { sha: 'dead' } });
    expect(summary?.message).toContain('sextant-rev-bad-1');
  });

  it('is readable with kubectl, as docs/history.md says', async () => {
    const table = await kubectl([
      'get',
      'secret',
      '-n',
      NS,
      '-l',
      'sextant.dev/app=web',
      '-L',
      'sextant.dev/revision',
      '-L',
      'sextant.dev/status',
    ]);
    expect(table.code, table.stderr).toBe(0);
    const rows = table.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/NAME\s+TYPE\s+DATA\s+AGE\s+REVISION\s+STATUS/);
    expect(rows.slice(1).map((r) => r.split(/\s+/)[0])).toEqual([
      'sextant-rev-web-1',
      'sextant-rev-web-2',
      'sextant-rev-web-3',
    ]);
    expect(rows[1]).toMatch(/sextant\.dev\/sync-revision\s+1\s+\S+\s+1\s+Running/);
    const raw = await kubectl([
      'get',
      'secret',
      '-n',
      NS,
      'sextant-rev-web-1',
      '-o',
      'jsonpath={.data.record\\.json\\.gz}',
    ]);
    expect(raw.code, raw.stderr).toBe(0);
    const record = JSON.parse(gunzipSync(Buffer.from(raw.stdout, 'base64')).toString('utf8')) as SyncRecord;
    expect(record).toMatchObject({ app: 'web', revision: 1, commit: { sha: 'a1' }, outcome: 'Running' });
  });

  it('redactRecord masks Secret values in manifests for printing, leaving the record intact', () => {
    const r = finished(syncOf('web', 'a1'), 1, 'Succeeded');
    const shown = redactRecord(r);
    expect(shown.manifests[1]).toMatchObject({ data: { password: SECRET_MASK } });
    expect(JSON.stringify(shown)).not.toContain('aHVudGVyMg==');
    expect(shown.manifests[0]).toEqual(r.manifests[0]);
    expect(r.manifests[1]).toMatchObject({ data: { password: 'aHVudGVyMg==' } });
  });
});
