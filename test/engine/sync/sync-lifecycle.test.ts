import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlFor, STATUS_TABLE, type KubectlResult } from '../../helpers/kubectl.js';
import { appYaml, configMap, deployment, service, startSyncHarness, type SyncHarness } from './sync-harness.js';

let h: SyncHarness;
let kubectl: (args: string[], input?: string) => Promise<KubectlResult>;

beforeAll(async () => {
  h = await startSyncHarness();
  kubectl = kubectlFor(h.sandbox.kubeconfigPath);
});
afterAll(async () => h.stop());

const files = (image = 'nginx:1.27'): Record<string, string> => ({
  'apps/demo/app.yaml': appYaml('demo'),
  'apps/demo/settings.yaml': configMap('settings', { mode: 'fast' }),
  'apps/demo/web.yaml': deployment('web', image),
  'apps/demo/web-svc.yaml': service('web'),
});

/** Every object's resourceVersion in the namespaces a sync touches, to prove a sync wrote nothing. */
async function versions(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [apiVersion, kind] of [
    ['v1', 'ConfigMap'],
    ['apps/v1', 'Deployment'],
    ['v1', 'Service'],
    ['v1', 'Secret'],
    ['v1', 'Event'],
  ] as const) {
    for (const item of (await h.client.list(apiVersion, kind)).items) {
      const m = item.metadata as { namespace?: string; name: string; resourceVersion: string };
      out.set(`${kind}/${m.namespace ?? ''}/${m.name}`, m.resourceVersion);
    }
  }
  return out;
}

