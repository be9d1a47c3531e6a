/**
 * Git source cost against a real git http-backend on 127.0.0.1, for a repository of 2,000
 * manifests (~300 B each, 100 apps) with history: (a) a poll when nothing changed, in ms and
 * bytes, beside `git ls-remote`; (b) one new commit that changes a few files: the source's whole
 * poll (ls-refs + fetch + tree read + changedPaths) beside native `git fetch` into a clone of the
 * same repository, in the same run, with the ratio.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGitSource, type GitLogger } from '../src/adapters/git/git-source.js';
import { createBareRepo, runGit, WorkRepo } from './git-repo.js';
import { startGitServer, type GitRequestLogEntry } from './git-server.js';
import { median, type Row } from './bench-kit.js';

const APPS = 100;
const FILES_PER_APP = 20;
const HISTORY = 20;
const IDLE_POLLS = 20;
const LS_REMOTES = 10;
const ROUNDS = 7;

function manifest(app: number, i: number, revision: number): string {
  const name = `app-${String(app).padStart(3, '0')}`;
  const ns = `team-${app % 17}`;
  if (i % 2 === 0) {
    return `apiVersion: v1
kind: Service
metadata:
  name: ${name}-svc-${i}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/part-of: shop
spec:
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - name: http
      port: 80
      targetPort: ${8000 + i}
`;
  }
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config-${i}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${name}
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "checkout,search"
  UPSTREAM_URL: http://app-${String((app + 1) % APPS).padStart(3, '0')}.${ns}.svc:80
  REVISION: "${revision}"
`;
}

function fileName(app: number, i: number): string {
  return `apps/app-${String(app).padStart(3, '0')}/${i % 2 === 0 ? 'service' : 'config'}-${i}.yaml`;
}

/** Changes three config files of one app. */
function change(round: number): Record<string, string> {
  const app = (round * 37) % APPS;
  const out: Record<string, string> = {};
  for (const i of [1, 3, 5]) out[fileName(app, i)] = manifest(app, i, 1000 + round);
  return out;
}

function p90(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.9))] ?? NaN;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const out = await fn();
  return [performance.now() - t, out];
}

