/**
 * Job and CronJob health. A Job is judged by its terminal conditions (Complete, Failed, and the
 * FailureTarget that precedes Failed since Kubernetes 1.27); until then it is Progressing with its pod
 * counts. A CronJob is a schedule, healthy unless suspended; its Jobs carry their own health.
 */
import type { Obj } from '../snapshot.js';
import { degraded, healthy, progressing, suspended, type Health } from './health.js';
import { field, findCondition, formatAge, list, nameOf, num, str } from './read-fields.js';

export function assessJob(obj: Obj): Health {
  const name = nameOf(obj);
  for (const type of ['Failed', 'FailureTarget']) {
    const c = findCondition(obj, type);
    if (c?.status === 'True') return degraded(`job "${name}" failed: ${c.message || c.reason || 'no reason given'}`);
  }
  if (findCondition(obj, 'Complete')?.status === 'True') {
    const succeeded = num(obj, 'status', 'succeeded') ?? 0;
    return healthy(`job "${name}" completed (${succeeded} succeeded)`);
  }
  if (field(obj, 'spec', 'suspend') === true) return suspended(`job "${name}" is suspended`);
  const active = num(obj, 'status', 'active') ?? 0;
  const succeeded = num(obj, 'status', 'succeeded') ?? 0;
  const failed = num(obj, 'status', 'failed') ?? 0;
  const completions = num(obj, 'spec', 'completions');
  const done =
    completions === undefined ? `${succeeded} succeeded` : `${succeeded} of ${completions} completions succeeded`;
  return progressing(`job "${name}" is running: ${active} active, ${done}, ${failed} failed`);
}

export function assessCronJob(obj: Obj, now?: Date): Health {
  const name = nameOf(obj);
  if (field(obj, 'spec', 'suspend') === true) return suspended(`cronjob "${name}" is suspended`);
  const last = str(obj, 'status', 'lastScheduleTime');
  const active = list(obj, 'status', 'active').length;
  const schedule = str(obj, 'spec', 'schedule') ?? '?';
  let message = `cronjob "${name}" is scheduled (${schedule})`;
  if (last !== undefined) {
    const age = formatAge(last, now);
    message += `; last run ${age ? `${age} ago` : `at ${last}`}`;
  }
  if (active > 0) message += `; ${active} active`;
  return healthy(message);
}
