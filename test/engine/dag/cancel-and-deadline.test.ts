import { describe, expect, it } from 'vitest';
import { runDag } from '../../../src/engine/dag/run-dag.js';
import { ManualClock } from '../manual-clock.js';
import { node, recordWork } from './fake-work.js';

const chain = () => [
  node('a', [], { ms: 10 }),
  node('b', ['a'], { ms: 100 }),
  node('c', [], { ms: 100 }),
  node('d', ['b'], { ms: 10 }),
];

describe('runDag cancellation', () => {
  it('on external abort, aborts running nodes (cancelled) and skips the ones not started', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const abort = new AbortController();
    const done = runDag({ nodes: chain(), run: w.run, concurrency: 4, clock, signal: abort.signal });
    await clock.advance(50);
    abort.abort();
    const { outcome, results } = await done;

    expect(outcome).toBe('cancelled');
    expect(results.map((r) => [r.id, r.outcome])).toEqual([
      ['a', 'succeeded'],
      ['b', 'cancelled'],
      ['c', 'cancelled'],
      ['d', 'skipped'],
    ]);
    expect(results[1]?.error).toBe('cancelled: the run was cancelled');
    expect(results[3]?.error).toBe('not started: the run was cancelled');
    expect(w.span('b')).toMatchObject({ aborted: true, end: 50 });
    expect(clock.pendingSleeps).toBe(0);
  });

  it('cancels at the run deadline', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const done = runDag({ nodes: chain(), run: w.run, concurrency: 4, clock, deadlineMs: 60 });
    await clock.runAll();
    const { outcome, results } = await done;
    expect(outcome).toBe('cancelled');
    expect(results[1]).toMatchObject({ outcome: 'cancelled', error: 'cancelled: the run deadline of 60ms passed' });
    expect(w.span('b')?.end).toBe(60);
  });

  it('releases the deadline timer when the run ends first', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const done = runDag({ nodes: [node('a', [], { ms: 5 })], run: w.run, concurrency: 1, clock, deadlineMs: 60_000 });
    await clock.advance(5);
    expect((await done).outcome).toBe('succeeded');
    expect(clock.pendingSleeps).toBe(0);
  });

  it('cancels a node waiting for its retry backoff', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const abort = new AbortController();
    const done = runDag({
      nodes: [node('flaky', [], { ms: 10, failOn: [1] })],
      run: w.run,
      concurrency: 1,
      clock,
      signal: abort.signal,
      retry: { limit: 3, backoff: { durationMs: 1_000, factor: 2, maxDurationMs: 10_000 } },
    });
    await clock.advance(500);
    abort.abort();
    expect((await done).results[0]).toMatchObject({ outcome: 'cancelled', attempts: 1 });
  });

  it('finishes even when the work ignores its aborted signal', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const abort = new AbortController();
    const done = runDag({
      nodes: [node('stuck', [], { hang: true }), node('next', ['stuck'])],
      run: w.run,
      concurrency: 1,
      clock,
      signal: abort.signal,
    });
    await clock.advance(1_000);
    abort.abort();
    expect((await done).results.map((r) => r.outcome)).toEqual(['cancelled', 'skipped']);
  });

  it('starts nothing when the signal is already aborted', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const { outcome, results } = await runDag({
      nodes: chain(),
      run: w.run,
      concurrency: 4,
      clock,
      signal: AbortSignal.abort(),
    });
    expect(outcome).toBe('cancelled');
    expect(results.every((r) => r.outcome === 'skipped' && r.attempts === 0)).toBe(true);
    expect(w.spans).toEqual([]);
  });
});
