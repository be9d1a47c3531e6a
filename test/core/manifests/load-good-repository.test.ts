import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../../src/core/manifests/load.js';
import { mergePolicies } from '../../../src/core/manifests/policy-merge.js';
import { formatError, type Snapshot } from '../../../src/core/snapshot.js';
import { createFakeValidator } from './fake-validator.js';
import { readFixture } from './fixture-files.js';

function resourcesOf(snapshot: Snapshot, app: string): string[] {
  const found = snapshot.apps.find((a) => a.name === app);
  return (found?.resources ?? []).map((r) => `${r.kind} ${r.namespace}/${r.name}`);
}

describe('loading a good repository', () => {
  const provenance = {
    commit: 'a'.repeat(40),
    subject: 'Add api',
    author: { name: 'Ada', email: 'ada@example.com' },
    time: '2026-01-02T03:04:05Z',
    ref: 'main',
  };
  const snapshot = loadSnapshot(readFixture('good'), { validator: createFakeValidator(), provenance });

  it('reports no errors, ignoring files outside the Sextant folders and hidden ones', () => {
    expect(snapshot.errors.map(formatError)).toEqual([]);
    expect(snapshot.provenance).toEqual(provenance);
  });

  it('lists every app after the apps it depends on', () => {
    expect(snapshot.apps.map((a) => a.name)).toEqual(['platform', 'db', 'api']);
  });

  it('fills in the app namespace for namespaced kinds only, in file order', () => {
    expect(resourcesOf(snapshot, 'platform')).toEqual([
      'CustomResourceDefinition /widgets.example.com',
      'CustomResourceDefinition /gadgets.example.com',
      'Gadget /shared-gadget', // cluster-scoped by the CRD in the same repository
      'ClusterIssuer /letsencrypt', // undescribed kind, app without namespace: cluster-scoped
      'ConfigMap data/cluster-info', // an item of a v1 List, in a .json file
      'Namespace /api',
      'Namespace /data',
      'ClusterRole /reader',
    ]);
    expect(resourcesOf(snapshot, 'db')).toEqual([
      'Deployment data/postgres',
      'Service data/postgres',
      'Secret data/postgres-auth',
    ]);
    expect(resourcesOf(snapshot, 'api')).toEqual([
      'Deployment api/api',
      'Service api/api',
      'ConfigMap data/api-settings', // its own namespace wins
      'Widget api/front', // namespaced by the CRD
      'ServiceMonitor api/api', // undescribed kind: takes the app's namespace
    ]);
  });

  it('keeps objects as written, adding only the defaulted namespace, and records where they came from', () => {
    const api = snapshot.apps.find((a) => a.name === 'api');
    const deployment = api?.resources[0];
    expect(deployment?.source).toEqual({ file: 'apps/api/deployment.yaml', line: 1, column: 1 });
    expect(deployment?.object).toMatchObject({
      metadata: { name: 'api', namespace: 'api', annotations: { 'sextant.dev/sync-wave': '1' } },
      spec: { template: { metadata: { labels: { app: 'api' } } } }, // the alias is expanded
    });
    const listed = snapshot.apps[0]?.resources.find((r) => r.name === 'cluster-info');
    expect(listed?.source).toEqual({ file: 'apps/platform/list.json', line: 5, column: 5 });
    // Shared through the parse cache between snapshots, so nobody may change them.
    expect(Object.isFrozen(deployment?.object)).toBe(true);
  });

  it('applies Application defaults and overrides', () => {
    const [platform, db, api] = snapshot.apps;
    expect(platform?.spec).toEqual({
      dependsOn: [],
      syncPolicy: {
        automated: true,
        prune: true,
        selfHeal: false,
        autoRollback: false,
        retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
        timeout: '5m',
        allowMassPrune: false,
        createNamespace: false,
        forceConflicts: false,
      },
      ignoreDifferences: [],
      suspended: false,
      historyLimit: 10,
    });
    expect(platform?.source).toBeUndefined();
    expect(db?.spec).toMatchObject({ namespace: 'data', historyLimit: 20, dependsOn: ['platform'] });
    expect(db?.spec.syncPolicy).toMatchObject({ selfHeal: true, retry: { limit: 3, backoff: { duration: '5s' } } });
    expect(api?.source).toEqual({ file: 'apps/api/app.yaml', line: 1, column: 1 });
    expect(api?.spec.syncPolicy).toEqual({
      automated: true,
      prune: false,
      selfHeal: false,
      autoRollback: true,
      allowMassPrune: false,
      createNamespace: false,
      forceConflicts: false,
      retry: { limit: 2, backoff: { duration: '10s', factor: 1.5, maxDuration: '1m30s' } },
      timeout: '10m',
    });
    expect(api?.spec.ignoreDifferences).toEqual([
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
    ]);
  });

  it('gives each app a SHA-256 digest', () => {
    const digests = snapshot.apps.map((a) => a.digest);
    for (const d of digests) expect(d).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(new Set(digests).size).toBe(3);
  });

  it('reads workflows and policies', () => {
    expect(snapshot.workflows.map((w) => `${w.apiVersion} ${w.kind} ${w.name} ${w.source.file}`)).toEqual([
      'argoproj.io/v1alpha1 Workflow build- workflows/build.yaml', // named by generateName
      'sextant.dev/v1alpha1 CronWorkflow nightly workflows/nightly.yaml',
      'argoproj.io/v1alpha1 WorkflowTemplate ci workflows/templates/ci.yaml',
    ]);
    expect(snapshot.policies.map((p) => p.name)).toEqual(['platform', 'windows']);
  });

  it('merges policies, with identical repeats folded and defaults applied', () => {
    const { policy, errors } = mergePolicies(snapshot.policies);
    expect(errors).toEqual([]);
    expect(policy.quotas.map((q) => [q.name, q.scope, q.hard])).toEqual([
      ['cluster-total', { namespaces: [], apps: [] }, { 'requests.cpu': '16', 'requests.memory': '32Gi' }],
      ['team-a', { namespaces: ['team-a'], apps: [] }, { 'requests.cpu': '4', 'requests.memory': '8Gi', pods: '40' }],
    ]);
    expect(policy.namespaces).toHaveLength(1);
    expect(policy.namespaces[0]).toMatchObject({ name: 'team-a', allowedApps: ['api', 'db'], labels: { team: 'a' } });
    expect(policy.syncWindows.map((w) => [w.kind, w.schedule, w.duration, w.timeZone, w.apps, w.manualSync])).toEqual([
      ['deny', '0 22 * * *', '8h', 'UTC', ['*'], true],
      ['allow', '@weekdays', '1h30m', 'UTC', ['api'], false],
    ]);
    expect(policy.gates).toMatchObject([{ apps: ['prod-*'], approval: 'manual' }]);
  });

  it('loads the same way without a schema validator', () => {
    const plain = loadSnapshot(readFixture('good'));
    expect(plain.errors).toEqual([]);
    expect(plain.apps.map((a) => a.digest)).toEqual(snapshot.apps.map((a) => a.digest));
  });
});
