/**
 * `sextant sync`: converge the cluster to Git now, app by app in dependsOn order (an app whose
 * dependency failed or is unhealthy is not synced), showing each object as it finishes and a summary.
 * `--dry-run` prints the plan and checks every write with the API server, writing nothing.
 * Exit 0 when every app is synced and healthy, 1 when one failed, 2 when nothing could be tried.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { systemClock } from '../adapters/clock.js';
import { createKubeClient } from '../adapters/kube/kube-client.js';
import { loadKubeConfig } from '../adapters/kube/kube-config.js';
import { formatError } from '../core/snapshot.js';
import { isReady, typesToSearch } from '../engine/sync/app-status.js';
import { dryRunApp } from '../engine/sync/dry-run.js';
import type { SyncAppResult } from '../engine/sync/sync-app.js';
import { createSyncSession } from '../engine/sync/sync-session.js';
import { commitOfSnapshot } from '../engine/sync/sync-types.js';
import { processIO, reportFailure } from './command-io.js';
import { parseIntOption } from './options.js';
import { formatDryRun, formatProgress, formatResult } from './sync-output.js';
import { addRepoOptions, readSnapshot, selectApps, type RepoFlags } from './validate.js';

interface SyncFlags extends RepoFlags {
  app?: string;
  dryRun?: boolean;
  kubeconfig?: string;
  namespace: string;
  concurrency: number;
  output: string;
}

export async function runSync(flags: SyncFlags, log: Logger, out: (text: string) => void): Promise<number> {
  const target = loadKubeConfig({
    env: process.env,
    ...(flags.kubeconfig ? { kubeconfigPath: flags.kubeconfig } : {}),
  });
  const snapshot = await readSnapshot(flags, log);
  if (snapshot.errors.length > 0) {
    for (const e of snapshot.errors) out(`${formatError(e)}\n`);
    const n = snapshot.errors.length;
    out(`\n${n} error${n === 1 ? '' : 's'}: nothing was applied (a commit with errors is never applied in part).\n`);
    return 2;
  }
  const apps = selectApps(snapshot, flags.app);
  const cluster = createKubeClient(target);
  const session = createSyncSession(cluster, { namespace: flags.namespace, clock: systemClock, logger: log });
  const json = flags.output === 'json';
  const print = (text: string): void => {
    if (!json) out(text);
  };
  try {
    if (flags.dryRun) {
      const results = [];
      for (const app of apps) {
        const previous = await session.status.read(app.name);
        const d = await dryRunApp(app, cluster, session.live, typesToSearch(previous));
        results.push(d);
        print(formatDryRun(d));
      }
      if (json)
        out(
          `${JSON.stringify(
            results.map(({ inspection: _i, ...rest }) => rest),
            null,
            2,
          )}\n`,
        );
      return results.some((d) => d.problems.length > 0) ? 1 : 0;
    }
    const results: SyncAppResult[] = [];
    const blocked = new Map<string, string>();
    for (const app of apps) {
      const reason = app.spec.dependsOn.map((d) => blocked.get(d)).find((r) => r !== undefined);
      if (reason !== undefined) {
        blocked.set(app.name, reason);
        print(`app ${app.name}: not synced: ${reason}\n`);
        continue;
      }
      const result = await session.sync(app, {
        commit: commitOfSnapshot(snapshot),
        trigger: 'manual',
        concurrency: flags.concurrency,
        onProgress: (p) => print(formatProgress(p)),
        onWarning: (message, err) => log.warn({ err }, message),
      });
      results.push(result);
      print(formatResult(result));
      // The daemon's rule too: dependents wait for an app that is synced and Healthy.
      if (!isReady(result.status))
        blocked.set(app.name, `its dependency ${app.name} is ${result.status.syncStatus}, ${result.status.health}`);
    }
    if (json) out(`${JSON.stringify({ apps: results.map(({ plan: _p, ...r }) => r) }, null, 2)}\n`);
    const ok = results.length === apps.length && blocked.size === 0;
    return ok ? 0 : 1;
  } finally {
    await session.stop();
  }
}

export function registerSync(program: Command, logger: () => Logger): void {
  addRepoOptions(program.command('sync'))
    .description('converge the cluster to Git now (every app in dependsOn order, or one with --app)')
    .option('--app <name>', 'only this app')
    .option('--dry-run', 'print the plan and check every write with the API server; write nothing')
    .option('--kubeconfig <path>', 'kubeconfig to use (default: KUBECONFIG, then ~/.kube/config)')
    .option('--namespace <ns>', 'state namespace (history, status)', 'sextant-system')
    .option('--concurrency <n>', 'objects written at once', parseIntOption, 16)
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  sextant sync --repo ./deploy --dry-run\n  sextant sync --repo https://git.example.com/platform/deploy.git --app api',
    )
    .action(async (flags: SyncFlags) => {
      try {
        process.exitCode = await runSync(flags, logger(), (t) => process.stdout.write(t));
      } catch (e) {
        process.exitCode = reportFailure('sync', e, processIO);
      }
    });
}
