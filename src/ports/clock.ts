/**
 * The port through which the engine reads time and waits. The daemon passes a real clock; tests
 * pass a manual one, so retries, timeouts and deadlines are exact and never slow a test down.
 */

export interface Clock {
  now(): Date;
  /**
   * Resolves after `ms` milliseconds. When `signal` aborts first, rejects with an error whose
   * `name` is 'AbortError' (a DOMException, as Node's timers/promises does), and the timer is released.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
