import { describe, expect, it } from 'vitest';
import { runDag, type DagEvent, type RetryPolicy } from '../../../src/engine/dag/run-dag.js';
import { ManualClock } from '../manual-clock.js';
import { node, recordWork } from './fake-work.js';

const policy: RetryPolicy = { limit: 4, backoff: { durationMs: 100, factor: 2, maxDurationMs: 300 } };

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}
const transientOnly = (err: unknown) => err instanceof HttpError && (err.status === 429 || err.status >= 500);

describe('runDag retries', () => {
  it('waits exactly the exponential backoff, capped, between attempts', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const nodes = [
      node('flaky', [], { ms: 10, failOn: [1, 2, 3, 4], error: new HttpError(503) }),
      node('after', ['flaky'], { ms: 1 }),
    ];
    const done = runDag({ nodes, run: w.run, concurrency: 1, clock, retry: policy, onEvent: w.onEvent });
    await clock.runAll();
    const { outcome, results } = await done;

    expect(outcome).toBe('succeeded');
    expect(results[0]).toMatchObject({ outcome: 'succeeded', attempts: 5 });
    // attempts of 10ms; delays 100, 200, 300 (capped from 400), 300 (capped from 800)
    expect(w.spans.filter((s) => s.id === 'flaky').map((s) => s.start)).toEqual([0, 110, 320, 630, 940]);
    const retrying = w.events.filter(
      (e): e is Extract<DagEvent, { type: 'node-retrying' }> => e.type === 'node-retrying',
    );
    expect(retrying.map((e) => [e.attempt, e.delayMs, e.error])).toEqual([
      [1, 100, 'HTTP 503'],
      [2, 200, 'HTTP 503'],
      [3, 300, 'HTTP 503'],
      [4, 300, 'HTTP 503'],
    ]);
    expect(w.span('after')?.start).toBe(950);
  });

  it('gives up after limit + 1 attempts with the last error', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const nodes = [node('down', [], { ms: 10, failOn: [1, 2, 3], error: new HttpError(500) })];
    const done = runDag({ nodes, run: w.run, concurrency: 1, clock, retry: { ...policy, limit: 2 } });
    await clock.runAll();
    expect((await done).results[0]).toMatchObject({ outcome: 'failed', attempts: 3, error: 'HTTP 500' });
  });

  it('does not retry an error isRetryable rejects', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const nodes = [
      node('invalid', [], { ms: 10, failOn: [1, 2], error: new HttpError(422) }),
      node('throttled', [], { ms: 10, failOn: [1], error: new HttpError(429) }),
    ];
    const done = runDag({ nodes, run: w.run, concurrency: 2, clock, retry: policy, isRetryable: transientOnly });
    await clock.runAll();
    const { results } = await done;
    expect(results[0]).toMatchObject({ outcome: 'failed', attempts: 1, error: 'HTTP 422' });
    expect(results[1]).toMatchObject({ outcome: 'succeeded', attempts: 2 });
  });

  it('takes the policy per node, and no policy means one attempt', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const nodes = [node('hook', [], { failOn: [1] }), node('object', [], { failOn: [1] })];
    const done = runDag({
      nodes,
      run: w.run,
      concurrency: 2,
      clock,
      retry: (n) => (n.id === 'object' ? policy : undefined),
    });
    await clock.runAll();
    const { results } = await done;
    expect(results.map((r) => [r.id, r.outcome, r.attempts])).toEqual([
      ['hook', 'failed', 1],
      ['object', 'succeeded', 2],
    ]);
  });
});
