/**
 * `sextant history APP`: the recorded sync revisions of an app, newest first, read from the revision
 * Secrets in the state namespace. `-o json` prints every full record with Secret values masked.
 * Exit 0; 1 when the app has no recorded revisions; 2 when the cluster cannot be read.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { systemClock } from '../adapters/clock.js';
import { HistoryError, createHistoryStore, redactRecord, type HistoryStore } from '../engine/history/history-store.js';
import type { SyncRecord } from '../engine/sync/sync-types.js';
import { formatHistoryTable } from './history-output.js';
import {
  CommandError,
  addClusterOptions,
  connectCluster,
  outputOption,
  processIO,
  reportFailure,
  type CommandIO,
} from './command-io.js';

export interface HistoryFlags {
  kubeconfig?: string;
  namespace: string;
  output: 'text' | 'json';
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
