/**
 * The generic DAG executor: runs nodes once their dependencies succeeded, at most `concurrency` at
 * a time, in input order among the ready ones, with per-node retry and backoff, per-attempt
 * timeouts, a run deadline and cancellation, and reports progress as events. It knows nothing of
 * Kubernetes: sync plans today and workflows later hand it nodes and a `run` function.
 *
 * Decisions worth knowing:
 * - A failed or timed-out node skips its transitive dependents (never started); other branches go
 *   on, unless failFast, which aborts the running nodes ('cancelled') and skips the rest.
 * - `nodeTimeoutMs` bounds each attempt, not the node: a timed-out attempt is retried like any error
 *   when the retry policy has attempts left and isRetryable(NodeTimeoutError) is true. A node
 *   whose last attempt timed out is 'timed-out'.
 * - `retry.limit` counts retries: a node runs at most limit + 1 times. A node waiting for its
 *   backoff keeps its concurrency slot, so retries cannot push the run over `concurrency`.
 * - On abort (external signal or deadline) running nodes see their signal aborted and are recorded
 *   'cancelled' at once; the executor does not wait for work that ignores its signal.
 * - `onEvent` is called synchronously; a listener that throws is ignored so it cannot corrupt the run.
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from '../../ports/clock.js';
import { computeBackoffMs, type Backoff } from './compute-backoff.js';
import { ReadyQueue } from './ready-queue.js';
import { NodeTimeoutError, runAttempt } from './run-attempt.js';
import { DagCycleError, validateDag } from './validate-dag.js';

export { DagCycleError, NodeTimeoutError };

export interface DagNode<T> {
  id: string;
  deps: string[];
  payload: T;
}
export interface RetryPolicy {
  /** Retries after the first attempt; 0 means one attempt. */
  limit: number;
  backoff: Backoff;
}
export type NodeOutcome =
  | 'succeeded'
  | 'failed'
  | 'skipped' // a dependency failed, or the run ended before the node started
  | 'cancelled'
  | 'timed-out';
export interface NodeResult {
  id: string;
  outcome: NodeOutcome;
  attempts: number;
  startedAt?: Date;
  finishedAt?: Date;
  error?: string;
}
export type RunOutcome = 'succeeded' | 'failed' | 'cancelled';
export type DagEvent =
  | { type: 'node-started'; id: string; attempt: number; at: Date }
  /** `attempt` is the attempt that just failed; the next one starts after `delayMs`. */
  | { type: 'node-retrying'; id: string; attempt: number; delayMs: number; error: string; at: Date }
  | { type: 'node-finished'; result: NodeResult }
  | { type: 'run-finished'; outcome: RunOutcome; results: NodeResult[] };

export interface RunDagInput<T> {
  nodes: DagNode<T>[];
  run: (node: DagNode<T>, ctx: { attempt: number; signal: AbortSignal }) => Promise<void>;
  concurrency: number;
  clock: Clock;
  signal?: AbortSignal;
  retry?: RetryPolicy | ((node: DagNode<T>) => RetryPolicy | undefined);
  /** Default: every error is retryable. Timeouts arrive as NodeTimeoutError. */
  isRetryable?: (err: unknown) => boolean;
  nodeTimeoutMs?: number | ((node: DagNode<T>) => number | undefined);
  /** Bounds the whole run, measured with `clock` from the call. */
  deadlineMs?: number;
  failFast?: boolean;
  onEvent?: (e: DagEvent) => void;
}
export interface DagRunResult {
  outcome: RunOutcome;
  /** One per node, in input order. */
  results: NodeResult[];
}

type StopReason = { kind: 'external' } | { kind: 'deadline'; ms: number } | { kind: 'fail-fast'; id: string };

