/**
 * One sandbox plus the real adapters a sync uses (kube client, informer cache, history, status, events),
 * and a way to sync an app given as files, the way the daemon and `sextant sync` do.
 */
import { createHash } from 'node:crypto';
import { systemClock } from '../../../src/adapters/clock.js';
import { createKubeClient, type KubeClient } from '../../../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../../../src/adapters/kube/kube-config.js';
import type { LiveCache } from '../../../src/adapters/kube/live-cache.js';
import { loadSnapshot } from '../../../src/core/manifests/load.js';
import { formatError, type App } from '../../../src/core/snapshot.js';
import type { HistoryStore } from '../../../src/engine/history/history-store.js';
import type { AppStatusStore } from '../../../src/engine/status/app-status-store.js';
import type { SyncAppResult, SyncProgress } from '../../../src/engine/sync/sync-app.js';
import { createSyncSession } from '../../../src/engine/sync/sync-session.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

export interface SyncHarness {
  sandbox: TestSandbox;
  client: KubeClient;
  live: LiveCache;
  history: HistoryStore;
  status: AppStatusStore;
  sync(
    files: Record<string, string>,
    opts?: { app?: string; sha?: string; onProgress?: (p: SyncProgress) => void },
  ): Promise<SyncAppResult>;
  stop(): Promise<void>;
}

export function appFrom(files: Record<string, string>, name: string): App {
  const sources = Object.entries(files).map(([path, text]) => ({
    path,
    content: Buffer.from(text),
    blobId: createHash('sha1').update(text).digest('hex'),
  }));
  const snapshot = loadSnapshot(sources);
  if (snapshot.errors.length > 0) throw new Error(snapshot.errors.map(formatError).join('\n'));
  const app = snapshot.apps.find((a) => a.name === name);
  if (!app) throw new Error(`no app ${name}`);
  return app;
}

let commits = 0;

export async function startSyncHarness(): Promise<SyncHarness> {
  const sandbox = await startTestSandbox();
  const client = createKubeClient(loadKubeConfig({ env: {}, kubeconfigPath: sandbox.kubeconfigPath }));
  const session = createSyncSession(client, { namespace: 'sextant-system', clock: systemClock });
  return {
    sandbox,
    client,
    live: session.live,
    history: session.history,
    status: session.status,
    async sync(files, o = {}) {
      const sha = o.sha ?? createHash('sha1').update(`commit ${++commits}`).digest('hex');
      return session.sync(appFrom(files, o.app ?? 'demo'), {
        commit: { sha, subject: `commit ${commits}`, author: { name: 'Test', email: 'test@example.com' } },
        trigger: 'manual',
        ...(o.onProgress ? { onProgress: o.onProgress } : {}),
        onWarning: (message, err) => console.warn(message, err),
      });
    },
    async stop() {
      await session.stop();
      await sandbox.stop();
    },
  };
}

/** A Deployment manifest; `extra` lines go under metadata (annotations). */
export function deployment(name: string, image = 'nginx:1.27', extra: string[] = [], replicas = 2): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...extra,
    'spec:',
    `  replicas: ${replicas}`,
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    `    spec: {containers: [{name: main, image: "${image}"}]}`,
    '',
  ].join('\n');
}

export function configMap(name: string, data: Record<string, string> = { a: '1' }, extra: string[] = []): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}`,
    ...extra,
    `data: ${JSON.stringify(data)}`,
    '',
  ].join('\n');
}

export function service(name: string, extra: string[] = []): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    ...extra,
    'spec:',
    `  selector: {app: ${name}}`,
    '  ports: [{port: 80}]',
    '',
  ].join('\n');
}

export function appYaml(name: string, syncPolicy: Record<string, unknown> = {}, namespace = 'default'): string {
  return [
    'apiVersion: sextant.dev/v1alpha1',
    'kind: Application',
    `metadata: {name: ${name}}`,
    `spec: {namespace: ${namespace}, syncPolicy: ${JSON.stringify({ timeout: '30s', ...syncPolicy })}}`,
    '',
  ].join('\n');
}