function traffic(log: GitRequestLogEntry[], n: number): string {
  const sent = log.reduce((a, e) => a + e.wireIn, 0) / n;
  const recv = log.reduce((a, e) => a + e.wireOut, 0) / n;
  const body = log.reduce((a, e) => a + e.requestBytes + e.responseBytes, 0) / n;
  return `${(log.length / n).toFixed(0)} req, ${sent.toFixed(0)} B sent, ${recv.toFixed(0)} B received (bodies ${body.toFixed(0)} B)`;
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;

export async function benchGit(): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-bench-git-'));
  const root = path.join(dir, 'served');
  await createBareRepo(root, 'bench');
  const server = await startGitServer({ root });
  const url = server.url('bench');
  const rows: Row[] = [];
  try {
    const work = await WorkRepo.create(path.join(dir, 'work'), url);
    const files: Record<string, string> = {};
    for (let a = 0; a < APPS; a++) for (let i = 0; i < FILES_PER_APP; i++) files[fileName(a, i)] = manifest(a, i, 0);
    await work.commitFiles('Initial import', files);
    for (let h = 1; h < HISTORY; h++) await work.commitFiles(`History ${h}`, change(500 + h));
    await work.push();
    const bytes = Object.values(files).reduce((n, f) => n + f.length, 0);
    rows.push({
      measure: 'repository',
      value: `${APPS * FILES_PER_APP} files, avg ${(bytes / (APPS * FILES_PER_APP)).toFixed(0)} B, ${HISTORY} commits`,
    });

    let phases = { resolveMs: 0, fetchMs: 0, readMs: 0 };
    const logger: GitLogger = {
      debug: () => undefined,
      warn: () => undefined,
      info: (obj) => {
        const o = obj as Partial<typeof phases>;
        if (o.fetchMs !== undefined)
          phases = { resolveMs: o.resolveMs ?? 0, fetchMs: o.fetchMs, readMs: o.readMs ?? 0 };
      },
    };
    const source = createGitSource({ repo: url, ref: { branch: 'main' }, cacheDir: path.join(dir, 'cache'), logger });

    // First read: shallow clone + reading all 2,000 blobs, beside a native shallow bare clone.
    const [firstMs] = await timed(() => source.poll());
    const firstRead = phases;
    const [nativeCloneMs] = await timed(() =>
      runGit(dir, ['clone', '--quiet', '--bare', '--depth', '1', url, path.join(dir, 'shallow.git')]),
    );
    rows.push({
      measure: 'first poll (shallow clone + read 2,000 files)',
      value: `${ms(firstMs)} (fetch ${firstRead.fetchMs} ms, read ${firstRead.readMs} ms); native shallow clone ${ms(nativeCloneMs)}`,
    });

    // (a) No-change polls.
    await source.poll();
    server.clearLog();
    const idle: number[] = [];
    for (let i = 0; i < IDLE_POLLS; i++) {
      const [t, r] = await timed(() => source.poll());
      if (r.kind !== 'unchanged') throw new Error(`expected unchanged, got ${r.kind}`);
      idle.push(t);
    }
    rows.push({ measure: 'no-change poll', value: `median ${ms(median(idle))}, p90 ${ms(p90(idle))}` });
    rows.push({ measure: 'no-change poll traffic', value: traffic(server.log, IDLE_POLLS) });
    server.clearLog();
    const lsr: number[] = [];
    for (let i = 0; i < LS_REMOTES; i++)
      lsr.push((await timed(() => runGit(dir, ['ls-remote', url, 'refs/heads/main'])))[0]);
    rows.push({ measure: 'git ls-remote (same ref)', value: `median ${ms(median(lsr))}, p90 ${ms(p90(lsr))}` });
    rows.push({ measure: 'git ls-remote traffic', value: traffic(server.log, LS_REMOTES) });

    // (b) One new commit (3 files of one app) per round: the source's poll vs native git fetch.
    const native = path.join(dir, 'native');
    await runGit(dir, ['clone', '--quiet', '--no-checkout', url, native]);
    const polls: number[] = [];
    const fetchOnly: number[] = [];
    const reads: number[] = [];
    const fetches: number[] = [];
    let pollTraffic: GitRequestLogEntry[] = [];
    let nativeTraffic: GitRequestLogEntry[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await work.commitFiles(`Round ${round}`, change(round));
      await work.push();
      const runPoll = async (): Promise<void> => {
        server.clearLog();
        const [t, r] = await timed(() => source.poll());
        if (r.kind !== 'updated' || r.content.changedPaths?.length !== 3) throw new Error('expected 3 changed paths');
        polls.push(t);
        fetchOnly.push(phases.resolveMs + phases.fetchMs);
        reads.push(phases.readMs);
        pollTraffic = pollTraffic.concat(server.log);
      };
      const runNative = async (): Promise<void> => {
        server.clearLog();
        fetches.push((await timed(() => runGit(native, ['fetch', '--quiet', 'origin', 'main'])))[0]);
        nativeTraffic = nativeTraffic.concat(server.log);
      };
      // Alternate who goes first so neither always meets a cold server process cache.
      if (round % 2 === 0) {
        await runPoll();
        await runNative();
      } else {
        await runNative();
        await runPoll();
      }
    }
    const ratio = median(polls) / median(fetches);
    rows.push({
      measure: 'new commit: source poll (ls-refs+fetch+read+changedPaths)',
      value: `median ${ms(median(polls))}, p90 ${ms(p90(polls))}`,
    });
    rows.push({
      measure: '  of which ls-refs + fetch / tree read',
      value: `median ${median(fetchOnly)} ms / ${median(reads)} ms`,
    });
    rows.push({
      measure: 'new commit: native git fetch',
      value: `median ${ms(median(fetches))}, p90 ${ms(p90(fetches))}`,
    });
    rows.push({ measure: 'new commit: ratio source poll / git fetch', value: `${ratio.toFixed(2)}x` });
    rows.push({ measure: 'new commit: source poll traffic', value: traffic(pollTraffic, ROUNDS) });
    rows.push({ measure: 'new commit: git fetch traffic', value: traffic(nativeTraffic, ROUNDS) });
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
