/**
 * `sextant run`: the daemon. Follows one repository, keeps every app equal to it, serves the HTTP API,
 * and shuts down cleanly on SIGTERM/SIGINT (running syncs are interrupted and recorded as Cancelled).
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { systemClock } from '../adapters/clock.js';
import { startApiServer } from '../adapters/http/api-server.js';
import { createKubeClient } from '../adapters/kube/kube-client.js';
import { loadKubeConfig } from '../adapters/kube/kube-config.js';
import { createLiveCache } from '../adapters/kube/live-cache.js';
import { createResourceValidator } from '../adapters/kube-schema/validator.js';
import { parseDuration } from '../core/manifests/formats.js';
import { createParseCache, loadSnapshot } from '../core/manifests/load.js';
import { createDaemon } from '../engine/daemon/daemon.js';
import { createHistoryStore } from '../engine/history/history-store.js';
import { createIntentStore } from '../engine/status/app-intent.js';
import { createAppStatusStore } from '../engine/status/app-status-store.js';
import { createStatusEvents } from '../engine/status/status-events.js';
import { ensureStateNamespace } from '../engine/status/state-namespace.js';
import { processIO, reportFailure } from './command-io.js';
import { parseIntOption } from './options.js';
import { addRepoOptions, gitSourceFromFlags, type RepoFlags } from './validate.js';

export interface RunFlags extends RepoFlags {
  interval: string;
  kubeconfig?: string;
  listen: string;
  namespace: string;
  suspend?: boolean;
  concurrency: number;
  leaderElect: boolean;
  identity: string;
  leaseDuration?: string;
}

/** The webhook secret from SEXTANT_WEBHOOK_SECRET or the file SEXTANT_WEBHOOK_SECRET_FILE names. */
export function webhookSecretFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  if (env.SEXTANT_WEBHOOK_SECRET) return env.SEXTANT_WEBHOOK_SECRET;
  const file = env.SEXTANT_WEBHOOK_SECRET_FILE;
  return file ? fs.readFileSync(file, 'utf8').trim() : undefined;
}

export interface RunningDaemon {
  url: string;
  stop(): Promise<void>;
  done: Promise<void>;
}

export async function startRun(flags: RunFlags, log: Logger): Promise<RunningDaemon> {
  const intervalMs = parseDuration(flags.interval);
  if (intervalMs === undefined || intervalMs < 100)
    throw new Error(`--interval "${flags.interval}" is not a duration of at least 100ms`);
  const leaseMs = flags.leaseDuration === undefined ? undefined : parseDuration(flags.leaseDuration);
  if (leaseMs !== undefined && leaseMs < 2000)
    throw new Error(`--lease-duration "${flags.leaseDuration}" must be a duration of at least 2s`);
  if (flags.leaseDuration !== undefined && leaseMs === undefined)
    throw new Error(`--lease-duration "${flags.leaseDuration}" is not a duration (use forms like 15s, 1m)`);
  const target = loadKubeConfig({
    env: process.env,
    ...(flags.kubeconfig ? { kubeconfigPath: flags.kubeconfig } : {}),
  });
  const cluster = createKubeClient(target);
  await ensureStateNamespace(cluster, flags.namespace);
  const source = gitSourceFromFlags(flags, log);
  const validator = createResourceValidator();
  const parseCache = createParseCache();
  const live = createLiveCache(cluster, { clock: systemClock, logger: log });
  const opts = { namespace: flags.namespace, clock: systemClock };
  const daemon = createDaemon({
    source,
    load: (content) => loadSnapshot(content.files, { validator, parseCache, provenance: content.provenance }),
    cluster,
    live,
    clock: systemClock,
    history: createHistoryStore(cluster, opts),
    status: createAppStatusStore(cluster, opts),
    events: createStatusEvents(cluster, {
      ...opts,
      instance: flags.identity,
      onError: (err: unknown) => log.warn({ err }, 'could not record an event'),
    }),
    intents: createIntentStore(cluster, opts),
    intervalMs,
    appConcurrency: flags.concurrency,
    suspendAll: flags.suspend === true,
    logger: log,
    namespace: flags.namespace,
    leaderElection: flags.leaderElect,
    identity: flags.identity,
    ...(leaseMs !== undefined ? { leaseDurationMs: leaseMs } : {}),
    ...(flags.branch ? { followedRef: `refs/heads/${flags.branch}` } : {}),
  });
  const secret = webhookSecretFromEnv(process.env);
  const server = await startApiServer({
    listen: flags.listen,
    api: daemon.api,
    logger: log,
    ...(secret ? { webhookSecret: secret } : {}),
  });
  log.info({ repo: source.describe(), api: server.url, cluster: target.server }, 'sextant is running');
  const abort = new AbortController();
  const done = daemon.run(abort.signal).finally(async () => {
    await live.stop();
    await server.close();
  });
  return {
    url: server.url,
    done,
    async stop() {
      abort.abort(new Error('the daemon is shutting down'));
      await done;
    },
  };
}

export function registerRun(program: Command, logger: () => Logger): void {
  addRepoOptions(program.command('run'))
    .description('run the GitOps daemon: keep the cluster equal to a Git repository')
    .option('--interval <duration>', 'how often to poll Git', '15s')
    .option('--kubeconfig <path>', 'kubeconfig to use (default: KUBECONFIG, ~/.kube/config, then in-cluster)')
    .option('--listen <host:port>', 'HTTP API address', '127.0.0.1:8080')
    .option('--namespace <ns>', 'state namespace (history, status, lease)', 'sextant-system')
    .option('--suspend', 'start with every app suspended (diffed, never written)')
    .option('--concurrency <n>', 'apps synced at once', parseIntOption, 4)
    .option('--no-leader-elect', 'do not take a Lease (only when a single replica can ever run)')
    .option('--lease-duration <duration>', 'how long a dead leader blocks a standby (renewals every 2/15 of it)', '15s')
    .option('--identity <id>', 'leader election identity', process.env.POD_NAME ?? `${os.hostname()}-${process.pid}`)
    .addHelpText(
      'after',
      '\nExample:\n  sextant run --repo https://git.example.com/platform/deploy.git --branch main --listen 0.0.0.0:8080',
    )
    .action(async (flags: RunFlags) => {
      const log = logger();
      try {
        const d = await startRun(flags, log);
        const stop = (): void => {
          log.info({}, 'shutting down: interrupting running syncs and recording them');
          void d.stop();
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        await d.done;
      } catch (e) {
        process.exitCode = reportFailure('run', e, processIO);
      }
    });
}
