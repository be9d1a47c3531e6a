import { describe, expect, it } from 'vitest';
import { assessHealth, type Health } from '../../../src/core/health/assess.js';
import { live, NOW } from './objects.js';

function pod(restartPolicy: string, status: string): string {
  return `
apiVersion: v1
kind: Pod
metadata: { name: web-7d4b9c-abcde, namespace: shop, creationTimestamp: "2024-05-01T11:57:00Z" }
spec:
  restartPolicy: ${restartPolicy}
  containers: [{ name: web, image: nginx:1.27 }]
status:
  ${status}
`;
}

const running = (ready: string, containerStatus: string): string => `phase: Running
  conditions:
  - { type: Ready, status: "${ready}" }
  containerStatuses:
  - name: web
    ready: ${ready === 'True'}
    restartCount: 0
    ${containerStatus}`;

const podCases: [string, string, Health][] = [
  [
    'running and ready',
    pod('Always', running('True', 'state: { running: { startedAt: "2024-05-01T11:58:00Z" } }')),
    { status: 'Healthy', message: 'pod "web-7d4b9c-abcde" is running and ready' },
  ],
  [
    'running, readiness probe not passing yet',
    pod('Always', running('False', 'state: { running: { startedAt: "2024-05-01T11:58:00Z" } }')),
    { status: 'Progressing', message: 'pod "web-7d4b9c-abcde" is running but not ready yet' },
  ],
  [
    'running, not ready, after a container restart',
    pod(
      'Always',
      running('False', 'state: { running: {} }\n    lastState: { terminated: { exitCode: 137, reason: OOMKilled } }'),
    ),
    { status: 'Degraded', message: 'pod "web-7d4b9c-abcde" is not ready and container web has restarted' },
  ],
  [
    'crash looping',
    pod(
      'Always',
      running(
        'False',
        'state: { waiting: { reason: CrashLoopBackOff, message: "back-off 5m0s restarting failed container=web" } }',
      ),
    ),
    {
      status: 'Degraded',
      message:
        'pod "web-7d4b9c-abcde": container web: CrashLoopBackOff (back-off 5m0s restarting failed container=web)',
    },
  ],
  [
    'image cannot be pulled',
    pod(
      'Always',
      `phase: Pending
  containerStatuses:
  - name: web
    ready: false
    state: { waiting: { reason: ImagePullBackOff, message: 'Back-off pulling image "nginx:9.9"' } }`,
    ),
    {
      status: 'Degraded',
      message: 'pod "web-7d4b9c-abcde": container web: ImagePullBackOff (Back-off pulling image "nginx:9.9")',
    },
  ],
  [
    'image pull error in an init container',
    pod(
      'Always',
      `phase: Pending
  initContainerStatuses:
  - name: migrate
    state: { waiting: { reason: ErrImagePull } }`,
    ),
    { status: 'Degraded', message: 'pod "web-7d4b9c-abcde": container migrate: ErrImagePull' },
  ],
  [
    'hook pod (restartPolicy Never) waiting on an image pull: not failed early',
    pod(
      'Never',
      `phase: Pending
  containerStatuses:
  - name: web
    state: { waiting: { reason: ImagePullBackOff } }`,
    ),
    { status: 'Progressing', message: 'pod "web-7d4b9c-abcde" is pending for 3m' },
  ],
  [
    'unschedulable',
    pod(
      'Always',
      `phase: Pending
  conditions:
  - type: PodScheduled
    status: "False"
    reason: Unschedulable
    message: "0/3 nodes are available: 3 Insufficient cpu."`,
    ),
    {
      status: 'Progressing',
      message: 'pod "web-7d4b9c-abcde" is pending for 3m: 0/3 nodes are available: 3 Insufficient cpu.',
    },
  ],
  [
    'run-to-completion pod still running',
    pod('OnFailure', running('True', 'state: { running: {} }')),
    { status: 'Progressing', message: 'pod "web-7d4b9c-abcde" is running' },
  ],
  [
    'succeeded',
    pod('Never', 'phase: Succeeded'),
    { status: 'Healthy', message: 'pod "web-7d4b9c-abcde" completed successfully' },
  ],
  [
    'failed with a non-zero exit',
    pod(
      'Never',
      `phase: Failed
  containerStatuses:
  - name: web
    state: { terminated: { exitCode: 2, reason: Error } }`,
    ),
    { status: 'Degraded', message: 'pod "web-7d4b9c-abcde" failed: container web exited with code 2 (Error)' },
  ],
  [
    'evicted',
    pod('Always', "phase: Failed\n  reason: Evicted\n  message: 'The node was low on resource: memory.'"),
    { status: 'Degraded', message: 'pod "web-7d4b9c-abcde" failed: The node was low on resource: memory.' },
  ],
  [
    'node lost',
    pod('Always', 'phase: Unknown'),
    { status: 'Unknown', message: 'pod "web-7d4b9c-abcde" is in phase Unknown' },
  ],
];

