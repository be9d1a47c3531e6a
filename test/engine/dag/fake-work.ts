/**
 * A scripted `run` for executor tests: each node sleeps on the manual clock for its scripted
 * duration, may fail its first attempts, and the recorder keeps start/end times and concurrency.
 */
import type { DagEvent, DagNode } from '../../../src/engine/dag/run-dag.js';
import type { ManualClock } from '../manual-clock.js';

export interface Script {
  /** Work time per attempt in ms (default 10). */
  ms?: number;
  /** Attempts (1-based) that throw after their work time. */
  failOn?: number[];
  /** The error thrown by failing attempts. */
  error?: Error;
  /** When true, the work never settles and ignores its signal. */
  hang?: boolean;
}

export function node(id: string, deps: string[] = [], script: Script = {}): DagNode<Script> {
  return { id, deps, payload: script };
}

export interface Span {
  id: string;
  attempt: number;
  start: number;
  end?: number;
  aborted?: boolean;
}

export function recordWork(clock: ManualClock) {
  const origin = clock.now();
  const spans: Span[] = [];
  const events: DagEvent[] = [];
  let active = 0;
  let maxActive = 0;
  const run = async (n: DagNode<Script>, ctx: { attempt: number; signal: AbortSignal }): Promise<void> => {
    const span: Span = { id: n.id, attempt: ctx.attempt, start: clock.elapsedSince(origin) };
    spans.push(span);
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      if (n.payload.hang) return await new Promise<void>(() => undefined);
      await clock.sleep(n.payload.ms ?? 10, ctx.signal);
      if (n.payload.failOn?.includes(ctx.attempt)) throw n.payload.error ?? new Error(`${n.id} broke`);
    } catch (err) {
      span.aborted = ctx.signal.aborted;
      throw err;
    } finally {
      active--;
      span.end = clock.elapsedSince(origin);
    }
  };
  return {
    run,
    spans,
    events,
    onEvent: (e: DagEvent) => events.push(e),
    get maxActive() {
      return maxActive;
    },
    /** Node ids in the order they first started. */
    startOrder: () => [...new Set(spans.map((s) => s.id))],
    span: (id: string, attempt = 1) => spans.find((s) => s.id === id && s.attempt === attempt),
  };
}
