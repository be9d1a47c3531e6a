import { describe, expect, it } from 'vitest';
import { orderByDependencies } from '../../../src/core/manifests/graph-order.js';

const graph = (edges: Record<string, string[]>) => orderByDependencies(Object.keys(edges), (n) => edges[n] ?? []);

describe('ordering by dependencies', () => {
  it('puts every node after its dependencies, names breaking ties', () => {
    expect(graph({ web: ['db', 'cache'], db: ['net'], cache: ['net'], net: [], alpha: [] })).toEqual({
      order: ['alpha', 'net', 'cache', 'db', 'web'],
      cycles: [],
    });
  });

  it('names each cycle in order, from its smallest member, and puts stuck nodes last', () => {
    expect(graph({ c: ['a'], a: ['b'], b: ['c'], d: ['a'], e: [], self: ['self'] })).toEqual({
      order: ['e', 'a', 'b', 'c', 'd', 'self'],
      cycles: [
        ['a', 'b', 'c', 'a'],
        ['self', 'self'],
      ],
    });
  });

  it('handles a chain of 20,000 without exhausting the stack', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 20_000; i += 1)
      edges[`n${String(i).padStart(5, '0')}`] = i === 0 ? [] : [`n${String(i - 1).padStart(5, '0')}`];
    const ring = { ...edges, n00000: ['n19999'] };
    expect(graph(edges).order[19_999]).toBe('n19999');
    expect(graph(ring).cycles[0]).toHaveLength(20_001);
  });
});
