import { describe, expect, it } from 'vitest';
import { runDag, type DagEvent } from '../../../src/engine/dag/run-dag.js';
import { ManualClock } from '../manual-clock.js';
import { node, recordWork } from './fake-work.js';

/** One line per event, with times in ms since the start, so a sequence reads like a progress log. */
function describeEvents(events: DagEvent[], origin: Date): string[] {
  const t = (d: Date | undefined) => (d ? d.getTime() - origin.getTime() : '-');
  return events.map((e) => {
    switch (e.type) {
      case 'node-started':
        return `${t(e.at)} start ${e.id} #${e.attempt}`;
      case 'node-retrying':
        return `${t(e.at)} retry ${e.id} #${e.attempt} in ${e.delayMs}ms: ${e.error}`;
      case 'node-finished':
        return `${t(e.result.finishedAt)} ${e.result.outcome} ${e.result.id} x${e.result.attempts}`;
      case 'run-finished':
        return `run ${e.outcome} (${e.results.length} nodes)`;
    }
  });
}

describe('runDag progress events', () => {
  it('reports starts, retries, finishes and the run result in order', async () => {
    const clock = new ManualClock();
    const origin = clock.now();
    const w = recordWork(clock);
    const nodes = [
      node('ns', [], { ms: 10 }),
      node('api', ['ns'], { ms: 20, failOn: [1] }),
      node('broken', ['ns'], { ms: 5, failOn: [1, 2], error: new Error('invalid spec') }),
      node('ingress', ['api'], { ms: 5 }),
      node('monitor', ['broken'], { ms: 5 }),
    ];
    const done = runDag({
      nodes,
      run: w.run,
      concurrency: 2,
      clock,
      onEvent: w.onEvent,
      retry: (n) =>
        n.id === 'api' ? { limit: 1, backoff: { durationMs: 7, factor: 2, maxDurationMs: 100 } } : undefined,
    });
    await clock.runAll();
    await done;

    expect(describeEvents(w.events, origin)).toEqual([
      '0 start ns #1',
      '10 succeeded ns x1',
      '10 start api #1',
      '10 start broken #1',
      '15 failed broken x1',
      '- skipped monitor x0',
      '30 retry api #1 in 7ms: api broke',
      '37 start api #2',
      '57 succeeded api x2',
      '57 start ingress #1',
      '62 succeeded ingress x1',
      'run failed (5 nodes)',
    ]);
  });

  it('keeps running when a listener throws', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const done = runDag({
      nodes: [node('a'), node('b', ['a'])],
      run: w.run,
      concurrency: 1,
      clock,
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    await clock.runAll();
    expect((await done).outcome).toBe('succeeded');
  });
});
