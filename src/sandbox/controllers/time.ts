/**
 * Timestamps as the apiserver serialises metav1.Time: RFC 3339 in UTC with whole seconds.
 */

export function rfc3339(d: Date | number): string {
  const t = typeof d === 'number' ? d : d.getTime();
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Milliseconds since the epoch, or undefined for a missing or malformed timestamp. */
export function parseTime(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}
