/**
 * Typed reads from live objects, which arrive as untyped JSON. A missing or mistyped field reads as
 * undefined, so assessors never throw on a half-populated status (a controller that has not run yet).
 */
import type { Obj } from '../snapshot.js';
import { isObj } from '../snapshot.js';

export function field(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export function num(obj: unknown, ...path: string[]): number | undefined {
  const v = field(obj, ...path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function str(obj: unknown, ...path: string[]): string | undefined {
  const v = field(obj, ...path);
  return typeof v === 'string' ? v : undefined;
}

export function list(obj: unknown, ...path: string[]): unknown[] {
  const v = field(obj, ...path);
  return Array.isArray(v) ? v : [];
}

/** The object's name as kubectl quotes it in messages. */
export function nameOf(obj: Obj): string {
  return str(obj, 'metadata', 'name') ?? '';
}

export interface Condition {
  type: string;
  status: string; // 'True' | 'False' | 'Unknown'
  reason: string;
  message: string;
}

/** Conditions as a list of plain records; entries without a type are skipped. */
export function readConditions(items: unknown[]): Condition[] {
  const out: Condition[] = [];
  for (const c of items) {
    const type = str(c, 'type');
    if (type === undefined) continue;
    out.push({
      type,
      status: str(c, 'status') ?? 'Unknown',
      reason: str(c, 'reason') ?? '',
      message: str(c, 'message') ?? '',
    });
  }
  return out;
}

export function findCondition(obj: Obj, type: string): Condition | undefined {
  return readConditions(list(obj, 'status', 'conditions')).find((c) => c.type === type);
}

/** "condition reason: message", or whichever part exists, for messages that quote a condition. */
export function describeCondition(c: Condition): string {
  if (c.reason && c.message) return `${c.reason}: ${c.message}`;
  return c.message || c.reason || `${c.type} is ${c.status}`;
}

/**
 * True when the controller has not yet seen the latest spec. A missing generation (objects built by hand)
 * counts as observed; a missing observedGeneration counts as 0.
 */
export function isGenerationPending(obj: Obj): boolean {
  const generation = num(obj, 'metadata', 'generation');
  if (generation === undefined) return false;
  return (num(obj, 'status', 'observedGeneration') ?? 0) < generation;
}

/** "3m", "2h5m": how long ago an RFC 3339 time was, or '' when the caller gave no clock. */
export function formatAge(since: string | undefined, now: Date | undefined): string {
  if (since === undefined || now === undefined) return '';
  const ms = now.getTime() - Date.parse(since);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

export { isObj };
