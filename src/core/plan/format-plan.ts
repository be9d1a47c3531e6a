/**
 * The dry-run text of a plan: numbered levels, one object per line, with what makes it special
 * (wave, hook, delete policies) and why it waits (the explicit depends-on edges into it).
 */

import { describeResource, type PlanNode, type SyncPlan } from './plan-types.js';

export function formatPlan(plan: SyncPlan): string {
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const dependsOn = new Map<string, string[]>();
  for (const e of plan.edges) {
    if (e.reason !== 'depends-on') continue;
    const from = byId.get(e.from);
    if (from) dependsOn.set(e.to, [...(dependsOn.get(e.to) ?? []), describeResource(from.resource)]);
  }
  const line = (id: string): string => {
    const n = byId.get(id);
    return n ? `  ${describeNode(n, dependsOn.get(id) ?? [])}` : `  ${id}`;
  };
  const out: string[] = [];
  plan.levels.forEach((level, i) => {
    out.push(`Level ${i + 1}:`, ...level.map(line));
  });
  if (plan.syncFailHooks.length > 0) out.push('If the sync fails:', ...plan.syncFailHooks.map(line));
  if (out.length === 0) out.push('Nothing to sync.');
  return `${out.join('\n')}\n`;
}

function describeNode(n: PlanNode, after: readonly string[]): string {
  const notes: string[] = [];
  if (n.wave !== 0) notes.push(`wave ${n.wave}`);
  if (n.hook) notes.push(`${n.hook.phase} hook, delete ${n.hook.deletePolicies.join('+')}`);
  if (after.length > 0) notes.push(`after ${after.join(', ')}`);
  const suffix = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  return `${n.action} ${describeResource(n.resource)}${suffix}`;
}
