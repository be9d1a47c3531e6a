/** Small helpers over parsed JSON/YAML values shared by the diff: guards, deep equality, pointers. */
import { isObj } from '../snapshot.js';

export type Obj = Record<string, unknown>;

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Deep copy of plain JSON data (the diff never mutates its inputs). */
export function cloneJson<T>(v: T): T {
  return structuredClone(v);
}

export function escapePointer(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${escapePointer(s)}`).join('');
}

/** Removes the value at an RFC 6901 pointer if present; a missing path is not an error. */
export function removeAtPointer(root: unknown, pointer: string): void {
  if (!pointer.startsWith('/')) return;
  const parts = pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = root;
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    if (Array.isArray(node)) {
      const index = Number(part);
      if (!Number.isInteger(index) || index < 0 || index >= node.length) return;
      if (last) node.splice(index, 1);
      else node = node[index];
    } else if (isObj(node)) {
      if (!(part in node)) return;
      if (last) delete node[part];
      else node = node[part];
    } else {
      return;
    }
  }
}

export { isObj };
