/**
 * The sync engine against a sandbox run in a child process (controllers on): a no-op reconcile of an
 * app of 10,000 ConfigMaps with the informer cache warm, the heap the cache holds for 10,000 live
 * objects, and a first sync of 1,000 objects beside `kubectl apply --server-side -f` of the same files.
 */
import { execFile, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { systemClock } from '../src/adapters/clock.js';
import { createKubeClient, type KubeClient } from '../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../src/adapters/kube/kube-config.js';
import { createLiveCache, type LiveCache } from '../src/adapters/kube/live-cache.js';
import { loadSnapshot } from '../src/core/manifests/load.js';
import { formatError, type App } from '../src/core/snapshot.js';
import { inspectApp } from '../src/engine/sync/inspect-app.js';
import type { SyncAppResult } from '../src/engine/sync/sync-app.js';
import { createSyncSession } from '../src/engine/sync/sync-session.js';
import { ask, median, type Row } from './bench-kit.js';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
const LIVE_OBJECTS = 10_000;
const FIRST_SYNC = { configMaps: 960, deployments: 20, services: 20 };
const RUNS = Number(process.env.SEXTANT_BENCH_SYNC_RUNS ?? 3);
const NOOP_RUNS = 5;

/** gc() even when node was started without --expose-gc (as `npm run bench` does). */
function findGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function configMap(i: number): string {
  const n = String(i).padStart(5, '0');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${n}\n  labels: {team: t${i % 20}}\ndata: {mode: prod, index: "${i}", url: "https://svc-${i % 50}.example:8443/v1"}\n`;
}

function deployment(i: number): string {
  const name = `web-${i}`;
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}, labels: {app: ${name}}}`,
    'spec:',
    '  replicas: 2',
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    `    spec: {containers: [{name: web, image: "registry.example/${name}:1.0.${i % 7}", ports: [{containerPort: 8080}]}]}`,
    '',
  ].join('\n');
}

function service(i: number): string {
  return `apiVersion: v1\nkind: Service\nmetadata: {name: web-${i}}\nspec: {selector: {app: web-${i}}, ports: [{port: 80, targetPort: 8080}]}\n`;
}

function appYaml(name: string, namespace: string): string {
  return `apiVersion: sextant.dev/v1alpha1\nkind: Application\nmetadata: {name: ${name}}\nspec: {namespace: ${namespace}, syncPolicy: {timeout: 5m}}\n`;
}

/** The app `name` from manifests given as file name → text (the app folder is added here). */
function appOf(name: string, namespace: string, files: Map<string, string>): App {
  const all = [
    [`apps/${name}/app.yaml`, appYaml(name, namespace)],
    ...[...files].map(([f, t]) => [`apps/${name}/${f}`, t]),
  ];
  const snapshot = loadSnapshot(
    all.map(([p = '', text = '']) => ({
      path: p,
      content: Buffer.from(text),
      blobId: createHash('sha1').update(text).digest('hex'),
    })),
  );
  if (snapshot.errors.length > 0) throw new Error(snapshot.errors.map(formatError).join('\n'));
  const app = snapshot.apps.find((a) => a.name === name);
  if (!app) throw new Error(`no app ${name}`);
  return app;
}

function ms(x: number): string {
  return `${Math.round(x)} ms`;
}

function timed(measure: string, xs: number[]): Row {
  return { measure, value: `${ms(median(xs))} (median of ${xs.length}: ${xs.map(ms).join(', ')})` };
}

function runKubectl(kubeconfig: string, cacheDir: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
      { timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
      (err, _stdout, stderr) => (err ? reject(new Error(`kubectl failed: ${stderr.slice(0, 500)}`)) : resolve()),
    );
  });
}

/** The adapters one `sextant sync` process uses (a cache of its own), syncing with a fresh sha each time. */
function engine(client: KubeClient): { live: LiveCache; sync: (app: App) => Promise<SyncAppResult> } {
  const session = createSyncSession(client, { namespace: 'sextant-system', clock: systemClock });
  return {
    live: session.live,
    sync: (app) =>
      session.sync(app, {
        commit: {
          sha: createHash('sha1').update(`${app.name} ${Date.now()}`).digest('hex'),
          subject: 'bench',
          author: { name: 'Bench', email: 'bench@example.com' },
        },
        trigger: 'manual',
      }),
  };
}

async function createNamespace(client: KubeClient, name: string): Promise<void> {
  await client.apply(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    { fieldManager: 'bench', force: true },
  );
}

function expect(r: SyncAppResult, outcome: SyncAppResult['outcome']): void {
  if (r.outcome !== outcome) throw new Error(`app ${r.app}: ${r.outcome}, expected ${outcome}: ${r.message}`);
}

