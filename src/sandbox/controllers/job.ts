/**
 * The Job controller (batch/v1, as 1.32 runs it): pods up to parallelism until completions
 * succeed, finished pods counted through the job-tracking finalizer and uncountedTerminatedPods,
 * Indexed completion, backoffLimit and activeDeadlineSeconds failures (FailureTarget + Failed),
 * SuccessCriteriaMet + Complete, suspend, and ttlSecondsAfterFinished clean-up.
 */
import type { ChangeEvent } from '../api/types.js';
import { clone, metaOf, nameOf, namespaceOf, str, type Obj } from '../model.js';
import { intAt, objAt, objsAt, omitZero, strAt, uidOf } from './fields.js';
import { findCondition, isConditionTrue, setCondition } from './conditions.js';
import { formatIndexes, parseIndexes } from './job-indexes.js';
import {
  controllerRefOf,
  controllerRefTo,
  finalizersOf,
  isControlledBy,
  isDeleting,
  withoutFinalizer,
} from './ownership.js';
import { isPodActive, isPodReady, phaseOf, podFromTemplate } from './pods.js';
import { CONTROLLER_MANAGER, keyOf, splitKey, type Controller, type Runtime } from './runtime.js';
import { parseTime } from './time.js';

export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
const INDEX = 'batch.kubernetes.io/job-completion-index';
const SOURCE = { component: 'job-controller' };

