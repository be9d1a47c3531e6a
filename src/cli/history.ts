/**
 * `sextant history APP`: the recorded sync revisions of an app, newest first, read from the revision
 * Secrets in the state namespace. `-o json` prints every full record with Secret values masked.
 * Exit 0; 1 when the app has no recorded revisions; 2 when the cluster cannot be read.
 */
import { Option, type Command } from 'commander';
import type { Logger } from 'pino';
import { systemClock } from '../adapters/clock.js';
import { createKubeClient, type KubeClient } from '../adapters/kube/kube-client.js';
import { loadKubeConfig } from '../adapters/kube/kube-config.js';
import { HistoryError, createHistoryStore, redactRecord, type HistoryStore } from '../engine/history/history-store.js';
import type { SyncRecord } from '../engine/sync/sync-types.js';
import { formatHistoryTable } from './history-output.js';
import { DEFAULT_STATE_NAMESPACE, type StatusIO } from './status.js';

export interface HistoryFlags {
  kubeconfig?: string;
  namespace: string;
  output: 'text' | 'json';
}

/** Output streams, environment and clock of a command; tests pass their own. */
export type CommandIO = StatusIO;

export const processIO: CommandIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  now: () => new Date(),
};

/** A failure with its exit code: 1 the request cannot be done as asked, 2 the cluster could not be used. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** Prints `sextant <command>: <first line>` on stderr and returns the exit code. */
export function reportFailure(command: string, e: unknown, io: CommandIO): number {
  const message = e instanceof Error ? e.message : String(e);
  io.stderr(`sextant ${command}: ${message.split('\n')[0] ?? ''}\n`);
  return e instanceof CommandError ? e.exitCode : 2;
}

export function connectCluster(flags: { kubeconfig?: string }, io: CommandIO): KubeClient {
  const target = loadKubeConfig({ env: io.env, ...(flags.kubeconfig ? { kubeconfigPath: flags.kubeconfig } : {}) });
  return createKubeClient(target);
}

export function noRevisions(app: string): CommandError {
  return new CommandError(`app ${JSON.stringify(app)} has no recorded revisions`, 1);
}

/** Every record, redacted; a record that cannot be decoded shows as its summary, whose message says why. */
async function readRecords(history: HistoryStore, app: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const summary of await history.list(app)) {
    let record: SyncRecord | undefined;
    try {
      record = await history.get(app, summary.revision);
    } catch (e) {
      if (!(e instanceof HistoryError)) throw e;
      out.push({ app, ...summary, unreadable: true });
      continue;
    }
    // Trimmed between the list and the get: it is no longer history.
    if (record) out.push(redactRecord(record));
  }
  return out;
}

/** Prints the history and returns the exit code; never throws. */
export async function runHistory(app: string, flags: HistoryFlags, io: CommandIO = processIO): Promise<number> {
  try {
    const history = createHistoryStore(connectCluster(flags, io), { namespace: flags.namespace, clock: systemClock });
    if (flags.output === 'json') {
      const revisions = await readRecords(history, app);
      if (revisions.length === 0) throw noRevisions(app);
      io.stdout(`${JSON.stringify({ app, namespace: flags.namespace, revisions }, null, 2)}\n`);
      return 0;
    }
    const summaries = await history.list(app);
    if (summaries.length === 0) throw noRevisions(app);
    io.stdout(formatHistoryTable(summaries, io.now()));
    return 0;
  } catch (e) {
    return reportFailure('history', e, io);
  }
}

export function addClusterOptions(command: Command, what: string): Command {
  return command
    .option('--kubeconfig <path>', 'kubeconfig to use (default: KUBECONFIG, then ~/.kube/config)')
    .option('-n, --namespace <namespace>', `state namespace holding ${what}`, DEFAULT_STATE_NAMESPACE);
}

export function outputOption(): Option {
  return new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text');
}

export function registerHistory(program: Command, logger: () => Logger): void {
  addClusterOptions(
    program.command('history').argument('<app>', 'the app').description('list the recorded sync revisions of an app'),
    'the revision Secrets',
  )
    .addOption(outputOption())
    .addHelpText(
      'after',
      '\nExamples:\n  sextant history web\n  sextant history web -o json   # every record, Secret values masked',
    )
    .action(async (app: string, flags: HistoryFlags) => {
      logger().debug({ app, namespace: flags.namespace }, 'reading history');
      process.exitCode = await runHistory(app, flags);
    });
}