async function benchNoOp(client: KubeClient, gc: () => void): Promise<Row[]> {
  await createNamespace(client, 'bench-noop');
  const files = new Map(Array.from({ length: LIVE_OBJECTS }, (_, i) => [`cm-${i}.yaml`, configMap(i)]));
  const app = appOf('noop', 'bench-noop', files);
  const e = engine(client);
  const t0 = performance.now();
  expect(await e.sync(app), 'Succeeded');
  const firstMs = performance.now() - t0;

  // The heap a fresh informer cache holds once it lists every ConfigMap of the cluster.
  const probe = createLiveCache(client, { clock: systemClock });
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  await probe.track('v1', 'ConfigMap');
  gc();
  gc();
  const held = process.memoryUsage().heapUsed - before;
  const count = probe.list('v1', 'ConfigMap').length;
  await probe.stop();

  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < NOOP_RUNS; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    expect(await e.sync(app), 'NoOp');
    wall.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const inspect: number[] = [];
  for (let i = 0; i < NOOP_RUNS; i++) {
    const w0 = performance.now();
    await inspectApp(app, e.live);
    inspect.push(performance.now() - w0);
  }
  await e.live.stop();
  return [
    { measure: `first sync of ${LIVE_OBJECTS} ConfigMaps (one app)`, value: ms(firstMs) },
    timed(`no-op reconcile, ${LIVE_OBJECTS} objects, warm cache: wall`, wall),
    timed(`no-op reconcile, ${LIVE_OBJECTS} objects, warm cache: CPU`, cpu),
    timed(`inspectApp alone (diff of ${LIVE_OBJECTS}, warm cache)`, inspect),
    {
      measure: `heap held by the informer cache per ${LIVE_OBJECTS} live ConfigMaps`,
      value: `${(((held / count) * LIVE_OBJECTS) / 1024 / 1024).toFixed(1)} MiB (${count} cached)`,
    },
  ];
}

async function benchFirstSync(client: KubeClient, kubeconfig: string, work: string): Promise<Row[]> {
  const { configMaps, deployments, services } = FIRST_SYNC;
  const dir = path.join(work, 'manifests');
  fs.mkdirSync(dir);
  for (let i = 0; i < configMaps; i++) fs.writeFileSync(path.join(dir, `cm-${i}.yaml`), configMap(i));
  for (let i = 0; i < deployments; i++) fs.writeFileSync(path.join(dir, `deploy-${i}.yaml`), deployment(i));
  for (let i = 0; i < services; i++) fs.writeFileSync(path.join(dir, `svc-${i}.yaml`), service(i));
  const kubectlMs: number[] = [];
  const sextantMs: number[] = [];
  const timeKubectl = async (run: number): Promise<void> => {
    const ns = `bench-kubectl-${run}`;
    await createNamespace(client, ns);
    const cacheDir = path.join(work, `kube-cache-${run}`);
    const t0 = performance.now();
    await runKubectl(kubeconfig, cacheDir, ['apply', '--server-side', '--field-manager=bench', '-n', ns, '-f', dir]);
    kubectlMs.push(performance.now() - t0);
  };
  const timeSextant = async (run: number): Promise<void> => {
    const ns = `bench-sextant-${run}`;
    await createNamespace(client, ns);
    const e = engine(client);
    const t0 = performance.now();
    const files = new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    expect(await e.sync(appOf(`first-${run}`, ns, files)), 'Succeeded');
    sextantMs.push(performance.now() - t0);
    await e.live.stop();
  };
  for (let run = 0; run < RUNS; run++) {
    // Alternate who goes first so neither always meets the controllers still busy with the other's pods.
    const order = run % 2 === 0 ? [timeKubectl, timeSextant] : [timeSextant, timeKubectl];
    for (const step of order) {
      await step(run);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const k = median(kubectlMs);
  const s = median(sextantMs);
  const what = `${configMaps + deployments + services} objects (${configMaps} CM, ${deployments} Deploy, ${services} Svc)`;
  return [
    timed(`first sync ${what}: kubectl apply --server-side -f`, kubectlMs),
    timed(`first sync ${what}: sextant (load + syncApp, health-gated)`, sextantMs),
    { measure: 'ratio kubectl / sextant (above 1: sextant is faster)', value: `${(k / s).toFixed(2)}x` },
  ];
}

export async function benchSync(): Promise<Row[]> {
  const gc = findGc();
  const worker = fork(new URL('./sync-worker.js', import.meta.url));
  const ready = await ask<{ kubeconfigPath: string }>(worker, undefined, 'ready');
  const client = createKubeClient(loadKubeConfig({ env: {}, kubeconfigPath: ready.kubeconfigPath }));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-bench-sync-'));
  try {
    const noop = await benchNoOp(client, gc);
    const first = await benchFirstSync(client, ready.kubeconfigPath, work);
    return [...first, ...noop];
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    await ask(worker, { type: 'stop' }, 'stopped');
  }
}