function indexOf(pod: Obj): number | undefined {
  const v = (metaOf(pod).annotations as Record<string, string> | undefined)?.[INDEX];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

export function isJobFinished(job: Obj): boolean {
  const s = objAt(job, 'status');
  return isConditionTrue(s, 'Complete') || isConditionTrue(s, 'Failed');
}

export function createJobController(rt: Runtime): Controller {
  const jobType = () => rt.type('batch/v1', 'Job');
  const podType = () => rt.type('v1', 'Pod');

  function release(pod: Obj): void {
    const next = withoutFinalizer(pod, TRACKING_FINALIZER);
    if (next) rt.cluster.update(podType(), next, { manager: CONTROLLER_MANAGER });
  }

  function deletePod(job: Obj, pod: Obj): void {
    release(rt.cluster.get(podType(), namespaceOf(pod), nameOf(pod)) ?? pod);
    rt.remove(podType(), namespaceOf(pod), nameOf(pod));
    rt.recorder.normal(job, SOURCE, 'SuccessfulDelete', `Deleted pod: ${nameOf(pod)}`);
  }

  function newPod(job: Obj, index: number | undefined): Obj {
    const name = nameOf(job);
    const uid = uidOf(job);
    const labels: Record<string, string> = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
      ...(objAt(job, 'spec.template.metadata.labels') as Record<string, string>),
    };
    if (index !== undefined) labels[INDEX] = String(index);
    const pod = podFromTemplate(objAt(job, 'spec.template'), {
      namespace: namespaceOf(job),
      generateName: index === undefined ? `${name}-` : `${name}-${index}-`,
      owner: controllerRefTo(job, jobType()),
      labels,
      finalizers: [TRACKING_FINALIZER],
      ...(index === undefined ? {} : { annotations: { [INDEX]: String(index) } }),
    });
    if (index !== undefined) {
      const spec = pod.spec as Obj;
      spec.hostname = `${name}-${index}`;
      spec.containers = objsAt(spec, 'containers').map((c) => ({
        ...c,
        env: [
          ...objsAt(c, 'env'),
          {
            name: 'JOB_COMPLETION_INDEX',
            valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${INDEX}']` } },
          },
        ],
      }));
    }
    return pod;
  }

  /** Moves finished pods into the counters: uncountedTerminatedPods first, finalizers off, then counts. */
  function countFinished(job: Obj, pods: Obj[], status: Obj): Obj {
    const done = pods.filter((p) => finalizersOf(p).includes(TRACKING_FINALIZER) && (!isPodActive(p) || isDeleting(p)));
    if (done.length === 0) return job;
    const succeeded = done.filter((p) => phaseOf(p) === 'Succeeded');
    const failed = done.filter((p) => phaseOf(p) !== 'Succeeded');
    status.uncountedTerminatedPods = {
      ...(succeeded.length ? { succeeded: succeeded.map(uidOf) } : {}),
      ...(failed.length ? { failed: failed.map(uidOf) } : {}),
    };
    job = rt.writeStatus(jobType(), job, clone(status));
    for (const p of done) release(p);
    status.succeeded = (intAt(status, 'succeeded') ?? 0) + succeeded.length;
    status.failed = (intAt(status, 'failed') ?? 0) + failed.length;
    if (strAt(job, 'spec.completionMode') === 'Indexed') {
      const completed = parseIndexes(str(status.completedIndexes) ?? '');
      for (const p of succeeded) {
        const i = indexOf(p);
        if (i !== undefined) completed.add(i);
      }
      status.completedIndexes = formatIndexes(completed);
    }
    status.uncountedTerminatedPods = {};
    return job;
  }

  function finish(
    job: Obj,
    status: Obj,
    active: Obj[],
    type: 'Complete' | 'Failed',
    reason: string,
    message: string,
  ): void {
    for (const p of active) deletePod(job, p);
    const now = rt.nowIso();
    const target = type === 'Complete' ? 'SuccessCriteriaMet' : 'FailureTarget';
    setCondition(status, { type: target, status: 'True', reason, message }, now, 'probe');
    setCondition(status, { type, status: 'True', reason, message }, now, 'probe');
    if (type === 'Complete') {
      status.completionTime = now;
      rt.recorder.normal(job, SOURCE, 'Completed', 'Job completed');
    } else rt.recorder.warning(job, SOURCE, reason, message);
    status.ready = 0;
    delete status.active;
  }

  /** ttlSecondsAfterFinished: what the TTL-after-finished controller does. */
  function expire(job: Obj): number | undefined {
    const ttl = intAt(job, 'spec.ttlSecondsAfterFinished');
    if (ttl === undefined) return undefined;
    const s = objAt(job, 'status');
    const at = parseTime(s.completionTime) ?? parseTime(findCondition(s, 'Failed')?.lastTransitionTime);
    if (at === undefined) return undefined;
    const left = at + ttl * 1000 - rt.now();
    if (left > 0) return left;
    rt.remove(jobType(), namespaceOf(job), nameOf(job), { propagationPolicy: 'Foreground' });
    return undefined;
  }

  return {
    name: 'job',
    keysFor(ev: ChangeEvent): string[] {
      const r = ev.resource;
      if (r.group === 'batch' && r.kind === 'Job') return [keyOf(ev.object)];
      if (r.group === '' && r.kind === 'Pod') {
        const ref = controllerRefOf(ev.object);
        if (ref?.kind === 'Job') return [`${namespaceOf(ev.object)}/${ref.name}`];
      }
      return [];
    },
    initialKeys: () => rt.cluster.list(jobType()).map(keyOf),
    sync(key: string): number | undefined {
      const { namespace, name } = splitKey(key);
      let job = rt.cluster.get(jobType(), namespace, name);
      const mine = (p: Obj): boolean =>
        job ? isControlledBy(p, uidOf(job)) : controllerRefOf(p)?.kind === 'Job' && controllerRefOf(p)?.name === name;
      const pods = rt.cluster.list(podType(), namespace).filter(mine);
      if (!job || isDeleting(job)) {
        for (const p of pods) release(p); // the Job is gone: nothing will count these pods any more
        return undefined;
      }
      const status = clone(objAt(job, 'status'));
      job = countFinished(job, pods, status);
      const active = pods.filter(isPodActive);
      if (isJobFinished(job)) {
        rt.writeStatus(jobType(), job, status);
        return expire(job);
      }
      const now = rt.now();
      if (objAt(job, 'spec').suspend === true) {
        for (const p of active) deletePod(job, p);
        setCondition(
          status,
          { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' },
          rt.nowIso(),
          'probe',
        );
        delete status.active;
        status.ready = 0;
        status.terminating = 0;
        rt.writeStatus(jobType(), job, status);
        return undefined;
      }
      if (isConditionTrue(status, 'Suspended')) {
        setCondition(
          status,
          { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' },
          rt.nowIso(),
          'probe',
        );
        status.startTime = rt.nowIso();
      }
      status.startTime ??= rt.nowIso();
      const started = parseTime(status.startTime) ?? now;
      const deadline = intAt(job, 'spec.activeDeadlineSeconds');
      const succeeded = intAt(status, 'succeeded') ?? 0;
      const failed = intAt(status, 'failed') ?? 0;
      const completions = intAt(job, 'spec.completions');
      const parallelism = intAt(job, 'spec.parallelism') ?? 1;
      const indexed = strAt(job, 'spec.completionMode') === 'Indexed';
      const completed = parseIndexes(str(status.completedIndexes) ?? '');
      let next: number | undefined;
      if (failed > (intAt(job, 'spec.backoffLimit') ?? 6)) {
        finish(job, status, active, 'Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
      } else if (deadline !== undefined && now - started >= deadline * 1000) {
        finish(job, status, active, 'Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline');
      } else if (
        completions !== undefined
          ? (indexed ? completed.size : succeeded) >= completions
          : succeeded > 0 && active.length === 0
      ) {
        finish(job, status, active, 'Complete', 'CompletionsReached', 'Reached expected number of succeeded pods');
      } else {
        let want: number;
        if (completions === undefined) want = succeeded > 0 ? active.length : parallelism;
        else want = Math.min(parallelism, completions - (indexed ? completed.size : succeeded));
        const running = [...active];
        if (running.length < want) {
          const busy = new Set(running.map(indexOf));
          const free = indexed
            ? Array.from({ length: completions ?? 0 }, (_, i) => i).filter((i) => !completed.has(i) && !busy.has(i))
            : [];
          for (let i = running.length; i < want; i++) {
            const index = indexed ? free.shift() : undefined;
            if (indexed && index === undefined) break;
            const made = rt.cluster.create(podType(), newPod(job, index), { manager: CONTROLLER_MANAGER });
            running.push(made);
            rt.recorder.normal(job, SOURCE, 'SuccessfulCreate', `Created pod: ${nameOf(made)}`);
          }
        } else if (running.length > want) {
          for (const p of running.splice(want)) deletePod(job, p);
        }
        status.active = running.length;
        status.ready = running.filter(isPodReady).length;
        if (deadline !== undefined) next = started + deadline * 1000 - now;
      }
      status.terminating = 0;
      status.uncountedTerminatedPods ??= {};
      omitZero(status, ['active', 'succeeded', 'failed']);
      if (status.completedIndexes === '') delete status.completedIndexes;
      job = rt.writeStatus(jobType(), job, status);
      return isJobFinished(job) ? expire(job) : next;
    },
  };
}
