/**
 * The edges of a plan under construction, without duplicates, with both directions indexed so the
 * builder can ask "who waits for this node" and "what does it wait for" cheaply. Besides objects it
 * may hold barrier nodes: stand-ins for "every one of these before every one of those", so a rule
 * that orders two groups of n objects costs 2n edges instead of n².
 */

import type { PlanEdge } from './plan-types.js';

export class EdgeSet {
  readonly edges: PlanEdge[] = [];
  private readonly reasons = new Map<string, string>();
  private readonly succ = new Map<string, string[]>();
  private readonly pred = new Map<string, string[]>();
  private readonly barriers = new Set<string>();

  /** Adds `from -> to` unless it is a self-edge or already present (the first reason is kept). */
  add(from: string, to: string, reason: string): void {
    if (from === to) return;
    const key = `${from}\u0000${to}`;
    if (this.reasons.has(key)) return;
    this.reasons.set(key, reason);
    this.edges.push({ from, to, reason });
    push(this.succ, from, to);
    push(this.pred, to, from);
  }

  /** Declares `id` a barrier node: it orders objects but is no object itself and takes no level. */
  addBarrier(id: string): void {
    this.barriers.add(id);
  }

  isBarrier(id: string): boolean {
    return this.barriers.has(id);
  }

  get barrierNodes(): readonly string[] {
    return [...this.barriers];
  }

  reasonOf(from: string, to: string): string | undefined {
    return this.reasons.get(`${from}\u0000${to}`);
  }

  successors(id: string): readonly string[] {
    return this.succ.get(id) ?? [];
  }

  predecessors(id: string): readonly string[] {
    return this.pred.get(id) ?? [];
  }

  /** The objects `id` waits for directly or through barriers only, i.e. its edges once barriers are expanded. */
  objectPredecessors(id: string): string[] {
    const found = new Set<string>();
    const seen = new Set<string>();
    // Barriers only chain two deep (namespace barrier <- cluster barrier), so recursion stays shallow.
    const visit = (node: string): void => {
      for (const p of this.predecessors(node)) {
        if (!this.barriers.has(p)) found.add(p);
        else if (!seen.has(p)) {
          seen.add(p);
          visit(p);
        }
      }
    };
    visit(id);
    return [...found];
  }

  /** Copies `other` in, its barriers too; `reversed` flips every edge and gives it `reason`. */
  addAll(other: EdgeSet, reversed?: { reason: string }): void {
    for (const b of other.barriers) this.barriers.add(b);
    for (const e of other.edges) {
      if (reversed) this.add(e.to, e.from, reversed.reason);
      else this.add(e.from, e.to, e.reason);
    }
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
