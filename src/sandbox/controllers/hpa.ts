/**
 * HorizontalPodAutoscalers (autoscaling/v2) in the healthy steady state of a cluster with a
 * metrics server: every metric reads exactly on target, so the recommendation is the target's
 * current replica count. What remains is what the real controller does around it: scale a
 * target that is outside [minReplicas, maxReplicas] back into range through its scale
 * subresource, report currentReplicas / desiredReplicas / currentMetrics and the AbleToScale,
 * ScalingActive and ScalingLimited conditions with its reasons and messages, and report
 * FailedGetScale while the target does not exist.
 */
import { fromScale } from '../api/scale.js';
import type { ChangeEvent } from '../api/types.js';
import { clone, getPath, isObj, parseApiVersion, type Obj, type ResourceType } from '../model.js';
import { putCondition } from './conditions.js';
import { intAt, objAt, objsAt, strAt } from './fields.js';
import { isDeleting } from './ownership.js';
import { CONTROLLER_MANAGER, keyOf, splitKey, type Controller, type Runtime } from './runtime.js';

const SOURCE = { component: 'horizontal-pod-autoscaler' };

/** setConditionInList: in place, reason and message always updated, lastTransitionTime only on a status flip. */
function setHpaCondition(
  status: Obj,
  type: string,
  value: 'True' | 'False',
  reason: string,
  message: string,
  now: string,
): void {
  const list = objsAt(status, 'conditions');
  const current = list.find((c) => c.type === type);
  const lastTransitionTime = current && current.status === value ? (current.lastTransitionTime ?? now) : now;
  status.conditions = putCondition(list, { type, status: value, lastTransitionTime, reason, message });
}

/** The name the real controller gives the metric it based its recommendation on (the first, when all agree). */
function metricName(metric: Obj | undefined): string {
  const target = (spec: unknown): string | undefined => strAt(spec, 'target.type');
  switch (metric?.type) {
    case 'Resource':
      return target(metric.resource) === 'Utilization'
        ? `${strAt(metric, 'resource.name')} resource utilization (percentage of request)`
        : `${strAt(metric, 'resource.name')} resource`;
    case 'ContainerResource':
      return target(metric.containerResource) === 'Utilization'
        ? `${strAt(metric, 'containerResource.name')} container resource utilization (percentage of request)`
        : `${strAt(metric, 'containerResource.name')} container resource`;
    case 'Pods':
      return `pods metric ${strAt(metric, 'pods.metric.name')}`;
    case 'Object':
      return `${strAt(metric, 'object.describedObject.kind')} metric ${strAt(metric, 'object.metric.name')}`;
    case 'External':
      return `external metric ${strAt(metric, 'external.metric.name')}`;
    default:
      return 'no metrics';
  }
}

/** MetricStatus for a metric that reads exactly its target: current mirrors target without its type. */
function onTarget(metric: Obj): Obj | undefined {
  const field = {
    Resource: 'resource',
    ContainerResource: 'containerResource',
    Pods: 'pods',
    Object: 'object',
    External: 'external',
  }[String(metric.type)];
  if (!field) return undefined;
  const { target, ...source } = objAt(metric, field);
  const { type: _type, ...current } = isObj(target) ? target : {};
  return { type: metric.type, [field]: { ...source, current } };
}

/** The error text client-go's scale client gives for a missing target: `deployments.apps "web" not found`. */
function scaleError(rt: Runtime, ref: Obj): { t?: ResourceType; message: string } {
  const apiVersion = strAt(ref, 'apiVersion') ?? '';
  const kind = strAt(ref, 'kind') ?? '';
  const t = rt.maybeType(apiVersion, kind);
  if (!t) return { message: `no matches for kind "${kind}" in group "${parseApiVersion(apiVersion).group}"` };
  if (!t.subresources.scale) return { message: 'the server could not find the requested resource' };
  const resource = t.group ? `${t.plural}.${t.group}` : t.plural;
  return { t, message: `${resource} "${strAt(ref, 'name') ?? ''}" not found` };
}

