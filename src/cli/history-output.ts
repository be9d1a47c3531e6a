/**
 * What `sextant history`, `sextant rollback`, `sextant suspend` and `sextant resume` print: pure
 * functions of revision summaries, intent and the current time, so the text is exact in tests.
 */
import type { RevisionSummary } from '../engine/history/history-store.js';
import { toOneLine } from '../engine/status/app-status-store.js';
import { formatColumns, formatSince, shortSha } from '../engine/status/format-status.js';

/** Table cells stay readable; `-o json` shows the whole text. */
const SUBJECT_WIDTH = 50;
const MESSAGE_WIDTH = 60;

/** "rollback of 3" for a rollback, else the trigger itself. */
export function formatTrigger(r: Pick<RevisionSummary, 'trigger' | 'rollbackOf'>): string {
  return r.rollbackOf !== undefined && (r.trigger === 'rollback' || r.trigger === 'auto-rollback')
    ? `${r.trigger} of ${r.rollbackOf}`
    : r.trigger;
}

/** Newest first, one line per revision, as `kubectl get` would print it. */
export function formatHistoryTable(revisions: readonly RevisionSummary[], now: Date): string {
  const rows = [['N', 'STARTED', 'SHA', 'SUBJECT', 'TRIGGER', 'OUTCOME', 'MESSAGE']];
  for (const r of [...revisions].sort((a, b) => b.revision - a.revision))
    rows.push([
      String(r.revision),
      formatSince(r.startedAt, now),
      shortSha(r.commit.sha),
      toOneLine(r.commit.subject, SUBJECT_WIDTH),
      formatTrigger(r),
      r.outcome,
      toOneLine(r.message, MESSAGE_WIDTH),
    ]);
  return formatColumns(rows);
}

/** `3 (abc1234 "fix the probe")`: a revision as a person recognises it. */
export function describeRevision(r: RevisionSummary): string {
  return `${r.revision} (${shortSha(r.commit.sha)} ${JSON.stringify(toOneLine(r.commit.subject, SUBJECT_WIDTH))})`;
}

export function pinExplanation(app: string): string {
  return `the app is pinned: auto-sync paused until a new commit changes it or \`sextant resume ${app}\``;
}

/** The one line `sextant rollback` prints once the daemon recorded a successful rollback revision. */
export function formatRollbackDone(app: string, target: RevisionSummary, done: RevisionSummary): string {
  return (
    `rolled back app ${app} to revision ${describeRevision(target)}: revision ${done.revision} ${done.outcome}; ` +
    `${pinExplanation(app)}\n`
  );
}

/** Why a recorded rollback did not succeed, as one line (no newline: it becomes the error). */
export function formatRollbackFailed(app: string, target: RevisionSummary, done: RevisionSummary): string {
  return (
    `rollback of app ${app} to revision ${describeRevision(target)} ended ${done.outcome} ` +
    `(revision ${done.revision}): ${toOneLine(done.message, 10_000)}`
  );
}

/** A rollback to the state the cluster already had records no revision; the app is pinned all the same. */
export function formatRollbackNoChange(app: string, target: RevisionSummary): string {
  return `app ${app} already matched revision ${describeRevision(target)}: nothing was written; ${pinExplanation(app)}\n`;
}

export function formatSuspended(app: string, wasSuspended: boolean): string {
  const what = `the daemon diffs it but never writes it until \`sextant resume ${app}\``;
  return wasSuspended ? `app ${app} was already suspended: ${what}\n` : `app ${app} suspended: ${what}\n`;
}

export function formatResumed(app: string, before: { suspended: boolean; pinnedRevision?: number }): string {
  const released =
    before.pinnedRevision !== undefined ? `released the rollback pin to revision ${before.pinnedRevision}` : '';
  if (!before.suspended && !released) return `app ${app} was neither suspended nor pinned: it already follows Git\n`;
  const parts = [before.suspended ? 'resumed' : '', released].filter(Boolean).join(' and ');
  return `app ${app} ${parts}: it follows Git again from its next sync\n`;
}
