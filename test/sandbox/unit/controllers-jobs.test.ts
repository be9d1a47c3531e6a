import { afterEach, describe, expect, it } from 'vitest';
import { mostRecent, nextAfter, parseCron } from '../../../src/sandbox/controllers/cron-schedule.js';
import { labelsOf, metaOf, nameOf, type Obj } from '../../../src/sandbox/model.js';
import { cond, harness, status, type Harness } from './fake-cluster.js';

let h: Harness | undefined;
afterEach(() => h?.stop());

function job(name: string, image: string, spec: Obj = {}): Obj {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      template: {
        spec: { restartPolicy: 'Never', containers: [{ name: 'work', image, command: ['sh', '-c', 'true'] }] },
      },
      ...spec,
    },
  };
}

/** kubectl wait --for=condition=complete: a condition of that type (case-insensitive) with status True. */
function waitFor(o: Obj | undefined, condition: string): boolean {
  const list = ((o?.status as Obj | undefined)?.conditions as Obj[] | undefined) ?? [];
  return list.some((c) => String(c.type).toLowerCase() === condition.toLowerCase() && c.status === 'True');
}

describe('job controller', () => {
  it('runs a pod to completion and marks the job Complete', () => {
    h = harness({ readyDelayMs: 100, jobPodDurationMs: 200 });
    h.create('Job', job('migrate', 'busybox'));
    h.sched.advance(50);
    let j = h.get('Job', 'migrate')!;
    expect(status(j)).toMatchObject({ active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(status(j).startTime).toBeDefined();
    const pod = h.list('Pod')[0]!;
    expect(nameOf(pod)).toMatch(/^migrate-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(metaOf(pod).finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(labelsOf(pod)).toMatchObject({ 'batch.kubernetes.io/job-name': 'migrate', 'job-name': 'migrate' });
    h.sched.advance(100);
    expect(status(h.get('Job', 'migrate'))).toMatchObject({ active: 1, ready: 1 });
    expect(waitFor(h.get('Job', 'migrate'), 'complete')).toBe(false);
    h.sched.advance(300);
    j = h.get('Job', 'migrate')!;
    expect(waitFor(j, 'complete')).toBe(true);
    expect(status(j)).toMatchObject({ succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(status(j).active).toBeUndefined();
    expect(status(j).completionTime).toBeDefined();
    expect((status(j).conditions as Obj[]).map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    expect(cond(j, 'Complete')).toHaveProperty('lastProbeTime');
    const done = h.list('Pod')[0]!;
    expect(status(done).phase).toBe('Succeeded');
    expect(metaOf(done).finalizers).toBeUndefined();
    expect(
      h
        .list('Event')
        .filter((e) => (e.involvedObject as Obj).kind === 'Job')
        .map((e) => `${String(e.reason)}: ${String(e.message)}`),
    ).toEqual([`SuccessfulCreate: Created pod: ${nameOf(done)}`, 'Completed: Job completed']);
  });

  it('runs completions with parallelism', () => {
    h = harness({ readyDelayMs: 10, jobPodDurationMs: 100 });
    h.create('Job', job('batch', 'busybox', { completions: 5, parallelism: 2 }));
    h.sched.advance(5);
    expect(status(h.get('Job', 'batch')).active).toBe(2);
    h.sched.advance(2000);
    const j = h.get('Job', 'batch')!;
    expect(waitFor(j, 'Complete')).toBe(true);
    expect(status(j).succeeded).toBe(5);
    expect(h.list('Pod')).toHaveLength(5);
  });

  it('fails with BackoffLimitExceeded when its pods keep failing', () => {
    h = harness({ readyDelayMs: 10, jobPodDurationMs: 20 });
    h.create('Job', job('broken', 'tool:fail', { backoffLimit: 2 }));
    h.sched.advance(2000);
    const j = h.get('Job', 'broken')!;
    expect(waitFor(j, 'failed')).toBe(true);
    expect(waitFor(j, 'complete')).toBe(false);
    expect(status(j).failed).toBe(3);
    expect(cond(j, 'FailureTarget')).toMatchObject({
      status: 'True',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    });
    expect(cond(j, 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded' });
    expect(h.list('Pod')).toHaveLength(3);
    expect(h.list('Pod').every((p) => status(p).phase === 'Failed')).toBe(true);
    expect(h.list('Event').some((e) => e.reason === 'BackoffLimitExceeded' && e.type === 'Warning')).toBe(true);
  });

  it('gives Indexed jobs one pod per index and reports completedIndexes', () => {
    h = harness({ readyDelayMs: 10, jobPodDurationMs: 50 });
    h.create('Job', job('idx', 'busybox', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    h.sched.advance(5);
    const pods = h.list('Pod');
    expect(pods.map((p) => (metaOf(p).annotations as Obj)['batch.kubernetes.io/job-completion-index']).sort()).toEqual([
      '0',
      '1',
      '2',
    ]);
    expect(pods.map(nameOf).every((n) => /^idx-[0-2]-[a-z0-9]{5}$/.test(n))).toBe(true);
    h.sched.advance(1000);
    const j = h.get('Job', 'idx')!;
    expect(status(j)).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
    expect(waitFor(j, 'Complete')).toBe(true);
  });

  it('deletes a finished job after ttlSecondsAfterFinished', () => {
    h = harness({ readyDelayMs: 10, jobPodDurationMs: 10 });
    h.create('Job', job('short', 'busybox', { ttlSecondsAfterFinished: 2 }));
    h.sched.advance(500);
    expect(waitFor(h.get('Job', 'short'), 'complete')).toBe(true);
    h.sched.advance(3000);
    expect(h.get('Job', 'short')).toBeUndefined();
    expect(h.list('Pod')).toHaveLength(0);
  });
});

describe('cron schedules', () => {
  const at = (s: string): number => Date.parse(s);
  it('parses ranges, steps, lists, names and macros', () => {
    const s = parseCron('*/15 9-17 * * mon-fri');
    expect([...s.minute]).toEqual([0, 15, 30, 45]);
    expect([...s.dow]).toEqual([1, 2, 3, 4, 5]);
    expect(new Date(nextAfter(s, at('2025-01-03T17:50:00Z'))!).toISOString()).toBe('2025-01-06T09:00:00.000Z'); // Friday -> Monday
    expect(new Date(nextAfter(parseCron('@hourly'), at('2025-01-01T10:00:00Z'))!).toISOString()).toBe(
      '2025-01-01T11:00:00.000Z',
    );
    expect(new Date(nextAfter(parseCron('0 0 1 jan *'), at('2025-03-01T00:00:00Z'))!).toISOString()).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(() => parseCron('* * *')).toThrow(/5 fields/);
    expect(() => parseCron('61 * * * *')).toThrow();
  });

  it('matches day-of-month OR day-of-week when both are restricted', () => {
    const s = parseCron('0 0 13 * 5');
    // 2025-06-06 is a Friday, before the 13th.
    expect(new Date(nextAfter(s, at('2025-06-01T00:00:00Z'))!).toISOString()).toBe('2025-06-06T00:00:00.000Z');
  });

  it('evaluates in spec.timeZone', () => {
    const s = parseCron('0 9 * * *', 'America/New_York');
    expect(new Date(nextAfter(s, at('2025-01-01T00:00:00Z'))!).toISOString()).toBe('2025-01-01T14:00:00.000Z');
    expect(mostRecent(parseCron('*/5 * * * *'), at('2025-01-01T00:00:00Z'), at('2025-01-01T00:12:00Z'))).toBe(
      at('2025-01-01T00:10:00Z'),
    );
  });
});

describe('cronjob controller', () => {
  it('creates a job on each scheduled minute and keeps its history limited', () => {
    h = harness({ readyDelayMs: 10, jobPodDurationMs: 10 });
    h.sched.advance(30_000); // 00:00:30
    h.create('CronJob', {
      metadata: { name: 'tick', namespace: 'default' },
      spec: {
        schedule: '* * * * *',
        successfulJobsHistoryLimit: 2,
        jobTemplate: { metadata: { labels: { team: 'a' } }, spec: job('x', 'busybox').spec },
      },
    });
    h.sched.advance(29_000);
    expect(h.list('Job')).toHaveLength(0);
    h.sched.advance(2_000); // 00:01:01
    const jobs = h.list('Job');
    expect(jobs.map(nameOf)).toEqual([`tick-${Date.parse('2025-01-01T00:01:00Z') / 60_000}`]);
    expect(labelsOf(jobs[0]!)).toMatchObject({ team: 'a' });
    expect(metaOf(jobs[0]!).annotations).toMatchObject({
      'batch.kubernetes.io/cronjob-scheduled-timestamp': '2025-01-01T00:01:00Z',
    });
    expect(status(h.get('CronJob', 'tick'))).toMatchObject({ lastScheduleTime: '2025-01-01T00:01:00Z' });
    h.sched.advance(240_000);
    const cj = h.get('CronJob', 'tick')!;
    expect(status(cj).lastScheduleTime).toBe('2025-01-01T00:05:00Z');
    expect(status(cj).lastSuccessfulTime).toBeDefined();
    expect(h.list('Job')).toHaveLength(2);
    expect(h.list('Event').map((e) => e.reason)).toEqual(
      expect.arrayContaining(['SuccessfulCreate', 'SawCompletedJob', 'SuccessfulDelete']),
    );
  });

  it('does nothing while suspended', () => {
    h = harness();
    h.create('CronJob', {
      metadata: { name: 'off', namespace: 'default' },
      spec: { schedule: '* * * * *', suspend: true, jobTemplate: { spec: job('x', 'busybox').spec } },
    });
    h.sched.advance(180_000);
    expect(h.list('Job')).toHaveLength(0);
  });
});
