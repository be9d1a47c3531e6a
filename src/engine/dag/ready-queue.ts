/**
 * The nodes ready to start, handed out lowest input index first so start order is stable
 * whatever order dependencies finish in. A binary min-heap: O(log n) per push and pop, which keeps
 * the executor linear-ish on graphs of tens of thousands of nodes.
 */

export class ReadyQueue {
  private readonly heap: number[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(index: number): void {
    const h = this.heap;
    h.push(index);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((h[parent] as number) <= index) break;
      h[i] = h[parent] as number;
      i = parent;
    }
    h[i] = index;
  }

  pop(): number | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= h.length) break;
      const right = left + 1;
      const child = right < h.length && (h[right] as number) < (h[left] as number) ? right : left;
      if ((h[child] as number) >= last) break;
      h[i] = h[child] as number;
      i = child;
    }
    h[i] = last;
    return top;
  }
}