export function createHpaController(rt: Runtime): Controller {
  const hpaType = () => rt.type('autoscaling/v2', 'HorizontalPodAutoscaler');

  /** HPAs in the namespace whose scaleTargetRef names this object. */
  function hpasTargeting(t: ResourceType, obj: Obj): string[] {
    const name = strAt(obj, 'metadata.name');
    const ns = strAt(obj, 'metadata.namespace') ?? '';
    return rt.cluster
      .list(hpaType(), ns)
      .filter((h) => {
        const ref = objAt(h, 'spec.scaleTargetRef');
        const group = parseApiVersion(strAt(ref, 'apiVersion') ?? '').group;
        return ref.name === name && ref.kind === t.kind && group === t.group;
      })
      .map(keyOf);
  }

  function sync(hpa: Obj): void {
    const now = rt.nowIso();
    const status = clone(objAt(hpa, 'status'));
    const ref = objAt(hpa, 'spec.scaleTargetRef');
    const { t, message } = scaleError(rt, ref);
    const target = t ? rt.cluster.get(t, strAt(hpa, 'metadata.namespace') ?? '', strAt(ref, 'name') ?? '') : undefined;
    if (!t || !target) {
      rt.recorder.warning(hpa, SOURCE, 'FailedGetScale', message);
      const text = `the HPA controller was unable to get the target's current scale: ${message}`;
      setHpaCondition(status, 'AbleToScale', 'False', 'FailedGetScale', text, now);
      rt.writeStatus(hpaType(), hpa, status);
      return;
    }
    setHpaCondition(
      status,
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
      now,
    );
    const path = t.subresources.scale?.specReplicasPath ?? '.spec.replicas';
    const current = Number(getPath(target, path) ?? 0);
    const min = intAt(hpa, 'spec.minReplicas') ?? 1;
    const max = intAt(hpa, 'spec.maxReplicas') ?? min;
    let desired = current;
    let reason = '';
    if (current === 0 && min !== 0) {
      setHpaCondition(
        status,
        'ScalingActive',
        'False',
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero',
        now,
      );
    } else if (current > max) {
      [desired, reason] = [max, 'Current number of replicas above Spec.MaxReplicas'];
    } else if (current < min) {
      [desired, reason] = [min, 'Current number of replicas below Spec.MinReplicas'];
    } else {
      const metrics = objsAt(hpa, 'spec.metrics');
      const found = `the HPA was able to successfully calculate a replica count from ${metricName(metrics[0])}`;
      setHpaCondition(status, 'ScalingActive', 'True', 'ValidMetricFound', found, now);
      setHpaCondition(status, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', now);
      setHpaCondition(
        status,
        'ScalingLimited',
        'False',
        'DesiredWithinRange',
        'the desired count is within the acceptable range',
        now,
      );
      const currentMetrics = metrics.map(onTarget).filter((m): m is Obj => m !== undefined);
      if (currentMetrics.length) status.currentMetrics = currentMetrics;
      else delete status.currentMetrics;
    }
    if (desired !== current) {
      rt.cluster.update(t, fromScale(t, target, { spec: { replicas: desired } }), {
        manager: CONTROLLER_MANAGER,
        subresource: 'scale',
      });
      const scaled = `the HPA controller was able to update the target scale to ${desired}`;
      setHpaCondition(status, 'AbleToScale', 'True', 'SucceededRescale', scaled, now);
      rt.recorder.normal(hpa, SOURCE, 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
      status.lastScaleTime = now;
    }
    status.currentReplicas = current;
    status.desiredReplicas = desired;
    // currentReplicas is omitempty in the API; desiredReplicas is not.
    if (current === 0) delete status.currentReplicas;
    rt.writeStatus(hpaType(), hpa, status);
  }

  return {
    name: 'horizontal-pod-autoscaler',
    keysFor(ev: ChangeEvent): string[] {
      const r = ev.resource;
      if (r.group === 'autoscaling' && r.kind === 'HorizontalPodAutoscaler') return [keyOf(ev.object)];
      const path = r.subresources.scale?.specReplicasPath;
      if (!path) return [];
      // A target's status changes all the time; only its existence and replicas matter here.
      if (ev.previous && ev.type === 'MODIFIED' && getPath(ev.previous, path) === getPath(ev.object, path)) return [];
      return hpasTargeting(r, ev.object);
    },
    initialKeys: () => rt.cluster.list(hpaType()).map(keyOf),
    sync(key: string): undefined {
      const { namespace, name } = splitKey(key);
      const hpa = rt.cluster.get(hpaType(), namespace, name);
      if (hpa && !isDeleting(hpa)) sync(hpa);
      return undefined;
    },
  };
}
