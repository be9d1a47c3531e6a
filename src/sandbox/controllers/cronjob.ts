/**
 * The CronJob controller: on each scheduled minute it creates <cronjob>-<minutes since epoch>
 * from the job template (concurrencyPolicy, suspend and startingDeadlineSeconds honoured),
 * tracks active Jobs, lastScheduleTime and lastSuccessfulTime, and prunes finished Jobs beyond
 * the history limits. Timers wake it at the next scheduled minute.
 */
import type { ChangeEvent } from '../api/types.js';
import { ApiError } from '../errors.js';
import { clone, metaOf, nameOf, namespaceOf, str, type Obj } from '../model.js';
import { intAt, objAt, objsAt, strAt, uidOf } from './fields.js';
import { isConditionTrue } from './conditions.js';
import { mostRecent, nextAfter, parseCron, type CronSchedule } from './cron-schedule.js';
import { isJobFinished } from './job.js';
import { controllerRefOf, controllerRefTo, isControlledBy, isDeleting } from './ownership.js';
import { CONTROLLER_MANAGER, keyOf, splitKey, type Controller, type Runtime } from './runtime.js';
import { parseTime, rfc3339 } from './time.js';

const SOURCE = { component: 'cronjob-controller' };

function refTo(job: Obj): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    name: nameOf(job),
    namespace: namespaceOf(job),
    resourceVersion: str(metaOf(job).resourceVersion) ?? '',
    uid: uidOf(job),
  };
}

