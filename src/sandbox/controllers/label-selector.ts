/**
 * metav1.LabelSelector (matchLabels + matchExpressions) as controllers evaluate it against the
 * labels of the pods they might own.
 */
import { isObj, str, type Obj } from '../model.js';

export function matchesSelector(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObj(selector)) return false;
  const ml = selector.matchLabels;
  if (isObj(ml)) {
    for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  }
  const exprs = Array.isArray(selector.matchExpressions) ? (selector.matchExpressions as unknown[]) : [];
  return exprs.filter(isObj).every((e) => matchesExpression(e, labels));
}

function matchesExpression(e: Obj, labels: Record<string, string>): boolean {
  const key = str(e.key) ?? '';
  const values = Array.isArray(e.values) ? e.values.filter((v): v is string => typeof v === 'string') : [];
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  switch (e.operator) {
    case 'In':
      return has && values.includes(labels[key] ?? '');
    case 'NotIn':
      return !has || !values.includes(labels[key] ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** An empty selector ({}) selects everything; controllers refuse it as kube's do. */
export function isEmptySelector(selector: unknown): boolean {
  if (!isObj(selector)) return true;
  const ml = isObj(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0;
  const me = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0;
  return ml + me === 0;
}

/** A Service's plain map selector. */
export function matchesMap(selector: Record<string, unknown>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
