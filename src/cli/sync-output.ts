/**
 * What `sextant sync` prints: a line per object as it finishes, the plan for a dry run, and a summary.
 * Pure text from engine values, so the wording is tested without a cluster.
 */
import { describeResource, formatPlan } from '../core/plan/plan-sync.js';
import type { DryRunResult } from '../engine/sync/dry-run.js';
import type { SyncAppResult, SyncProgress } from '../engine/sync/sync-app.js';
import type { ObjectOutcome } from '../engine/sync/sync-types.js';

const MARK: Record<ObjectOutcome['result'], string> = {
  Applied: 'ok',
  Unchanged: 'ok',
  Pruned: 'ok',
  HookSucceeded: 'ok',
  HookFailed: 'FAIL',
  Failed: 'FAIL',
  Skipped: '--',
  Cancelled: '--',
};

const WORD: Record<ObjectOutcome['result'], string> = {
  Applied: 'applied',
  Unchanged: 'unchanged',
  Pruned: 'pruned',
  HookSucceeded: 'succeeded',
  HookFailed: 'failed',
  Failed: 'failed',
  Skipped: 'skipped',
  Cancelled: 'cancelled',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function seconds(o: ObjectOutcome): string {
  if (!o.startedAt || !o.finishedAt) return '';
  return ` (${((Date.parse(o.finishedAt) - Date.parse(o.startedAt)) / 1000).toFixed(1)}s)`;
}

function objectName(o: { kind: string; namespace: string; name: string }): string {
  return `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

export function formatOutcome(o: ObjectOutcome): string {
  const what = o.action === 'hook' ? `${o.hookPhase ?? ''} hook ${objectName(o)}` : objectName(o);
  const health = o.health ? `, ${o.health}` : '';
  const detail = o.result === 'Failed' || o.result === 'HookFailed' || o.result === 'Skipped' ? `: ${o.message}` : '';
  return `  ${MARK[o.result].padEnd(4)} ${what} ${WORD[o.result]}${health}${seconds(o)}${detail}\n`;
}

/** One line per progress event worth showing; '' for the rest. */
export function formatProgress(p: SyncProgress): string {
  if (p.type === 'started') {
    const { nodes, levels } = p.plan;
    return `app ${p.app}: revision ${p.revision}, ${plural(nodes.length, 'object')} in ${plural(levels.length, 'level')}\n`;
  }
  if (p.type === 'node-retrying') {
    return `  ..   ${describeResource(p.node.resource)}: ${p.error}; retrying in ${(p.delayMs / 1000).toFixed(1)}s\n`;
  }
  if (p.type === 'node-finished') return formatOutcome(p.outcome);
  return '';
}

export function formatResult(r: SyncAppResult): string {
  if (r.outcome === 'NoOp') return `app ${r.app}: in sync, nothing written (${r.status.health})\n`;
  const rev = r.record ? ` revision ${r.record.revision}` : '';
  return `app ${r.app}: ${r.outcome}${rev}, health ${r.status.health}: ${r.message}\n`;
}

export function formatDryRun(d: DryRunResult): string {
  if (d.inSync) return `app ${d.app}: in sync, nothing would be written\n`;
  const lines = [`app ${d.app}: would sync`];
  for (const o of d.inspection.declared) {
    if (!o.hook && o.diff && o.diff.status !== 'Synced')
      lines.push(`  ${o.diff.status.padEnd(10)} ${describeResource(o.resource)}`);
  }
  for (const e of d.inspection.extraneous) lines.push(`  ${'Extraneous'.padEnd(10)} ${describeResource(e.resource)}`);
  if (d.plan)
    lines.push(
      'Plan:',
      ...formatPlan(d.plan)
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
    );
  for (const p of d.problems) lines.push(`  problem: ${p}`);
  return `${lines.join('\n')}\n`;
}
