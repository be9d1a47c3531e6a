/**
 * A YAML alias to one of its own ancestors (`a: &x {b: *x}`) parses to an object that contains
 * itself. Such an object cannot be sent to a cluster, and the schema validators would recurse
 * until the stack overflows, so the validator looks for a cycle before anything else.
 */

type Path = (string | number)[];

/** The path at which the object first refers back to an ancestor, or undefined when it is a tree. */
export function findCycle(root: unknown): Path | undefined {
  const ancestors = new Set<object>();
  const visit = (value: unknown, path: Path): Path | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    if (ancestors.has(value)) return path;
    ancestors.add(value);
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item: unknown, i) => [i, item])
      : Object.entries(value);
    for (const [key, item] of entries) {
      const found = visit(item, [...path, key]);
      if (found !== undefined) return found;
    }
    ancestors.delete(value);
    return undefined;
  };
  return visit(root, []);
}
