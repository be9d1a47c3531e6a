/**
 * status.conditions as the controllers' Set*Condition helpers maintain them: a changed condition is
 * removed and appended (so the most recently changed comes last), and lastTransitionTime only
 * moves when the status flips.
 */
import { isObj, str, type Obj } from '../model.js';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export function conditionsOf(status: Obj): Obj[] {
  return Array.isArray(status.conditions) ? status.conditions.filter(isObj) : [];
}

export function findCondition(status: Obj, type: string): Obj | undefined {
  return conditionsOf(status).find((c) => c.type === type);
}

export function isConditionTrue(status: Obj, type: string): boolean {
  return findCondition(status, type)?.status === 'True';
}

export type TimeFields = 'deployment' | 'probe' | 'plain';

function stamp(c: Condition, now: string, fields: TimeFields, transition: string): Obj {
  const base: Obj = { type: c.type, status: c.status };
  if (fields === 'deployment') base.lastUpdateTime = now;
  if (fields === 'probe') base.lastProbeTime = now;
  base.lastTransitionTime = transition;
  if (c.reason !== undefined) base.reason = c.reason;
  if (c.message !== undefined) base.message = c.message;
  return base;
}

/**
 * SetDeploymentCondition / SetJobCondition semantics: nothing happens when status and reason (and,
 * with `compareMessage`, message) are unchanged.
 */
export function setCondition(
  status: Obj,
  c: Condition,
  now: string,
  fields: TimeFields = 'plain',
  compareMessage = false,
): boolean {
  const current = findCondition(status, c.type);
  if (
    current &&
    current.status === c.status &&
    current.reason === c.reason &&
    (!compareMessage || current.message === c.message)
  ) {
    return false;
  }
  const transition = current && current.status === c.status ? (str(current.lastTransitionTime) ?? now) : now;
  status.conditions = [...conditionsOf(status).filter((x) => x.type !== c.type), stamp(c, now, fields, transition)];
  return true;
}

/** Replaces the condition in place, keeping list order: what the kubelet and pod conditions do. */
export function putCondition(conditions: Obj[], c: Obj): Obj[] {
  const i = conditions.findIndex((x) => x.type === c.type);
  if (i < 0) return [...conditions, c];
  const out = [...conditions];
  out[i] = c;
  return out;
}

export function removeCondition(status: Obj, type: string): void {
  status.conditions = conditionsOf(status).filter((x) => x.type !== type);
}
