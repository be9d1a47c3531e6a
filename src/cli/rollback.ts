/**
 * `sextant rollback APP [N]`: asks the daemon to restore revision N (default: the newest successful
 * revision before the current one) by writing the rollback intent on the app's status ConfigMap, then
 * waits until a daemon has recorded the rollback revision. The CLI never writes managed objects itself.
 * Exit 0 rolled back (or requested, with --no-wait); 1 refused or the rollback failed; 2 cluster error
 * or no daemon acted in time.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { systemClock } from '../adapters/clock.js';
import { parseDuration } from '../core/manifests/formats.js';
import { chooseRollbackTarget } from '../engine/daemon/rollback.js';
import { createHistoryStore, type HistoryStore, type RevisionSummary } from '../engine/history/history-store.js';
import { createIntentStore, type IntentStore } from '../engine/status/app-intent.js';
import { createAppStatusStore, toOneLine } from '../engine/status/app-status-store.js';
import {
  describeRevision,
  formatRollbackDone,
  formatRollbackFailed,
  formatRollbackNoChange,
} from './history-output.js';
import {
  CommandError,
  addClusterOptions,
  connectCluster,
  outputOption,
  processIO,
  reportFailure,
  type CommandIO,
} from './command-io.js';
import { noRevisions } from './history.js';

export interface RollbackFlags {
  kubeconfig?: string;
  namespace: string;
  output: 'text' | 'json';
  allowFailed?: boolean;
  /** false with --no-wait. */
  wait: boolean;
  timeout: string;
}

export interface RollbackIO extends CommandIO {
  sleep?: (ms: number) => Promise<void>;
  /** How often history is read while waiting (default 500 ms). */
  pollMs?: number;
}

const POLL_MS = 500;

function parseRevision(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new CommandError(`"${text}" is not a revision number`, 1);
  return n;
}

/** The revision to restore, or a one-line refusal: it must exist, and have succeeded unless allowed. */
export function chooseTarget(
  app: string,
  revisions: readonly RevisionSummary[],
  current: number,
  asked: number | undefined,
  allowFailed: boolean,
): RevisionSummary {
  if (revisions.length === 0) throw noRevisions(app);
  const kept = revisions.map((r) => r.revision).join(', ');
  const n = asked ?? chooseRollbackTarget(revisions, current);
  if (n === undefined) {
    const newest = current || Math.max(...revisions.map((r) => r.revision));
    throw new CommandError(
      `app ${app} has no successful revision before revision ${newest} to roll back to (kept: ${kept})`,
      1,
    );
  }
  const target = revisions.find((r) => r.revision === n);
  if (!target) throw new CommandError(`app ${app} has no revision ${n} (kept: ${kept})`, 1);
  if (target.outcome === 'Running')
    throw new CommandError(`revision ${n} of app ${app} is still Running: it has no final record to restore`, 1);
  if (target.outcome !== 'Succeeded' && !allowFailed)
    throw new CommandError(
      `revision ${n} of app ${app} is ${target.outcome} (${toOneLine(target.message, 80)}): ` +
        'pass --allow-failed to restore it anyway',
      1,
    );
  return target;
}

interface Request {
  app: string;
  target: RevisionSummary;
  requestedAt: string;
  /** The newest revision number when the request was made: the daemon's rollback records a higher one. */
  newestBefore: number;
}

type WaitResult = { kind: 'done'; revision: RevisionSummary } | { kind: 'no-change' };

/**
 * Polls until a daemon recorded the rollback. Matched by revision number, not by time, so a daemon
 * whose clock differs from this machine's is still recognised. Intent is read before history: the
 * daemon finishes the revision before it clears the request, so a cleared request with no revision
 * means the cluster already matched the target (nothing to write, no revision).
 */
async function waitForRollback(
  req: Request,
  stores: { history: HistoryStore; intents: IntentStore },
  deadline: number,
  io: RollbackIO,
): Promise<WaitResult | undefined> {
  const sleep = io.sleep ?? ((ms: number) => systemClock.sleep(ms));
  for (;;) {
    const intent = await stores.intents.read(req.app);
    const done = (await stores.history.list(req.app)).find(
      (r) =>
        r.revision > req.newestBefore &&
        r.trigger === 'rollback' &&
        r.rollbackOf === req.target.revision &&
        r.outcome !== 'Running',
    );
    if (done) return { kind: 'done', revision: done };
    const pending = intent.rollback;
    if (pending && pending.requestedAt !== req.requestedAt)
      throw new CommandError(
        `another rollback request (to revision ${pending.revision}, at ${pending.requestedAt}) replaced this one`,
        1,
      );
    if (!pending) {
      if (intent.pinnedRevision === req.target.revision) return { kind: 'no-change' };
      throw new CommandError('the rollback request was withdrawn before a daemon performed it', 1);
    }
    if (io.now().getTime() >= deadline) return undefined;
    await sleep(io.pollMs ?? POLL_MS);
  }
}

