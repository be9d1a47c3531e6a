/**
 * `sextant status` as text: a kubectl-style table of apps, and one app's detail with its objects.
 * Pure functions of the statuses and the current time, so the output is exact in tests.
 */
import type { AppStatus, ObjectStatus } from '../sync/sync-types.js';
import { toOneLine } from './app-status-store.js';

const NONE = '<none>';
/** Table cells stay readable; `--app` and `-o json` show the whole message. */
const TABLE_MESSAGE = 80;

/** Columns padded to the widest cell plus three spaces, as kubectl's tabwriter prints them. */
export function formatColumns(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3)))
        .join('')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** k8s.io/apimachinery duration.HumanDuration: "45s", "3m12s", "2h", "4d3h". */
export function formatHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

/** How long ago an RFC 3339 time was, or <none> before the first sync. */
export function formatSince(at: string, now: Date): string {
  const t = Date.parse(at);
  return at && Number.isFinite(t) ? formatHumanDuration(now.getTime() - t) : NONE;
}

export function shortSha(sha: string): string {
  return sha ? sha.slice(0, 7) : NONE;
}

export function formatStatusTable(statuses: AppStatus[], now: Date, namespace = 'sextant-system'): string {
  if (statuses.length === 0) return `No apps have been synced yet (namespace ${namespace}).\n`;
  const rows = [['APP', 'SYNC', 'HEALTH', 'REVISION', 'HISTORY', 'SYNCED', 'MESSAGE']];
  for (const s of statuses)
    rows.push([
      s.app,
      s.syncStatus,
      s.health,
      shortSha(s.revision),
      s.historyRevision > 0 ? String(s.historyRevision) : NONE,
      formatSince(s.syncedAt, now),
      toOneLine(s.message, TABLE_MESSAGE),
    ]);
  return formatColumns(rows);
}

function formatObjects(objects: ObjectStatus[]): string {
  if (objects.length === 0) return 'No objects.\n';
  const rows = [['KIND', 'NAMESPACE', 'NAME', 'SYNC', 'HEALTH', 'MESSAGE']];
  for (const o of objects)
    rows.push([o.kind, o.namespace || NONE, o.name, o.sync, o.health, toOneLine(o.message, TABLE_MESSAGE * 2)]);
  return formatColumns(rows);
}

/** `sextant status --app A`: what the app is, then one line per object it owns. */
export function formatAppDetail(status: AppStatus, now: Date): string {
  const synced = status.syncedAt ? `${status.syncedAt} (${formatSince(status.syncedAt, now)} ago)` : NONE;
  const header = formatColumns([
    ['App:', status.app],
    ['Sync:', status.syncStatus],
    ['Health:', status.health],
    ['Revision:', status.revision || NONE],
    ['History:', status.historyRevision > 0 ? String(status.historyRevision) : NONE],
    ['Synced:', synced],
    ['Message:', toOneLine(status.message, 10_000) || NONE],
  ]);
  return `${header}\n${formatObjects(status.objects)}`;
}
