import { describe, expect, it } from 'vitest';
import { DagCycleError, runDag } from '../../../src/engine/dag/run-dag.js';
import { validateDag } from '../../../src/engine/dag/validate-dag.js';
import { ManualClock } from '../manual-clock.js';
import { node } from './fake-work.js';

describe('DAG validation before running', () => {
  it('names the members of a cycle in dependency order, and runs nothing', async () => {
    let ran = 0;
    const nodes = [node('ns'), node('a', ['ns', 'c']), node('b', ['a']), node('c', ['b'])];
    const attempt = runDag({ nodes, run: () => Promise.resolve(void ran++), concurrency: 1, clock: new ManualClock() });
    await expect(attempt).rejects.toThrow('dependency cycle: a -> c -> b -> a (each depends on the next)');
    await expect(attempt).rejects.toBeInstanceOf(DagCycleError);
    await attempt.catch((err: unknown) => expect((err as DagCycleError).cycle).toEqual(['a', 'c', 'b', 'a']));
    expect(ran).toBe(0);
  });

  it('reports a node depending on itself as a cycle', () => {
    expect(() => validateDag([node('a', ['a'])])).toThrow('dependency cycle: a -> a');
  });

  it('names an unknown dependency and its dependent', () => {
    expect(() => validateDag([node('a'), node('b', ['a', 'missing'])])).toThrow(
      'node "b" depends on unknown node "missing"',
    );
  });

  it('rejects duplicate ids', () => {
    expect(() => validateDag([node('a'), node('a')])).toThrow('duplicate node id "a"');
  });

  it('handles a chain of 20,000 nodes without overflowing the stack', () => {
    const nodes = Array.from({ length: 20_000 }, (_, i) => node(`n${i}`, i === 0 ? [] : [`n${i - 1}`]));
    expect(validateDag(nodes).get('n0')).toEqual(['n1']);
    nodes[0] = node('n0', ['n19999']);
    expect(() => validateDag(nodes)).toThrow(DagCycleError);
  });
});
