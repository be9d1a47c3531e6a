/**
 * `sextant suspend APP` and `sextant resume APP`: write the user's intent as annotations on the app's
 * status ConfigMap; the daemon watches them and acts. Resume also releases the pin a rollback left.
 * Exit 0; 2 when the cluster cannot be written.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { isKubeError } from '../adapters/kube/kube-error.js';
import { createAppStatusStore } from '../engine/status/app-status-store.js';
import { createIntentStore, type IntentStore } from '../engine/status/app-intent.js';
import { formatResumed, formatSuspended } from './history-output.js';
import {
  CommandError,
  addClusterOptions,
  connectCluster,
  outputOption,
  processIO,
  reportFailure,
  type CommandIO,
} from './command-io.js';

export interface IntentFlags {
  kubeconfig?: string;
  namespace: string;
  output: 'text' | 'json';
}

function stores(flags: IntentFlags, io: CommandIO) {
  const cluster = connectCluster(flags, io);
  const intents = createIntentStore(cluster, { namespace: flags.namespace });
  return {
    intents: {
      read: (app: string) => intents.read(app),
      /** The state namespace is the daemon's to make; a missing one is most often a wrong --namespace. */
      async set(...args: Parameters<IntentStore['set']>): Promise<void> {
        try {
          await intents.set(...args);
        } catch (e) {
          if (!isKubeError(e, 'not-found') || (await cluster.get('v1', 'Namespace', '', flags.namespace))) throw e;
          throw new CommandError(
            `state namespace "${flags.namespace}" does not exist: no daemon has run with it (check --namespace)`,
            2,
          );
        }
      },
    },
    status: createAppStatusStore(cluster, { namespace: flags.namespace }),
  };
}

/** A name the daemon has never recorded may be a typo; the intent is kept all the same, for an app still to come. */
function unknownAppNote(app: string, namespace: string): string {
  return `note: no status recorded for app ${app} in ${namespace} yet; this applies once the daemon finds the app\n`;
}

export async function runSuspend(app: string, flags: IntentFlags, io: CommandIO = processIO): Promise<number> {
  try {
    const { intents, status } = stores(flags, io);
    const known = (await status.read(app)) !== undefined;
    const before = await intents.read(app);
    if (!before.suspended) await intents.set(app, { suspended: 'true' });
    if (flags.output === 'json') io.stdout(`${JSON.stringify({ app, suspended: true }, null, 2)}\n`);
    else io.stdout(formatSuspended(app, before.suspended));
    if (!known) io.stderr(unknownAppNote(app, flags.namespace));
    return 0;
  } catch (e) {
    return reportFailure('suspend', e, io);
  }
}

export async function runResume(app: string, flags: IntentFlags, io: CommandIO = processIO): Promise<number> {
  try {
    const { intents } = stores(flags, io);
    const before = await intents.read(app);
    if (before.suspended || before.pinnedRevision !== undefined)
      await intents.set(app, { suspended: null, pinnedRevision: null });
    if (flags.output === 'json') {
      const released = before.pinnedRevision !== undefined ? { releasedPin: before.pinnedRevision } : {};
      io.stdout(`${JSON.stringify({ app, suspended: false, wasSuspended: before.suspended, ...released }, null, 2)}\n`);
    } else io.stdout(formatResumed(app, before));
    return 0;
  } catch (e) {
    return reportFailure('resume', e, io);
  }
}

export function registerIntentCommands(program: Command, logger: () => Logger): void {
  addClusterOptions(
    program
      .command('suspend')
      .argument('<app>', 'the app')
      .description('stop writing an app: the daemon keeps diffing it but changes nothing until resumed'),
    'the app-status ConfigMaps',
  )
    .addOption(outputOption())
    .addHelpText('after', '\nExamples:\n  sextant suspend web\n  sextant resume web')
    .action(async (app: string, flags: IntentFlags) => {
      logger().debug({ app, namespace: flags.namespace }, 'suspending app');
      process.exitCode = await runSuspend(app, flags);
    });
  addClusterOptions(
    program
      .command('resume')
      .argument('<app>', 'the app')
      .description('resume syncing an app: clears a suspension and the pin a rollback left'),
    'the app-status ConfigMaps',
  )
    .addOption(outputOption())
    .addHelpText('after', '\nExamples:\n  sextant resume web')
    .action(async (app: string, flags: IntentFlags) => {
      logger().debug({ app, namespace: flags.namespace }, 'resuming app');
      process.exitCode = await runResume(app, flags);
    });
}
