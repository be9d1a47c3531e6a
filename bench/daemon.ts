/**
 * `sextant run` end to end: push-to-converged latency for one app of 50 objects (webhook, then 1 s
 * polling), and the idle cost of a daemon in its own process following 100 apps of 20 objects.
 * The sandbox runs in a child process (controllers on) and Git is served by `git http-backend`.
 */
import { fork, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../src/adapters/log.js';
import { createKubeClient, type KubeClient } from '../src/adapters/kube/kube-client.js';
import { loadKubeConfig } from '../src/adapters/kube/kube-config.js';
import { startRun, type RunFlags } from '../src/cli/run.js';
import { createAppStatusStore } from '../src/engine/status/app-status-store.js';
import { createBareRepo, WorkRepo } from './git-repo.js';
import { startGitServer, type GitServer } from './git-server.js';
import { ask, median, type Row } from './bench-kit.js';

const STATE_NS = 'sextant-system';
const SECRET = 'bench-webhook-secret';
const RUNS = 5;
const LATENCY_APP = { name: 'latency', namespace: 'bench-latency', configMaps: 45, deployments: 5 };
const IDLE = { apps: 100, configMaps: 18, idleMs: 30_000, interval: '15s' };

type Sandbox = Awaited<ReturnType<typeof startSandboxWorker>>;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The sandbox (controllers on) in a child process, so its CPU is not counted as the daemon's. */
async function startSandboxWorker(): Promise<{ client: KubeClient; kubeconfigPath: string; stop(): Promise<void> }> {
  const worker = fork(new URL('./sync-worker.js', import.meta.url));
  const ready = await ask<{ kubeconfigPath: string }>(worker, undefined, 'ready');
  return {
    client: createKubeClient(loadKubeConfig({ env: {}, kubeconfigPath: ready.kubeconfigPath })),
    kubeconfigPath: ready.kubeconfigPath,
    async stop() {
      const stopped = ask(worker, undefined, 'stopped');
      worker.send({ type: 'stop' });
      await stopped;
    },
  };
}

const appYaml = (name: string, namespace: string): string =>
  `apiVersion: sextant.dev/v1alpha1\nkind: Application\nmetadata: {name: ${name}}\nspec: {namespace: ${namespace}, syncPolicy: {createNamespace: true, timeout: 60s}}\n`;
const configMap = (name: string, version: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {version: "${version}", mode: prod, url: "https://${name}.example:8443/v1"}\n`;
const service = (name: string): string =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {selector: {app: ${name}}, ports: [{port: 80, targetPort: 8080}]}\n`;
function deployment(name: string, image: string, replicas: number): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}}`,
    'spec:',
    `  replicas: ${replicas}`,
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    `    spec: {containers: [{name: main, image: "${image}", ports: [{containerPort: 8080}]}]}`,
    '',
  ].join('\n');
}

/** The latency app: its first ConfigMap holds version `v`, its first Deployment runs nginx:1.<image>. */
function latencyFiles(v: number, image: number): Record<string, string> {
  const { name, namespace, configMaps, deployments } = LATENCY_APP;
  const files: Record<string, string> = { [`apps/${name}/app.yaml`]: appYaml(name, namespace) };
  for (let i = 0; i < configMaps; i++)
    files[`apps/${name}/cm-${i}.yaml`] = configMap(`cm-${i}`, i === 0 ? `v${v}` : 'v0');
  for (let i = 0; i < deployments; i++)
    files[`apps/${name}/web-${i}.yaml`] = deployment(`web-${i}`, `nginx:1.${i === 0 ? image : 0}`, 2);
  return files;
}

function idleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let a = 0; a < IDLE.apps; a++) {
    const app = `idle-${String(a).padStart(3, '0')}`;
    files[`apps/${app}/app.yaml`] = appYaml(app, app);
    for (let i = 0; i < IDLE.configMaps; i++) files[`apps/${app}/cm-${i}.yaml`] = configMap(`cm-${i}`, 'v0');
    files[`apps/${app}/web.yaml`] = deployment('web', 'nginx:1.27', 1);
    files[`apps/${app}/svc.yaml`] = service('web');
  }
  return files;
}

/** Polls `probe` every 10 ms until true; throws after `ms`. */
async function until(what: string, probe: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Converged: the changed objects hold the new values and the app status says Synced/Healthy at `sha`. */
function latencyConverged(client: KubeClient, sha: string, v: number, image: number): () => Promise<boolean> {
  const status = createAppStatusStore(client, { namespace: STATE_NS });
  const { name, namespace } = LATENCY_APP;
  return async () => {
    const [s, cm, d] = await Promise.all([
      status.read(name),
      client.get('v1', 'ConfigMap', namespace, 'cm-0'),
      client.get('apps/v1', 'Deployment', namespace, 'web-0'),
    ]);
    const spec = d?.spec as { template: { spec: { containers: { image: string }[] } } } | undefined;
    return (
      s?.revision === sha &&
      s.syncStatus === 'Synced' &&
      s.health === 'Healthy' &&
      (cm?.data as Record<string, string> | undefined)?.version === `v${v}` &&
      spec?.template.spec.containers[0]?.image === `nginx:1.${image}`
    );
  };
}

function deliverPush(apiUrl: string, after: string): Promise<Response> {
  const body = JSON.stringify({ ref: 'refs/heads/main', after, repository: { clone_url: 'http://127.0.0.1/x.git' } });
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  return fetch(`${apiUrl}/api/v1/hooks/git`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': signature },
    body,
  });
}

const fmt = (xs: number[]): string => {
  const med = median(xs);
  return `median ${Math.round(med)} ms, max ${Math.round(Math.max(...xs))} ms (${xs.map(Math.round).join(', ')})`;
};

async function benchLatency(sb: Sandbox, git: GitServer, work: string): Promise<Row[]> {
  await createBareRepo(path.join(work, 'git'), 'latency');
  const repo = await WorkRepo.create(path.join(work, 'latency-work'), git.url('latency'));
  let v = 0;
  let image = 27;
  let sha = await repo.commitFiles('v0', latencyFiles(v, image));
  await repo.push();
  process.env.SEXTANT_WEBHOOK_SECRET = SECRET;
  const flags = (interval: string, n: number): RunFlags => ({
    ...{ repo: git.url('latency'), branch: 'main', path: '', cacheDir: path.join(work, `cache-${n}`), interval },
    ...{ kubeconfig: sb.kubeconfigPath, listen: '127.0.0.1:0', namespace: STATE_NS, concurrency: 4 },
    ...{ leaderElect: true, identity: 'bench-daemon' },
  });
  const log = createLogger({ level: 'silent', pretty: false });
  const rows: Row[] = [];
  const what = `${LATENCY_APP.configMaps} ConfigMaps + ${LATENCY_APP.deployments} Deployments`;
  /** One case: RUNS pushes, each timed from `git push` returning to convergence. */
  const measure = async (label: string, interval: string, bumpImage: boolean, webhook: boolean): Promise<void> => {
    const daemon = await startRun(flags(interval, rows.length), log);
    try {
      await until('the daemon to converge', latencyConverged(sb.client, sha, v, image));
      const times: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        v++;
        if (bumpImage) image++;
        sha = await repo.commitFiles(`v${v}`, latencyFiles(v, image));
        await repo.push();
        const t0 = performance.now();
        if (webhook) {
          const res = await deliverPush(daemon.url, sha);
          if (res.status !== 202) throw new Error(`webhook answered ${res.status}`);
        }
        await until(`v${v} converged`, latencyConverged(sb.client, sha, v, image), 30_000);
        times.push(performance.now() - t0);
        await sleep(300 + Math.random() * 400);
      }
      rows.push({ measure: `push to converged, ${label}`, value: fmt(times) });
    } finally {
      await daemon.stop();
    }
  };
  await measure(`webhook: 1 CM + 1 image of ${what}`, '60s', true, true);
  await measure('webhook: 1 ConfigMap changed (no rollout)', '60s', false, true);
  await measure('1 s polling: 1 CM + 1 image', '1s', true, false);
  return rows;
}

/** utime + stime in clock ticks, from /proc/<pid>/stat (fields 14 and 15, after the command name). */
function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

function statusKiB(pid: number, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? NaN);
}

async function benchIdle(sb: Sandbox, git: GitServer, work: string): Promise<Row[]> {
  await createBareRepo(path.join(work, 'git'), 'idle');
  const repo = await WorkRepo.create(path.join(work, 'idle-work'), git.url('idle'));
  const sha = await repo.commitFiles('100 apps', idleFiles());
  await repo.push();
  const main = new URL('../src/main.js', import.meta.url).pathname;
  const args = [main, '--log-level', 'warn', 'run', '--repo', git.url('idle'), '--branch', 'main'];
  args.push('--cache-dir', path.join(work, 'cache-idle'), '--interval', IDLE.interval);
  args.push('--kubeconfig', sb.kubeconfigPath, '--listen', '127.0.0.1:0', '--identity', 'bench-idle');
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid ?? NaN;
  const status = createAppStatusStore(sb.client, { namespace: STATE_NS });
  try {
    await until(
      `${IDLE.apps} apps Synced`,
      async () => {
        if (child.exitCode !== null) throw new Error(`the daemon exited: ${stderr}`);
        const all = await status.list();
        const done = all.filter((s) => s.revision === sha && s.syncStatus === 'Synced' && s.health === 'Healthy');
        if (done.length < IDLE.apps) await sleep(200);
        return done.length === IDLE.apps;
      },
      150_000,
    );
    const convergedMs = performance.now() - t0;
    await sleep(2_000); // let the last status writes and pod updates settle
    const hz = 100; // USER_HZ: 100 on every Linux architecture Node supports
    const c0 = cpuTicks(pid);
    const w0 = performance.now();
    await sleep(IDLE.idleMs);
    const cpuPct = ((cpuTicks(pid) - c0) / hz / ((performance.now() - w0) / 1000)) * 100;
    const objects = IDLE.apps * (IDLE.configMaps + 2);
    const what = `${IDLE.apps} apps x ${IDLE.configMaps + 2} objects (${IDLE.configMaps} CM, 1 Deploy, 1 Svc)`;
    return [
      { measure: `daemon start to all apps Synced+Healthy, ${what}`, value: `${(convergedMs / 1000).toFixed(1)} s` },
      {
        measure: `idle CPU over ${IDLE.idleMs / 1000} s, --interval ${IDLE.interval}, ${objects} objects`,
        value: `${cpuPct.toFixed(2)} % of one core`,
      },
      {
        measure: 'daemon memory after idle: VmRSS (peak VmHWM)',
        value: `${(statusKiB(pid, 'VmRSS') / 1024).toFixed(0)} MiB (${(statusKiB(pid, 'VmHWM') / 1024).toFixed(0)} MiB)`,
      },
    ];
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }
}

export async function benchDaemon(): Promise<Row[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-bench-daemon-'));
  const git = await startGitServer({ root: path.join(work, 'git') });
  try {
    // A fresh sandbox each, so the idle daemon neither sees nor pays for the latency app.
    const sb1 = await startSandboxWorker();
    const latency = await benchLatency(sb1, git, work).finally(() => sb1.stop());
    const sb2 = await startSandboxWorker();
    const idle = await benchIdle(sb2, git, work).finally(() => sb2.stop());
    return [...latency, ...idle];
  } finally {
    await git.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
