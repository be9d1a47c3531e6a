/**
 * A Clock for tests: time moves only when the test calls advance(), which wakes due sleepers one
 * at a time in due order (ties in the order they slept), letting the code under test react to each
 * before the next, so timings asserted in tests are exact.
 */
import type { Clock } from '../../src/ports/clock.js';

interface Sleeper {
  due: number;
  seq: number;
  resolve: () => void;
}

/** Lets every pending promise callback run; setImmediate fires after the microtask queue drains. */
export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private sleepers: Sleeper[] = [];

  constructor(start: Date = new Date('2024-01-01T00:00:00Z')) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Milliseconds since the clock was created at its start time. */
  elapsedSince(start: Date): number {
    return this.current - start.getTime();
  }

  /** How many sleeps are waiting. */
  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const sleeper: Sleeper = { due: this.current + Math.max(0, ms), seq: this.seq++, resolve: () => undefined };
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(abortError());
      };
      sleeper.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /** Moves time forward by `ms`, waking each due sleeper in order and letting its continuation run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushPromises();
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.sleepers = this.sleepers.filter((s) => s !== next);
      this.current = next.due;
      next.resolve();
      await flushPromises();
    }
    this.current = target;
    await flushPromises();
  }

  /** Advances until no sleeper is left (or `limitMs` passed), for tests that only care about the end. */
  async runAll(limitMs = 3_600_000): Promise<void> {
    const end = this.current + limitMs;
    await flushPromises();
    while (this.sleepers.length > 0 && this.current < end) {
      const next = this.nextDue(end);
      if (!next) break;
      await this.advance(next.due - this.current);
    }
  }

  private nextDue(limit: number): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.sleepers) {
      if (s.due > limit) continue;
      if (!best || s.due < best.due || (s.due === best.due && s.seq < best.seq)) best = s;
    }
    return best;
  }
}

function abortError(): Error {
  return new DOMException('The sleep was aborted', 'AbortError');
}
