/**
 * Which recorded revisions a history limit removes. Pure, so the rule is tested as a table: the
 * newest `limit` revisions stay, and so do the newest Succeeded one (the rollback target of last
 * resort, even when many failures followed it) and any still Running (a sync under way or not yet
 * marked Interrupted).
 */
import type { SyncOutcome } from '../sync/sync-types.js';

export interface TrimCandidate {
  revision: number;
  outcome: SyncOutcome;
}

/**
 * The revision numbers to delete, oldest first. A limit under 1 counts as 1: the newest revision
 * always stays, so revision numbers keep rising and none is ever reused. A NaN limit deletes nothing.
 */
export function chooseRevisionsToTrim(revs: readonly TrimCandidate[], limit: number): number[] {
  if (Number.isNaN(limit)) return [];
  const keep = Math.max(1, Math.floor(limit));
  const newestFirst = [...revs].sort((a, b) => b.revision - a.revision);
  const newestSuccess = newestFirst.find((r) => r.outcome === 'Succeeded')?.revision;
  return newestFirst
    .slice(keep)
    .filter((r) => r.outcome !== 'Running' && r.revision !== newestSuccess)
    .map((r) => r.revision)
    .sort((a, b) => a - b);
}
