/**
 * The controllers' work queue: keys are deduplicated while they wait, and work runs from a
 * scheduler tick, never inside the cluster's change callback, so a controller's own writes only
 * queue more work instead of recursing into it.
 */
import type { Scheduler } from '../api/types.js';

/** Bounds one tick so a controller that keeps requeueing itself cannot starve the event loop. */
const MAX_PER_TICK = 5000;

export class WorkQueue {
  private readonly pending = new Map<string, () => void>();
  private readonly timers = new Map<string, { at: number; cancel: () => void }>();
  private cancelTick: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly scheduler: Scheduler) {}

  add(key: string, run: () => void): void {
    if (this.stopped) return;
    if (!this.pending.has(key)) this.pending.set(key, run);
    this.schedule();
  }

  /** Runs the key after `ms`; an earlier pending timer for the same key wins. */
  addAfter(key: string, ms: number, run: () => void): void {
    if (this.stopped) return;
    if (ms <= 0) {
      this.add(key, run);
      return;
    }
    const at = this.scheduler.now().getTime() + ms;
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    existing?.cancel();
    const cancel = this.scheduler.after(ms, () => {
      this.timers.delete(key);
      this.add(key, run);
    });
    this.timers.set(key, { at, cancel });
  }

  get size(): number {
    return this.pending.size;
  }

  stop(): void {
    this.stopped = true;
    this.cancelTick?.();
    this.cancelTick = undefined;
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.pending.clear();
  }

  private schedule(): void {
    if (this.cancelTick || this.stopped) return;
    this.cancelTick = this.scheduler.after(0, () => {
      this.cancelTick = undefined;
      this.drain();
    });
  }

  private drain(): void {
    let n = 0;
    while (!this.stopped && n < MAX_PER_TICK) {
      const first = this.pending.entries().next();
      if (first.done) return;
      const [key, run] = first.value;
      this.pending.delete(key);
      run();
      n++;
    }
    if (this.pending.size > 0) this.schedule();
  }
}
