/**
 * Fields the Kubernetes schema does not have (kubeconform -strict, kubectl --validate=strict): walks
 * the object alongside the client-node model tree and reports every key its model does not list.
 * Maps (labels, data, resources.limits) take any key; free-form values (`any`, IntOrString,
 * Quantity, Time) are leaves. Values of the wrong shape are skipped: the type check reports them.
 */
import type { SchemaFinding } from '../../core/resource-validator.js';
import type { FieldTypesLoader } from './load-field-types.js';

type Path = (string | number)[];

/** client-node type names that are values, not models. */
const LEAVES = new Set(['string', 'number', 'boolean', 'any', 'object', 'Date', 'IntOrString', 'V1MicroTime']);

export function findUnknownFields(obj: unknown, rootType: string, load: FieldTypesLoader): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  const seen = new WeakSet<object>(); // YAML aliases can make a value appear twice, or refer to itself

  const visit = (value: unknown, type: string, path: Path): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const array = /^Array<(.+)>$/.exec(type);
    if (array !== null) {
      if (Array.isArray(value)) value.forEach((item, i) => visit(item, array[1] ?? 'any', [...path, i]));
      return;
    }
    if (Array.isArray(value)) return;
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, map[1] ?? 'any', [...path, key]);
      return;
    }
    if (LEAVES.has(type)) return;
    const fields = load(type);
    if (fields === undefined) return; // a type client-node does not model: nothing to compare against
    for (const [key, item] of Object.entries(value)) {
      const fieldType = fields.get(key);
      if (fieldType === undefined) {
        findings.push({ path: [...path, key], code: 'unknown-field', message: `unknown field "${key}"` });
      } else {
        visit(item, fieldType, [...path, key]);
      }
    }
  };

  visit(obj, rootType, []);
  return findings;
}
