/**
 * The human summary of a valid snapshot: what `sextant validate` prints.
 */
import type { Snapshot } from '../core/snapshot.js';

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map(
      (r) =>
        `  ${r
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join('   ')
          .trimEnd()}\n`,
    )
    .join('');
}

export function formatSnapshotSummary(s: Snapshot): string {
  const out: string[] = [];
  const p = s.provenance;
  if (p) out.push(`Commit ${p.commit.slice(0, 12)} (${p.ref}) "${p.subject}" by ${p.author.name}, ${p.time}\n\n`);
  const n = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  out.push(`Apps (${s.apps.length}, in dependency order):\n`);
  if (s.apps.length > 0)
    out.push(
      table([
        ['NAME', 'NAMESPACE', 'RESOURCES', 'DEPENDS ON'],
        ...s.apps.map((a) => [
          a.name,
          a.spec.namespace ?? '-',
          String(a.resources.length),
          a.spec.dependsOn.join(', ') || '-',
        ]),
      ]),
    );
  out.push(`\nWorkflows (${s.workflows.length})${s.workflows.length ? ':' : ''}\n`);
  for (const w of s.workflows) out.push(`  ${w.name} (${w.kind})\n`);
  out.push(`\nPolicies (${s.policies.length})${s.policies.length ? ':' : ''}\n`);
  for (const pol of s.policies) out.push(`  ${pol.name}\n`);
  const resources = s.apps.reduce((sum, a) => sum + a.resources.length, 0);
  out.push(
    `\nValid: ${n(s.apps.length, 'app')}, ${n(resources, 'resource')}, ${n(s.workflows.length, 'workflow')}, ${n(s.policies.length, 'policy').replace('policys', 'policies')}.\n`,
  );
  return out.join('');
}
