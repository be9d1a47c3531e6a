/**
 * `sextant diff`: show how the cluster differs from what a repository declares, object by object,
 * with who changed each drifted field. Exit 0 in sync, 1 differences, 2 error, like `kubectl diff`.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { systemClock } from '../adapters/clock.js';
import { createKubeClient } from '../adapters/kube/kube-client.js';
import { createLiveCache } from '../adapters/kube/live-cache.js';
import { loadKubeConfig } from '../adapters/kube/kube-config.js';
import { formatError } from '../core/snapshot.js';
import { diffApp, type AppDiff, type ObjectReport } from '../engine/diff-app.js';
import { createAppStatusStore } from '../engine/status/app-status-store.js';
import { typesToSearch } from '../engine/sync/app-status.js';
import { processIO, reportFailure } from './command-io.js';
import { addRepoOptions, readSnapshot, selectApps, type RepoFlags } from './validate.js';

interface DiffFlags extends RepoFlags {
  app?: string;
  kubeconfig?: string;
  namespace: string;
  output: string;
}

const SIGN = { Synced: ' ', OutOfSync: '~', Missing: '+', Extraneous: '-' } as const;

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .filter((line, i, all) => line !== '' || i < all.length - 1)
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

function formatObject(o: ObjectReport): string {
  const where = o.namespace ? `${o.namespace}/${o.name}` : o.name;
  const lines = [`${SIGN[o.diff.status]} ${o.kind} ${where} (${o.diff.status})`];
  // Missing/Extraneous explanations only repeat the header; the diff shows the object.
  if (o.diff.status === 'OutOfSync') for (const c of o.diff.changes) lines.push(`  ${c.explanation}`);
  if (o.diff.unifiedDiff) lines.push(indent(o.diff.unifiedDiff, '    '));
  return `${lines.join('\n')}\n`;
}

export function formatAppDiff(d: AppDiff): string {
  const n = d.objects.length;
  if (d.status === 'Synced') return `app ${d.app}: Synced (${n} object${n === 1 ? '' : 's'})\n`;
  const differing = d.objects.filter((o) => o.diff.status !== 'Synced');
  const head = `app ${d.app}: OutOfSync (${differing.length} of ${n} object${n === 1 ? '' : 's'} differ)\n`;
  return head + differing.map(formatObject).join('');
}

function toJson(diffs: AppDiff[]): object {
  return {
    inSync: diffs.every((d) => d.status === 'Synced'),
    apps: diffs.map((d) => ({
      name: d.app,
      status: d.status,
      objects: d.objects.map((o) => ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.namespace,
        name: o.name,
        status: o.diff.status,
        patch: o.diff.patch,
        changes: o.diff.changes,
        unifiedDiff: o.diff.unifiedDiff,
      })),
    })),
  };
}

async function runDiff(flags: DiffFlags, log: Logger): Promise<number> {
  const target = loadKubeConfig({
    env: process.env,
    ...(flags.kubeconfig ? { kubeconfigPath: flags.kubeconfig } : {}),
  });
  const snapshot = await readSnapshot(flags, log);
  if (snapshot.errors.length > 0) {
    for (const e of snapshot.errors) process.stdout.write(`${formatError(e)}\n`);
    const n = snapshot.errors.length;
    process.stdout.write(`\n${n} error${n === 1 ? '' : 's'}: this commit cannot be compared.\n`);
    return 2;
  }
  const apps = selectApps(snapshot, flags.app);
  const client = createKubeClient(target);
  const live = createLiveCache(client, { clock: systemClock, logger: log });
  const status = createAppStatusStore(client, { namespace: flags.namespace });
  const diffs: AppDiff[] = [];
  try {
    for (const app of apps) diffs.push(await diffApp(app, live, typesToSearch(await status.read(app.name))));
  } finally {
    await live.stop();
  }
  if (flags.output === 'json') process.stdout.write(`${JSON.stringify(toJson(diffs), null, 2)}\n`);
  else process.stdout.write(diffs.map(formatAppDiff).join(''));
  return diffs.every((d) => d.status === 'Synced') ? 0 : 1;
}

export function registerDiff(program: Command, logger: () => Logger): void {
  addRepoOptions(program.command('diff'))
    .description('show how the cluster differs from Git (exit 0 in sync, 1 differences, 2 error)')
    .option('--app <name>', 'only this app')
    .option('--kubeconfig <path>', 'kubeconfig to use (default: KUBECONFIG, then ~/.kube/config)')
    .option('--namespace <ns>', "state namespace (where the last sync recorded the app's types)", 'sextant-system')
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  sextant diff --repo ./examples-repo\n  sextant diff --repo https://git.example.com/platform/deploy.git --app api -o json',
    )
    .action(async (flags: DiffFlags) => {
      try {
        process.exitCode = await runDiff(flags, logger());
      } catch (e) {
        process.exitCode = reportFailure('diff', e, processIO);
      }
    });
}
