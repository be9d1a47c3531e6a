import { describe, expect, it } from 'vitest';
import { runDag } from '../../../src/engine/dag/run-dag.js';
import { ManualClock } from '../manual-clock.js';
import { node, recordWork } from './fake-work.js';

// crd -> cr -> app-config ; ns -> db (independent branch); cr also depends on ns
const graph = () => [
  node('crd', [], { ms: 10, failOn: [1], error: new Error('CRD rejected') }),
  node('ns', [], { ms: 5 }),
  node('cr', ['crd', 'ns'], { ms: 10 }),
  node('db', ['ns'], { ms: 30 }),
  node('app-config', ['cr'], { ms: 10 }),
];

describe('runDag on failure', () => {
  it('skips only the transitive dependents of the failed node; other branches finish', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const done = runDag({ nodes: graph(), run: w.run, concurrency: 4, clock });
    await clock.runAll();
    const { outcome, results } = await done;

    expect(outcome).toBe('failed');
    expect(results).toEqual([
      expect.objectContaining({ id: 'crd', outcome: 'failed', attempts: 1, error: 'CRD rejected' }),
      expect.objectContaining({ id: 'ns', outcome: 'succeeded', attempts: 1 }),
      { id: 'cr', outcome: 'skipped', attempts: 0, error: 'not started: dependency "crd" did not succeed' },
      expect.objectContaining({ id: 'db', outcome: 'succeeded', attempts: 1 }),
      { id: 'app-config', outcome: 'skipped', attempts: 0, error: 'not started: dependency "crd" did not succeed' },
    ]);
    expect(w.startOrder()).toEqual(['crd', 'ns', 'db']);
    expect(w.span('db')?.end).toBe(35); // kept running after crd failed at 10
  });

  it('with failFast, aborts running nodes and skips the rest', async () => {
    const clock = new ManualClock();
    const w = recordWork(clock);
    const done = runDag({ nodes: graph(), run: w.run, concurrency: 4, clock, failFast: true });
    await clock.runAll();
    const { outcome, results } = await done;

    expect(outcome).toBe('failed');
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get('crd')?.outcome).toBe('failed');
    expect(byId.get('ns')?.outcome).toBe('succeeded');
    expect(byId.get('db')).toMatchObject({
      outcome: 'cancelled',
      attempts: 1,
      error: 'cancelled: fail-fast after "crd" failed',
    });
    expect(byId.get('cr')?.outcome).toBe('skipped');
    expect(w.span('db')).toMatchObject({ aborted: true, end: 10 });
  });

  it('treats a synchronous throw and a non-Error rejection as failures', async () => {
    const clock = new ManualClock();
    const done = runDag({
      nodes: [node('sync'), node('odd')],
      run: (n) => {
        if (n.id === 'sync') throw new Error('thrown before any await');
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the point: callers may reject with anything
        return Promise.reject({ code: 42 });
      },
      concurrency: 2,
      clock,
    });
    const { results } = await done;
    expect(results.map((r) => [r.outcome, r.error])).toEqual([
      ['failed', 'thrown before any await'],
      ['failed', '{"code":42}'],
    ]);
  });
});
