/**
 * The edges of a plan under construction, without duplicates, with both directions indexed so the
 * builder can ask "who waits for this node" and "what does it wait for" cheaply.
 */

import type { PlanEdge } from './plan-types.js';

export class EdgeSet {
  readonly edges: PlanEdge[] = [];
  private readonly seen = new Set<string>();
  private readonly succ = new Map<string, string[]>();
  private readonly pred = new Map<string, string[]>();

  /** Adds `from -> to` unless it is a self-edge or already present (the first reason is kept). */
  add(from: string, to: string, reason: string): void {
    if (from === to) return;
    const key = `${from}\u0000${to}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.edges.push({ from, to, reason });
    push(this.succ, from, to);
    push(this.pred, to, from);
  }

  successors(id: string): readonly string[] {
    return this.succ.get(id) ?? [];
  }

  predecessors(id: string): readonly string[] {
    return this.pred.get(id) ?? [];
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