export function createCronJobController(rt: Runtime): Controller {
  const cjType = () => rt.type('batch/v1', 'CronJob');
  const jobType = () => rt.type('batch/v1', 'Job');

  function deleteJob(cj: Obj, job: Obj): void {
    rt.remove(jobType(), namespaceOf(job), nameOf(job), { propagationPolicy: 'Background' });
    rt.recorder.normal(cj, SOURCE, 'SuccessfulDelete', `Deleted job ${nameOf(job)}`);
  }

  function pruneHistory(cj: Obj, jobs: Obj[]): void {
    const finishedAt = (j: Obj): number =>
      parseTime(objAt(j, 'status').startTime) ?? parseTime(metaOf(j).creationTimestamp) ?? 0;
    for (const [type, limit] of [
      ['Complete', intAt(cj, 'spec.successfulJobsHistoryLimit') ?? 3],
      ['Failed', intAt(cj, 'spec.failedJobsHistoryLimit') ?? 1],
    ] as const) {
      const done = jobs.filter((j) => isConditionTrue(objAt(j, 'status'), type) && !isDeleting(j));
      done.sort((a, b) => finishedAt(a) - finishedAt(b));
      for (const j of done.slice(0, Math.max(0, done.length - limit))) deleteJob(cj, j);
    }
  }

  function newJob(cj: Obj, scheduled: number): Obj {
    const tpl = objAt(cj, 'spec.jobTemplate');
    const meta = objAt(tpl, 'metadata');
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: `${nameOf(cj)}-${Math.floor(scheduled / 60_000)}`,
        namespace: namespaceOf(cj),
        ...(Object.keys(objAt(meta, 'labels')).length ? { labels: clone(objAt(meta, 'labels')) } : {}),
        annotations: {
          ...clone(objAt(meta, 'annotations')),
          'batch.kubernetes.io/cronjob-scheduled-timestamp': rfc3339(scheduled),
        },
        ownerReferences: [controllerRefTo(cj, cjType())],
      },
      spec: clone(objAt(tpl, 'spec')),
    };
  }

  return {
    name: 'cronjob',
    keysFor(ev: ChangeEvent): string[] {
      const r = ev.resource;
      if (r.group === 'batch' && r.kind === 'CronJob') return [keyOf(ev.object)];
      if (r.group === 'batch' && r.kind === 'Job') {
        const ref = controllerRefOf(ev.object);
        if (ref?.kind === 'CronJob') return [`${namespaceOf(ev.object)}/${ref.name}`];
      }
      return [];
    },
    initialKeys: () => rt.cluster.list(cjType()).map(keyOf),
    sync(key: string): number | undefined {
      const { namespace, name } = splitKey(key);
      const cj = rt.cluster.get(cjType(), namespace, name);
      if (!cj || isDeleting(cj)) return undefined;
      const jobs = rt.cluster.list(jobType(), namespace).filter((j) => isControlledBy(j, uidOf(cj)));
      const status = clone(objAt(cj, 'status'));
      const byUid = new Map(jobs.map((j) => [uidOf(j), j]));
      let active = objsAt(status, 'active').filter((ref) => {
        const job = byUid.get(str(ref.uid) ?? '');
        if (!job) rt.recorder.normal(cj, SOURCE, 'MissingJob', `Active job went missing: ${str(ref.name) ?? ''}`);
        return job !== undefined;
      });
      for (const job of jobs) {
        const listed = active.some((ref) => ref.uid === uidOf(job));
        if (isJobFinished(job)) {
          if (listed) {
            const condition = isConditionTrue(objAt(job, 'status'), 'Complete') ? 'Complete' : 'Failed';
            rt.recorder.normal(
              cj,
              SOURCE,
              'SawCompletedJob',
              `Saw completed job: ${nameOf(job)}, condition: ${condition}`,
            );
            active = active.filter((ref) => ref.uid !== uidOf(job));
          }
          const done = strAt(job, 'status.completionTime');
          const last = parseTime(status.lastSuccessfulTime) ?? 0;
          if (done && isConditionTrue(objAt(job, 'status'), 'Complete') && (parseTime(done) ?? 0) > last)
            status.lastSuccessfulTime = done;
        } else if (!listed && !isDeleting(job)) active.push(refTo(job));
      }
      pruneHistory(cj, jobs);
      const write = (): void => {
        if (active.length > 0) status.active = active;
        else delete status.active;
        rt.writeStatus(cjType(), cj, status);
      };
      if (objAt(cj, 'spec').suspend === true) {
        write();
        return undefined;
      }
      let schedule: CronSchedule;
      try {
        schedule = parseCron(strAt(cj, 'spec.schedule') ?? '', strAt(cj, 'spec.timeZone'));
      } catch (err) {
        rt.recorder.warning(
          cj,
          SOURCE,
          'UnparseableSchedule',
          `unparseable schedule: "${strAt(cj, 'spec.schedule') ?? ''}" : ${String(err)}`,
        );
        write();
        return undefined;
      }
      const now = rt.now();
      const earliest = parseTime(status.lastScheduleTime) ?? parseTime(metaOf(cj).creationTimestamp) ?? now;
      const due = mostRecent(schedule, earliest, now);
      const deadline = intAt(cj, 'spec.startingDeadlineSeconds');
      if (due !== undefined) {
        const policy = strAt(cj, 'spec.concurrencyPolicy') ?? 'Allow';
        if (deadline !== undefined && now - due > deadline * 1000) {
          rt.recorder.warning(cj, SOURCE, 'MissSchedule', `Missed scheduled time to start a job: ${rfc3339(due)}`);
        } else if (policy === 'Forbid' && active.length > 0) {
          rt.recorder.normal(
            cj,
            SOURCE,
            'JobAlreadyActive',
            'Not starting job because prior execution is running and concurrency policy is Forbid',
          );
        } else {
          if (policy === 'Replace') {
            for (const ref of active) {
              const job = byUid.get(str(ref.uid) ?? '');
              if (job) deleteJob(cj, job);
            }
            active = [];
          }
          try {
            const made = rt.cluster.create(jobType(), newJob(cj, due), { manager: CONTROLLER_MANAGER });
            rt.recorder.normal(cj, SOURCE, 'SuccessfulCreate', `Created job ${nameOf(made)}`);
            active.push(refTo(made));
          } catch (err) {
            if (!(err instanceof ApiError && err.code === 409)) throw err;
          }
          status.lastScheduleTime = rfc3339(due);
        }
      }
      write();
      const next = nextAfter(schedule, now);
      return next === undefined ? undefined : next - now + 1;
    },
  };
}
