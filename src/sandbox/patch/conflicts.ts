/**
 * Server-side apply conflicts and the 409 the apiserver returns for them, worded exactly as
 * kube-apiserver words them ('Apply failed with 1 conflict: conflict with "x" using apps/v1: .spec.replicas').
 */
import { ApiError } from '../errors.js';
import { compareGoStrings, goQuote } from './go-format.js';
import { managerId, type Operation } from './managed-fields.js';

export interface Conflict {
  manager: string;
  apiVersion: string;
  /** As kube prints it: '.spec.replicas', '.spec.template.spec.containers[name="web"].image'. */
  field: string;
  /** The operation of the entry that owns the field; absent means Update. */
  operation?: Operation;
  subresource?: string;
}

function idOf(c: Conflict): string {
  return managerId({
    manager: c.manager,
    operation: c.operation ?? 'Update',
    apiVersion: c.apiVersion,
    ...(c.subresource ? { subresource: c.subresource } : {}),
  });
}

/** '"kubectl-client-side-apply" using apps/v1', '"sextant"', '"kubelet" with subresource "status" using v1'. */
export function printManager(c: Conflict): string {
  let s = goQuote(c.manager);
  if (c.subresource) s = `${s} with subresource ${goQuote(c.subresource)}`;
  return (c.operation ?? 'Update') === 'Update' ? `${s} using ${c.apiVersion}` : s;
}

export function conflictMessage(conflicts: Conflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only) {
    return `Apply failed with 1 conflict: conflict with ${printManager(only)}: ${only.field}`;
  }
  const byManager = new Map<string, Conflict[]>();
  for (const c of conflicts) byManager.set(idOf(c), [...(byManager.get(idOf(c)) ?? []), c]);
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort(compareGoStrings)) {
    const group = byManager.get(id) ?? [];
    const [first] = group;
    if (!first) continue;
    lines.push(`conflicts with ${printManager(first)}:`);
    for (const c of group) lines.push(`- ${c.field}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** The 409 Conflict Status with one FieldManagerConflict cause per field. */
export function conflictError(conflicts: Conflict[]): ApiError {
  return new ApiError(409, 'Conflict', conflictMessage(conflicts), {
    causes: conflicts.map((c) => ({
      type: 'FieldManagerConflict',
      message: `conflict with ${printManager(c)}`,
      field: c.field,
    })),
  });
}
