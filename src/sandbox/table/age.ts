/**
 * Time as kube's printers show it: HumanDuration from k8s.io/apimachinery/pkg/util/duration and
 * translateTimestampSince from pkg/printers/internalversion, so AGE reads "5s", "3m12s", "2d3h"
 * exactly as a real apiserver's Table would.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's HumanDuration; `ms` may be negative (clock skew) or fractional. */
export function formatHumanDuration(ms: number): string {
  // Go converts with int(), which truncates toward zero.
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const d = Math.trunc(hours / 24);
    return h === 0 ? `${d}d` : `${d}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const years = Math.trunc(hours / 24 / 365);
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds since the epoch of a metav1.Time / MicroTime string, or undefined for the zero
 * time (absent, null or ""). Throws nothing: an unparsable value also counts as zero, which is
 * what a Go client would have failed to decode long before printing.
 */
export function parseTimestamp(v: unknown): number | undefined {
  if (typeof v !== 'string' || v === '' || !RFC3339.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

/** True when `v` is a non-empty string that is not an RFC 3339 time ("<invalid>" in CRD date columns). */
export function isMalformedTimestamp(v: string): boolean {
  return v !== '' && v !== 'null' && parseTimestamp(v) === undefined;
}

/** translateTimestampSince: "<unknown>" for the zero time, else the HumanDuration since then. */
export function formatTimestampSince(v: unknown, now: Date): string {
  const ms = parseTimestamp(v);
  return ms === undefined ? '<unknown>' : formatHumanDuration(now.getTime() - ms);
}

/** metav1.Time formatted as Go's time.RFC3339 in UTC, as the default table convertor's "Created At". */
export function formatRfc3339(v: unknown): string {
  const ms = parseTimestamp(v);
  if (ms === undefined) return '0001-01-01T00:00:00Z';
  return new Date(Math.floor(ms / SECOND) * SECOND).toISOString().replace('.000Z', 'Z');
}