/** Validates the graph (throws DagCycleError or an Error naming an unknown dependency), then runs it. */
export async function runDag<T>(input: RunDagInput<T>): Promise<DagRunResult> {
  const dependents = validateDag(input.nodes);
  if (!Number.isInteger(input.concurrency) || input.concurrency < 1) {
    throw new Error(`concurrency must be a positive integer, got ${input.concurrency}`);
  }
  return new DagRun(input, dependents).start();
}

class DagRun<T> {
  private readonly pending = new Set<string>();
  private readonly indexOf = new Map<string, number>();
  /** Per node index: dependencies not yet succeeded. A node is ready when this reaches 0. */
  private readonly unmet: number[];
  private readonly ready = new ReadyQueue();
  private readonly results = new Map<string, NodeResult>();
  private readonly stop = new AbortController();
  private readonly deadlineTimer = new AbortController();
  private stopReason: StopReason | undefined;
  private running = 0;
  private finished = false;
  private resolve: (r: DagRunResult) => void = () => undefined;

  constructor(
    private readonly input: RunDagInput<T>,
    private readonly dependents: Map<string, string[]>,
  ) {
    this.unmet = input.nodes.map((n, i) => {
      this.pending.add(n.id);
      this.indexOf.set(n.id, i);
      if (n.deps.length === 0) this.ready.push(i);
      return n.deps.length;
    });
  }

  start(): Promise<DagRunResult> {
    const done = new Promise<DagRunResult>((resolve) => (this.resolve = resolve));
    const { signal, deadlineMs, clock } = this.input;
    // Every running attempt listens on the run's stop signal: more than Node's default of 10 is expected.
    setMaxListeners(0, this.stop.signal);
    signal?.addEventListener('abort', this.onExternalAbort, { once: true });
    if (deadlineMs !== undefined) {
      clock.sleep(deadlineMs, this.deadlineTimer.signal).then(
        () => this.halt({ kind: 'deadline', ms: deadlineMs }),
        () => undefined, // the run finished first
      );
    }
    if (signal?.aborted) this.halt({ kind: 'external' });
    else this.pump();
    return done;
  }

  private readonly onExternalAbort = (): void => this.halt({ kind: 'external' });

  /** Stops the run: running nodes are aborted, nodes not started are skipped. */
  private halt(reason: StopReason): void {
    if (this.stopReason || this.finished) return;
    this.stopReason = reason;
    this.stop.abort(new Error(describeStop(reason)));
    this.pump();
  }

  /** Starts whatever may start now, or skips it when the run is stopping, then finishes if idle. */
  private pump(): void {
    if (this.finished) return;
    if (this.stopReason) {
      const why = `not started: ${describeStop(this.stopReason)}`;
      for (const n of this.input.nodes) if (this.pending.has(n.id)) this.skip(n.id, why);
    } else {
      while (this.running < this.input.concurrency && this.ready.size > 0) {
        const node = this.input.nodes[this.ready.pop() as number];
        if (!node || !this.pending.has(node.id)) continue;
        this.pending.delete(node.id);
        this.running++;
        void this.execute(node).then((result) => this.complete(result));
      }
    }
    if (this.running === 0) this.finish();
  }

  private complete(result: NodeResult): void {
    this.running--;
    this.record(result);
    if (result.outcome === 'succeeded') this.release(result.id);
    if (result.outcome === 'failed' || result.outcome === 'timed-out') {
      this.skipDependents(result.id);
      if (this.input.failFast) this.halt({ kind: 'fail-fast', id: result.id });
    }
    this.pump();
  }