function job(spec: string, status: string): string {
  return `
apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: shop, generation: 1 }
spec:
  backoffLimit: 2
  ${spec}
  template: { spec: { restartPolicy: Never, containers: [{ name: m, image: migrate:1 }] } }
status:
  ${status}
`;
}

const jobCases: [string, string, Health][] = [
  [
    'Job complete',
    job('completions: 1', 'succeeded: 1\n  conditions:\n  - { type: Complete, status: "True" }'),
    { status: 'Healthy', message: 'job "migrate" completed (1 succeeded)' },
  ],
  [
    'Job failed',
    job(
      'completions: 1',
      'failed: 3\n  conditions:\n  - { type: Failed, status: "True", reason: BackoffLimitExceeded, message: Job has reached the specified backoff limit }',
    ),
    { status: 'Degraded', message: 'job "migrate" failed: Job has reached the specified backoff limit' },
  ],
  [
    'Job about to fail (FailureTarget, Kubernetes 1.31)',
    job(
      'completions: 1',
      'failed: 3\n  active: 0\n  conditions:\n  - { type: FailureTarget, status: "True", reason: BackoffLimitExceeded, message: Job has reached the specified backoff limit }',
    ),
    { status: 'Degraded', message: 'job "migrate" failed: Job has reached the specified backoff limit' },
  ],
  [
    'Job running',
    job('completions: 3\n  parallelism: 2', 'active: 2\n  succeeded: 1\n  failed: 1'),
    { status: 'Progressing', message: 'job "migrate" is running: 2 active, 1 of 3 completions succeeded, 1 failed' },
  ],
  [
    'Job just created',
    job('', '{}'),
    { status: 'Progressing', message: 'job "migrate" is running: 0 active, 0 succeeded, 0 failed' },
  ],
  [
    'Job suspended',
    job('suspend: true', 'conditions:\n  - { type: Suspended, status: "True", reason: JobSuspended }'),
    { status: 'Suspended', message: 'job "migrate" is suspended' },
  ],
];

function cronJob(suspend: boolean, status: string): string {
  return `
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: shop }
spec:
  schedule: "0 3 * * *"
  suspend: ${suspend}
  jobTemplate: { spec: { template: { spec: { restartPolicy: OnFailure, containers: [{ name: n, image: n:1 }] } } } }
status: ${status}
`;
}

const cronCases: [string, string, Health][] = [
  [
    'CronJob scheduled and run',
    cronJob(false, '{ lastScheduleTime: "2024-05-01T03:00:00Z", lastSuccessfulTime: "2024-05-01T03:01:10Z" }'),
    { status: 'Healthy', message: 'cronjob "nightly" is scheduled (0 3 * * *); last run 9h ago' },
  ],
  [
    'CronJob with a run in flight',
    cronJob(false, '{ lastScheduleTime: "2024-05-01T11:59:00Z", active: [{ kind: Job, name: nightly-28577 }] }'),
    { status: 'Healthy', message: 'cronjob "nightly" is scheduled (0 3 * * *); last run 1m ago; 1 active' },
  ],
  [
    'CronJob never run',
    cronJob(false, '{}'),
    { status: 'Healthy', message: 'cronjob "nightly" is scheduled (0 3 * * *)' },
  ],
  ['CronJob suspended', cronJob(true, '{}'), { status: 'Suspended', message: 'cronjob "nightly" is suspended' }],
];

describe('Pod health', () => {
  it.each(podCases)('%s', (_title, text, expected) => {
    expect(assessHealth(live(text), NOW)).toEqual(expected);
  });

  it('leaves out durations when no clock is given (the core never reads one)', () => {
    expect(assessHealth(live(pod('Always', 'phase: Pending'))).message).toBe('pod "web-7d4b9c-abcde" is pending');
  });
});

describe('Job and CronJob health', () => {
  it.each([...jobCases, ...cronCases])('%s', (_title, text, expected) => {
    expect(assessHealth(live(text), NOW)).toEqual(expected);
  });

  it('says when a CronJob last ran without a clock', () => {
    const text = cronJob(false, '{ lastScheduleTime: "2024-05-01T03:00:00Z" }');
    expect(assessHealth(live(text)).message).toBe(
      'cronjob "nightly" is scheduled (0 3 * * *); last run at 2024-05-01T03:00:00Z',
    );
  });
});