/** Requests the rollback, waits unless --no-wait, prints the result, returns the exit code; never throws. */
export async function runRollback(
  app: string,
  revisionArg: string | undefined,
  flags: RollbackFlags,
  io: RollbackIO = processIO,
): Promise<number> {
  try {
    const asked = revisionArg === undefined ? undefined : parseRevision(revisionArg);
    const timeoutMs = parseDuration(flags.timeout);
    if (timeoutMs === undefined) throw new CommandError(`--timeout "${flags.timeout}" is not a duration`, 1);
    const cluster = connectCluster(flags, io);
    const opts = { namespace: flags.namespace, clock: systemClock };
    const history = createHistoryStore(cluster, opts);
    const intents = createIntentStore(cluster, opts);
    const revisions = await history.list(app);
    const status = await createAppStatusStore(cluster, opts).read(app);
    const target = chooseTarget(app, revisions, status?.historyRevision ?? 0, asked, flags.allowFailed === true);

    const requestedAt = io.now().toISOString();
    const newestBefore = Math.max(0, ...revisions.map((r) => r.revision));
    await intents.set(app, { rollbackTo: String(target.revision), rollbackRequestedAt: requestedAt });
    const json = (extra: Record<string, unknown>): void =>
      io.stdout(`${JSON.stringify({ app, rollbackTo: target.revision, requestedAt, ...extra }, null, 2)}\n`);

    if (!flags.wait) {
      if (flags.output === 'json') json({ waited: false });
      else
        io.stdout(
          `rollback of app ${app} to revision ${describeRevision(target)} requested: ` +
            `a running daemon performs it (follow it with \`sextant history ${app}\`)\n`,
        );
      return 0;
    }

    io.stderr(`waiting for the daemon to roll back app ${app} to revision ${target.revision} ...\n`);
    const result = await waitForRollback(
      { app, target, requestedAt, newestBefore },
      { history, intents },
      io.now().getTime() + timeoutMs,
      io,
    );
    if (!result)
      throw new CommandError(
        `no daemon performed the rollback within ${flags.timeout}: is \`sextant run\` running against this cluster? ` +
          `(the request stays on ConfigMap ${flags.namespace}/sextant-app-${app})`,
        2,
      );
    if (result.kind === 'no-change') {
      if (flags.output === 'json') json({ waited: true, outcome: 'NoChange', pinned: true });
      else io.stdout(formatRollbackNoChange(app, target));
      return 0;
    }
    const ok = result.revision.outcome === 'Succeeded';
    if (flags.output === 'json') json({ waited: true, outcome: result.revision.outcome, revision: result.revision });
    if (!ok) throw new CommandError(formatRollbackFailed(app, target, result.revision), 1);
    if (flags.output !== 'json') io.stdout(formatRollbackDone(app, target, result.revision));
    return 0;
  } catch (e) {
    return reportFailure('rollback', e, io);
  }
}

export function registerRollback(program: Command, logger: () => Logger): void {
  addClusterOptions(
    program
      .command('rollback')
      .argument('<app>', 'the app')
      .argument('[revision]', 'history revision N to restore (default: the newest successful one before the current)')
      .description('restore a recorded revision of an app (the daemon performs it) and pin the app there'),
    'the app-status ConfigMaps and revision Secrets',
  )
    .option('--allow-failed', 'restore a revision whose sync did not succeed')
    .option('--no-wait', 'write the request and exit without waiting for the daemon')
    .option('--timeout <duration>', 'how long to wait for the daemon', '5m')
    .addOption(outputOption())
    .addHelpText(
      'after',
      '\nExamples:\n  sextant rollback web            # to the last successful revision before the current one\n' +
        '  sextant rollback web 3\n  sextant rollback web 4 --allow-failed --no-wait\n  sextant resume web               # release the pin',
    )
    .action(async (app: string, revision: string | undefined, flags: RollbackFlags) => {
      logger().debug({ app, revision, namespace: flags.namespace }, 'requesting rollback');
      process.exitCode = await runRollback(app, revision, flags);
    });
}
