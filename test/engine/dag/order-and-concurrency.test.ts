import { describe, expect, it } from 'vitest';
import { runDag } from '../../../src/engine/dag/run-dag.js';
import { ManualClock } from '../manual-clock.js';
import { node, recordWork } from './fake-work.js';

describe('runDag ordering and concurrency', () => {
  it('starts a node only after all its dependencies finished', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const nodes = [
      node('deploy', ['config', 'sa'], { ms: 5 }),
      node('ns', [], { ms: 10 }),
      node('config', ['ns'], { ms: 20 }),
      node('sa', ['ns'], { ms: 30 }),
    ];
    const done = runDag({ nodes, run: w.run, concurrency: 10, clock });
    await clock.runAll();
    const { outcome, results } = await done;

    expect(outcome).toBe('succeeded');
    expect(results.map((r) => [r.id, r.outcome])).toEqual([
      ['deploy', 'succeeded'],
      ['ns', 'succeeded'],
      ['config', 'succeeded'],
      ['sa', 'succeeded'],
    ]);
    expect(w.span('config')?.start).toBe(10);
    expect(w.span('sa')?.start).toBe(10);
    expect(w.span('deploy')?.start).toBe(40); // waits for the slower of its two dependencies
    expect(clock.elapsedSince(results[1]?.startedAt as Date)).toBe(45);
  });

  it('runs independent branches in parallel up to the concurrency bound, in input order', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const nodes = ['a', 'b', 'c', 'd', 'e'].map((id) => node(id, [], { ms: 10 }));
    const done = runDag({ nodes, run: w.run, concurrency: 2, clock });
    await clock.runAll();
    expect((await done).outcome).toBe('succeeded');

    expect(w.maxActive).toBe(2);
    expect(w.startOrder()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(w.spans.map((s) => [s.id, s.start])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 10],
      ['d', 10],
      ['e', 20],
    ]);
  });

  it('starts ready nodes in input order, not in the order their dependencies finished', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const nodes = [node('a', [], { ms: 5 }), node('b', [], { ms: 10 }), node('after-b', ['b']), node('after-a', ['a'])];
    const done = runDag({ nodes, run: w.run, concurrency: 1, clock });
    await clock.runAll();
    await done;
    expect(w.startOrder()).toEqual(['a', 'b', 'after-b', 'after-a']);
  });

  it('uses every slot when the graph allows it', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const nodes = [
      node('root', [], { ms: 1 }),
      ...Array.from({ length: 8 }, (_, i) => node(`leaf${i}`, ['root'], { ms: 10 })),
    ];
    const done = runDag({ nodes, run: w.run, concurrency: 4, clock });
    await clock.runAll();
    await done;
    expect(w.maxActive).toBe(4);
    expect(clock.elapsedSince(new Date('2024-01-01T00:00:00Z'))).toBe(21);
  });

  it('succeeds at once on an empty graph and rejects a bad concurrency', async () => {
    const clock = new ManualClock();
    await expect(runDag({ nodes: [], run: () => Promise.resolve(), concurrency: 1, clock })).resolves.toEqual({
      outcome: 'succeeded',
      results: [],
    });
    await expect(runDag({ nodes: [node('a')], run: () => Promise.resolve(), concurrency: 0, clock })).rejects.toThrow(
      /concurrency must be a positive integer/,
    );
  });
});