describe('sync lifecycle on the sandbox', () => {
  it('first deploy applies every object, waits until healthy and records revision 1', async () => {
    const r = await h.sync(files(), { sha: 'a'.repeat(40) });
    expect(r.message).toMatch(/^synced/);
    expect(r.record?.revision).toBe(1);
    expect(r.record?.objects.map((o) => `${o.kind}/${o.name}:${o.result}`).sort()).toEqual([
      'ConfigMap/settings:Applied',
      'Deployment/web:Applied',
      'Service/web:Applied',
    ]);
    expect(r.record?.objects.find((o) => o.kind === 'Deployment')?.health).toBe('Healthy');
    const web = await h.client.get('apps/v1', 'Deployment', 'default', 'web');
    const meta = web?.metadata as { labels: Record<string, string>; annotations: Record<string, string> };
    expect(meta.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'sextant', 'sextant.dev/app': 'demo' });
    expect(meta.annotations).toMatchObject({
      'sextant.dev/tracking-id': 'demo:apps/Deployment:default/web',
      'sextant.dev/revision': 'a'.repeat(40),
      'sextant.dev/history-revision': '1',
      'sextant.dev/health': 'Healthy',
    });
    expect(r.status).toMatchObject({ syncStatus: 'Synced', health: 'Healthy', historyRevision: 1 });
    const table = await kubectl(STATUS_TABLE);
    expect(table.stdout).toMatch(/sextant-app-demo\s+1\s+\S+\s+Synced\s+Healthy/);
    const events = await kubectl(['get', 'events', '-n', 'sextant-system']);
    expect(events.stdout).toContain('SyncStarted');
    expect(events.stdout).toMatch(/Synced\s+.*synced aaaaaaa/);
  });

  it('a re-sync of the same commit writes nothing at all', async () => {
    const before = await versions();
    const r = await h.sync(files(), { sha: 'a'.repeat(40) });
    expect(r.outcome).toBe('NoOp');
    expect(r.record).toBeUndefined();
    expect(await versions()).toEqual(before);
    expect((await h.history.list('demo')).map((x) => x.revision)).toEqual([1]);
  });

  it('an upgrade writes only what changed and stamps it with the new revision', async () => {
    const r = await h.sync(files('nginx:1.28'), { sha: 'b'.repeat(40) });
    expect(r.message).toMatch(/^synced/);
    expect(r.record?.objects.map((o) => `${o.kind}:${o.result}`).sort()).toEqual([
      'ConfigMap:Unchanged',
      'Deployment:Applied',
      'Service:Unchanged',
    ]);
    const web = await h.client.get('apps/v1', 'Deployment', 'default', 'web');
    expect(JSON.stringify(web)).toContain('nginx:1.28');
    const cm = await h.client.get('v1', 'ConfigMap', 'default', 'settings');
    const ann = (o: unknown): Record<string, string> =>
      (o as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
    expect(ann(web)['sextant.dev/history-revision']).toBe('2');
    expect(ann(cm)['sextant.dev/history-revision']).toBe('1');
    expect(ann(cm)['sextant.dev/revision']).toBe('a'.repeat(40));
  });

  it('repairs drift made with kubectl, naming who changed the field', async () => {
    await kubectl(['scale', 'deployment/web', '--replicas=5', '-n', 'default']);
    await kubectl(['annotate', 'cm/settings', 'team=blue', '-n', 'default']);
    await expect.poll(() => h.live.get('apps/v1', 'Deployment', 'default', 'web')?.spec).toMatchObject({ replicas: 5 });
    const r = await h.sync(files('nginx:1.28'), { sha: 'b'.repeat(40) });
    expect(r.message).toMatch(/^synced/);
    expect(r.record?.objects.find((o) => o.kind === 'Deployment')).toMatchObject({
      result: 'Applied',
      message: expect.stringMatching(/took back \.spec\.replicas from kubectl \(drift reverted\)/) as unknown,
    });
    // An annotation Git never declared is not drift: the ConfigMap is left alone.
    expect(r.record?.objects.find((o) => o.kind === 'ConfigMap')?.result).toBe('Unchanged');
    const web = await h.client.get('apps/v1', 'Deployment', 'default', 'web');
    expect((web?.spec as { replicas: number }).replicas).toBe(2);
  });

  it('prunes an object removed from Git, and only objects carrying the tracking id', async () => {
    await kubectl(['create', 'configmap', 'hand-made', '-n', 'default', '--from-literal=x=1']);
    await kubectl(['label', 'cm/hand-made', 'sextant.dev/app=demo', '-n', 'default']);
    const { 'apps/demo/web-svc.yaml': _svc, ...rest } = files('nginx:1.28');
    const r = await h.sync(rest);
    expect(r.message).toMatch(/^synced/);
    expect(r.record?.objects.filter((o) => o.result === 'Pruned').map((o) => `${o.kind}/${o.name}`)).toEqual([
      'Service/web',
    ]);
    expect(await h.client.get('v1', 'Service', 'default', 'web')).toBeUndefined();
    expect(await h.client.get('v1', 'ConfigMap', 'default', 'hand-made')).toBeDefined();
  });

  it('refuses a sync that would prune more than half of the app, until the app consents', async () => {
    const three = {
      ...files('nginx:1.28'),
      'apps/demo/more.yaml': [configMap('one'), configMap('two')].join('---\n'),
    };
    expect((await h.sync(three)).message).toMatch(/^synced/);
    const shrunk = {
      'apps/demo/app.yaml': appYaml('demo'),
      'apps/demo/settings.yaml': configMap('settings', { mode: 'fast' }),
    };
    const refused = await h.sync(shrunk);
    expect(refused.outcome).toBe('Failed');
    expect(refused.message).toMatch(
      /refusing to prune 4 of the 5 live objects of app demo \(more than half\); set spec\.syncPolicy\.allowMassPrune: true/,
    );
    expect(refused.status.syncStatus).toBe('Failed');
    expect(await h.client.get('v1', 'ConfigMap', 'default', 'one')).toBeDefined();
    expect(await h.client.get('apps/v1', 'Deployment', 'default', 'web')).toBeDefined();

    const empty = await h.sync({ 'apps/demo/app.yaml': appYaml('demo') });
    expect(empty.message).toMatch(/Git now declares no objects for it, which would prune all 5 live objects/);

    const consent = await h.sync({ ...shrunk, 'apps/demo/app.yaml': appYaml('demo', { allowMassPrune: true }) });
    expect(consent.message).toMatch(/^synced/);
    expect(await h.client.get('v1', 'ConfigMap', 'default', 'one')).toBeUndefined();
    expect(await h.client.get('apps/v1', 'Deployment', 'default', 'web')).toBeUndefined();
  });
});
