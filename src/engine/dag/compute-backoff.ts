/**
 * The wait before a retry: exponential from `durationMs`, multiplied by `factor` per retry and
 * capped at `maxDurationMs` (Argo Workflows' retryStrategy.backoff, without jitter so runs are
 * reproducible).
 */

export interface Backoff {
  durationMs: number;
  factor: number;
  maxDurationMs: number;
}

/** Delay before retry number `retry` (1 = the first retry, after the first failed attempt). */
export function computeBackoffMs(backoff: Backoff, retry: number): number {
  const raw = backoff.durationMs * Math.pow(backoff.factor, Math.max(0, retry - 1));
  const capped = Math.min(raw, backoff.maxDurationMs);
  return Number.isFinite(capped) && capped > 0 ? Math.round(capped) : 0;
}
