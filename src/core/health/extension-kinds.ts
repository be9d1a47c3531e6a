/**
 * Health of CustomResourceDefinitions (can the API server serve the new kind yet?) and
 * HorizontalPodAutoscalers (can the autoscaler read metrics and scale its target?).
 */
import type { Obj } from '../snapshot.js';
import { degraded, healthy, progressing, suspended, type Health } from './health.js';
import {
  describeCondition,
  findCondition,
  list,
  nameOf,
  num,
  readConditions,
  str,
  type Condition,
} from './read-fields.js';

export function assessCustomResourceDefinition(obj: Obj): Health {
  const name = nameOf(obj);
  const namesAccepted = findCondition(obj, 'NamesAccepted');
  if (namesAccepted?.status === 'False') {
    return degraded(`customresourcedefinition "${name}": names not accepted: ${describeCondition(namesAccepted)}`);
  }
  const nonStructural = findCondition(obj, 'NonStructuralSchema');
  if (nonStructural?.status === 'True') {
    return degraded(
      `customresourcedefinition "${name}": schema is not structural: ${describeCondition(nonStructural)}`,
    );
  }
  if (findCondition(obj, 'Terminating')?.status === 'True') {
    return progressing(`customresourcedefinition "${name}" is terminating`);
  }
  if (findCondition(obj, 'Established')?.status === 'True') {
    return healthy(`customresourcedefinition "${name}" is established`);
  }
  return progressing(`customresourcedefinition "${name}": waiting for the API server to establish it`);
}

/**
 * autoscaling/v2 keeps conditions in status; autoscaling/v1 hides them in an annotation as JSON.
 * A malformed annotation reads as no conditions.
 */
function hpaConditions(obj: Obj): Condition[] {
  const fromStatus = list(obj, 'status', 'conditions');
  if (fromStatus.length > 0) return readConditions(fromStatus);
  const raw = str(obj, 'metadata', 'annotations', 'autoscaling.alpha.kubernetes.io/conditions');
  if (raw === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? readConditions(parsed) : [];
  } catch {
    return [];
  }
}

export function assessHorizontalPodAutoscaler(obj: Obj): Health {
  const name = nameOf(obj);
  const conditions = hpaConditions(obj);
  const byType = (type: string) => conditions.find((c) => c.type === type);
  const ableToScale = byType('AbleToScale');
  if (ableToScale?.status === 'False') return degraded(`hpa "${name}" cannot scale: ${describeCondition(ableToScale)}`);
  const active = byType('ScalingActive');
  // The target was scaled to zero by hand: autoscaling is switched off on purpose, not broken.
  if (active?.status === 'False' && active.reason === 'ScalingDisabled') {
    return suspended(`hpa "${name}": scaling is disabled: ${active.message || 'target has zero replicas'}`);
  }
  if (active?.status === 'False') return degraded(`hpa "${name}" is not scaling: ${describeCondition(active)}`);
  if (conditions.length === 0) return progressing(`hpa "${name}": waiting for the autoscaler to observe it`);
  const current = num(obj, 'status', 'currentReplicas') ?? 0;
  const desired = num(obj, 'status', 'desiredReplicas') ?? current;
  const limited = byType('ScalingLimited');
  const limit = limited?.status === 'True' && limited.message ? ` (${limited.message})` : '';
  return healthy(`hpa "${name}": ${current} current, ${desired} desired replicas${limit}`);
}