  /** Runs a node's attempts with retry; never rejects. */
  private async execute(node: DagNode<T>): Promise<NodeResult> {
    const { clock } = this.input;
    const policy = typeof this.input.retry === 'function' ? this.input.retry(node) : this.input.retry;
    const timeoutMs =
      typeof this.input.nodeTimeoutMs === 'function' ? this.input.nodeTimeoutMs(node) : this.input.nodeTimeoutMs;
    const startedAt = clock.now();
    const end = (outcome: NodeOutcome, attempts: number, error?: string): NodeResult => ({
      id: node.id,
      outcome,
      attempts,
      startedAt,
      finishedAt: clock.now(),
      ...(error === undefined ? {} : { error }),
    });
    for (let attempt = 1; ; attempt++) {
      this.emit({ type: 'node-started', id: node.id, attempt, at: clock.now() });
      const out = await runAttempt({
        work: (signal) => this.input.run(node, { attempt, signal }),
        clock,
        timeoutMs,
        runSignal: this.stop.signal,
      });
      if (out.kind === 'succeeded') return end('succeeded', attempt);
      if (out.kind === 'cancelled') return end('cancelled', attempt, this.cancelMessage());
      const error = describeError(out.error);
      if (!policy || attempt > policy.limit || !this.isRetryable(out.error)) {
        return end(out.kind, attempt, error);
      }
      const delayMs = computeBackoffMs(policy.backoff, attempt);
      this.emit({ type: 'node-retrying', id: node.id, attempt, delayMs, error, at: clock.now() });
      try {
        await clock.sleep(delayMs, this.stop.signal);
      } catch {
        return end('cancelled', attempt, this.cancelMessage());
      }
      if (this.stop.signal.aborted) return end('cancelled', attempt, this.cancelMessage());
    }
  }

  private isRetryable(err: unknown): boolean {
    try {
      return this.input.isRetryable ? this.input.isRetryable(err) : true;
    } catch {
      return false; // a broken predicate must not retry forever or crash the run
    }
  }

  private cancelMessage(): string {
    return `cancelled: ${this.stopReason ? describeStop(this.stopReason) : 'run stopped'}`;
  }

  /** Counts a dependency as met for each dependent; those with none left become ready. */
  private release(id: string): void {
    for (const dependent of this.dependents.get(id) ?? []) {
      const i = this.indexOf.get(dependent) as number;
      const left = (this.unmet[i] as number) - 1;
      this.unmet[i] = left;
      if (left === 0) this.ready.push(i);
    }
  }

  private skipDependents(failedId: string): void {
    const reached = new Set<string>();
    const queue = [...(this.dependents.get(failedId) ?? [])];
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      if (reached.has(id) || !this.pending.has(id)) continue;
      reached.add(id);
      queue.push(...(this.dependents.get(id) ?? []));
    }
    for (const n of this.input.nodes) {
      if (reached.has(n.id)) this.skip(n.id, `not started: dependency "${failedId}" did not succeed`);
    }
  }

  private skip(id: string, error: string): void {
    this.pending.delete(id);
    this.record({ id, outcome: 'skipped', attempts: 0, error });
  }

  private record(result: NodeResult): void {
    this.results.set(result.id, result);
    this.emit({ type: 'node-finished', result });
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.deadlineTimer.abort();
    this.input.signal?.removeEventListener('abort', this.onExternalAbort);
    const results = this.input.nodes.map(
      (n) => this.results.get(n.id) ?? { id: n.id, outcome: 'skipped' as const, attempts: 0 },
    );
    const stoppedFromOutside = this.stopReason !== undefined && this.stopReason.kind !== 'fail-fast';
    const outcome: RunOutcome = stoppedFromOutside
      ? 'cancelled'
      : results.every((r) => r.outcome === 'succeeded')
        ? 'succeeded'
        : 'failed';
    this.emit({ type: 'run-finished', outcome, results });
    this.resolve({ outcome, results });
  }

  private emit(e: DagEvent): void {
    try {
      this.input.onEvent?.(e);
    } catch {
      // See the header: progress reporting must not change the run.
    }
  }
}

function describeStop(reason: StopReason): string {
  switch (reason.kind) {
    case 'external':
      return 'the run was cancelled';
    case 'deadline':
      return `the run deadline of ${reason.ms}ms passed`;
    case 'fail-fast':
      return `fail-fast after "${reason.id}" failed`;
  }
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? 'unknown error';
  } catch {
    return 'unknown error';
  }
}
