/**
 * One attempt of one node: starts the work with its own AbortSignal, aborts it when the node
 * timeout passes or the run is aborted, and stops waiting at that moment even if the work ignores
 * its signal, so a stuck node can never hang the run.
 */
import type { Clock } from '../../ports/clock.js';

/** The error an attempt fails with when it outlives its node timeout; passed to isRetryable. */
export class NodeTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs}ms`);
    this.name = 'NodeTimeoutError';
  }
}

export type AttemptOutcome =
  | { kind: 'succeeded' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'timed-out'; error: NodeTimeoutError }
  | { kind: 'cancelled' };

export interface AttemptInput {
  work: (signal: AbortSignal) => Promise<void>;
  clock: Clock;
  timeoutMs: number | undefined;
  /** The run's signal: when it aborts, the attempt is cancelled. */
  runSignal: AbortSignal;
}

export async function runAttempt(input: AttemptInput): Promise<AttemptOutcome> {
  const { runSignal, timeoutMs } = input;
  if (runSignal.aborted) return { kind: 'cancelled' };

  const attempt = new AbortController();
  const timer = new AbortController();
  let timedOut: NodeTimeoutError | undefined;
  const onRunAbort = (): void => attempt.abort(runSignal.reason);
  runSignal.addEventListener('abort', onRunAbort, { once: true });
  if (timeoutMs !== undefined) {
    input.clock.sleep(timeoutMs, timer.signal).then(
      () => {
        timedOut = new NodeTimeoutError(timeoutMs);
        attempt.abort(timedOut);
      },
      () => undefined, // the attempt ended first and released the timer
    );
  }
  const aborted = new Promise<never>((_, reject) => {
    attempt.signal.addEventListener('abort', () => reject(attempt.signal.reason as Error), { once: true });
  });
  // Deferred so that a synchronous throw in work() becomes a failed attempt like any other.
  const work = Promise.resolve().then(() => input.work(attempt.signal));
  // Whichever loses the race may settle later; nobody is listening then, so mute it.
  work.catch(() => undefined);
  aborted.catch(() => undefined);

  try {
    await Promise.race([work, aborted]);
    return { kind: 'succeeded' };
  } catch (error) {
    if (runSignal.aborted) return { kind: 'cancelled' };
    if (timedOut) return { kind: 'timed-out', error: timedOut };
    return { kind: 'failed', error };
  } finally {
    timer.abort();
    runSignal.removeEventListener('abort', onRunAbort);
  }
}
