/**
 * `sextant status [--app A]`: what the daemon last recorded for each app, read from the app-status
 * ConfigMaps in the state namespace (the same data `kubectl get cm -L ...` shows). Exit 0; 1 for an
 * app with no status; 2 when the cluster cannot be read.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { createAppStatusStore } from '../engine/status/app-status-store.js';
import { formatAppDetail, formatStatusTable } from '../engine/status/format-status.js';
import {
  CommandError,
  addClusterOptions,
  connectCluster,
  outputOption,
  processIO,
  reportFailure,
  type CommandIO,
} from './command-io.js';

export { DEFAULT_STATE_NAMESPACE } from './command-io.js';

export interface StatusFlags {
  app?: string;
  kubeconfig?: string;
  namespace: string;
  output: 'text' | 'json';
}

export type StatusIO = CommandIO;

/** Prints the status and returns the exit code; never throws. */
export async function runStatus(flags: StatusFlags, io: StatusIO = processIO): Promise<number> {
  try {
    const store = createAppStatusStore(connectCluster(flags, io), { namespace: flags.namespace });
    if (flags.app === undefined) {
      const statuses = await store.list();
      io.stdout(
        flags.output === 'json'
          ? `${JSON.stringify({ namespace: flags.namespace, apps: statuses }, null, 2)}\n`
          : formatStatusTable(statuses, io.now(), flags.namespace),
      );
      return 0;
    }
    const status = await store.read(flags.app);
    if (!status) {
      const names = (await store.list()).map((s) => s.app).join(', ') || 'none';
      throw new CommandError(`no status for app "${flags.app}" (apps with status: ${names})`, 1);
    }
    io.stdout(flags.output === 'json' ? `${JSON.stringify(status, null, 2)}\n` : formatAppDetail(status, io.now()));
    return 0;
  } catch (e) {
    return reportFailure('status', e, io);
  }
}

export function registerStatus(program: Command, logger: () => Logger): void {
  addClusterOptions(
    program
      .command('status')
      .description('show each app’s sync status and health as the daemon last recorded them')
      .option('--app <name>', 'only this app, with its objects'),
    'the app-status ConfigMaps',
  )
    .addOption(outputOption())
    .addHelpText(
      'after',
      '\nExamples:\n  sextant status\n  sextant status --app web\n  sextant status -o json --kubeconfig ./kubeconfig',
    )
    .action(async (flags: StatusFlags) => {
      logger().debug({ app: flags.app, namespace: flags.namespace }, 'reading app status');
      process.exitCode = await runStatus(flags);
    });
}
