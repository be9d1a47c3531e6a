import { describe, expect, it } from 'vitest';
import { NodeTimeoutError, runDag } from '../../../src/engine/dag/run-dag.js';
import { ManualClock } from '../manual-clock.js';
import { node, recordWork } from './fake-work.js';

describe('runDag node timeouts', () => {
  it('aborts a slow node at its timeout, records timed-out and skips its dependents', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const nodes = [node('slow', [], { ms: 500 }), node('fast', [], { ms: 50 }), node('after', ['slow'])];
    const done = runDag({ nodes, run: w.run, concurrency: 3, clock, nodeTimeoutMs: 100 });
    await clock.runAll();
    const { outcome, results } = await done;

    expect(outcome).toBe('failed');
    expect(results[0]).toMatchObject({ outcome: 'timed-out', attempts: 1, error: 'timed out after 100ms' });
    expect(Number(results[0]?.finishedAt) - Number(results[0]?.startedAt)).toBe(100);
    expect(w.span('slow')).toMatchObject({ aborted: true, end: 100 });
    expect(results[1]?.outcome).toBe('succeeded');
    expect(results[2]?.outcome).toBe('skipped');
  });

  it('retries a timed-out attempt when the policy allows; the timeout applies per attempt', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    let first = true;
    const done = runDag({
      nodes: [node('rollout')],
      run: async (n, ctx) => {
        const ms = first ? 1_000 : 80; // first attempt stalls, second is quick
        first = false;
        await w.run({ ...n, payload: { ms } }, ctx);
      },
      concurrency: 1,
      clock,
      nodeTimeoutMs: (n) => (n.id === 'rollout' ? 100 : undefined),
      retry: { limit: 1, backoff: { durationMs: 5, factor: 2, maxDurationMs: 60_000 } },
      isRetryable: (err) => err instanceof NodeTimeoutError,
    });
    await clock.runAll();
    expect((await done).results[0]).toMatchObject({ outcome: 'succeeded', attempts: 2 });
    expect(w.spans.map((s) => [s.attempt, s.start, s.end])).toEqual([
      [1, 0, 100],
      [2, 105, 185],
    ]);
  });

  it('stops waiting for work that ignores its aborted signal', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const done = runDag({
      nodes: [node('stuck', [], { hang: true })],
      run: w.run,
      concurrency: 1,
      clock,
      nodeTimeoutMs: 30,
    });
    await clock.advance(30);
    expect((await done).results[0]).toMatchObject({ outcome: 'timed-out', attempts: 1 });
    expect(clock.pendingSleeps).toBe(0);
  });
});
