import { describe, expect, it } from 'vitest';
import { assessHealth, type Health } from '../../../src/core/health/assess.js';
import { live } from './objects.js';

function deployment(spec: string, status: string, generation = 2): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop, generation: ${generation} }
spec:
  selector: { matchLabels: { app: web } }
  template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: web, image: nginx:1.27 }] } }
  ${spec}
status:
  ${status}
`;
}

const progressingCondition = `
  conditions:
  - type: Progressing
    status: "True"
    reason: ReplicaSetUpdated
    message: ReplicaSet "web-7d4b9c" is progressing.`;

const cases: [string, string, Health][] = [
  [
    'Deployment fully rolled out',
    deployment(
      'replicas: 3',
      'observedGeneration: 2\n  replicas: 3\n  updatedReplicas: 3\n  readyReplicas: 3\n  availableReplicas: 3',
    ),
    { status: 'Healthy', message: 'deployment "web" successfully rolled out' },
  ],
  [
    'Deployment whose new spec the controller has not seen',
    deployment('replicas: 3', 'observedGeneration: 1\n  replicas: 3\n  updatedReplicas: 3\n  availableReplicas: 3'),
    { status: 'Progressing', message: 'Waiting for deployment "web" spec update to be observed...' },
  ],
  [
    'Deployment just created, no status yet',
    deployment('replicas: 2', '{}', 1).replace('status:\n  {}', ''),
    { status: 'Progressing', message: 'Waiting for deployment "web" spec update to be observed...' },
  ],
  [
    'Deployment updating replicas',
    deployment(
      'replicas: 3',
      `observedGeneration: 2\n  replicas: 4\n  updatedReplicas: 1\n  availableReplicas: 3${progressingCondition}`,
    ),
    {
      status: 'Progressing',
      message: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    },
  ],
  [
    'Deployment with old replicas still terminating',
    deployment('replicas: 3', 'observedGeneration: 2\n  replicas: 4\n  updatedReplicas: 3\n  availableReplicas: 3'),
    {
      status: 'Progressing',
      message: 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
    },
  ],
  [
    'Deployment whose updated replicas are not yet available',
    deployment('replicas: 3', 'observedGeneration: 2\n  replicas: 3\n  updatedReplicas: 3\n  availableReplicas: 1'),
    {
      status: 'Progressing',
      message: 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...',
    },
  ],
  [
    'Deployment past its progress deadline',
    deployment(
      'replicas: 3\n  progressDeadlineSeconds: 60',
      `observedGeneration: 2
  replicas: 4
  updatedReplicas: 1
  availableReplicas: 3
  conditions:
  - type: Progressing
    status: "False"
    reason: ProgressDeadlineExceeded
    message: ReplicaSet "web-7d4b9c" has timed out progressing.`,
    ),
    {
      status: 'Degraded',
      message: 'deployment "web" exceeded its progress deadline: ReplicaSet "web-7d4b9c" has timed out progressing.',
    },
  ],
  [
    'Deployment blocked by a quota',
    deployment(
      'replicas: 2',
      `observedGeneration: 2
  conditions:
  - type: ReplicaFailure
    status: "True"
    reason: FailedCreate
    message: 'pods "web-7d4b9c-x" is forbidden: exceeded quota: compute'`,
    ),
    {
      status: 'Progressing',
      message:
        'Waiting for deployment "web" rollout to finish: 0 out of 2 new replicas have been updated... (pods "web-7d4b9c-x" is forbidden: exceeded quota: compute)',
    },
  ],
  [
    'paused Deployment',
    deployment('replicas: 3\n  paused: true', 'observedGeneration: 1\n  replicas: 3\n  updatedReplicas: 1'),
    { status: 'Suspended', message: 'deployment "web" is paused' },
  ],
  [
    'Deployment scaled to zero',
    deployment('replicas: 0', 'observedGeneration: 2'),
    { status: 'Healthy', message: 'deployment "web" successfully rolled out' },
  ],
];

function statefulSet(spec: string, status: string): string {
  return `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop, generation: 3 }
spec:
  serviceName: db
  replicas: 3
  selector: { matchLabels: { app: db } }
  template: { metadata: { labels: { app: db } }, spec: { containers: [{ name: pg, image: postgres:16 }] } }
  ${spec}
status:
  observedGeneration: 3
  ${status}
`;
}

cases.push(
  [
    'StatefulSet rolled out',
    statefulSet(
      'updateStrategy: { type: RollingUpdate }',
      'replicas: 3\n  readyReplicas: 3\n  currentReplicas: 3\n  updatedReplicas: 3\n  currentRevision: db-5f7c\n  updateRevision: db-5f7c',
    ),
    { status: 'Healthy', message: 'statefulset rolling update complete 3 pods at revision db-5f7c...' },
  ],
  [
    'StatefulSet with pods not ready',
    statefulSet('updateStrategy: { type: RollingUpdate }', 'replicas: 3\n  readyReplicas: 1'),
    { status: 'Progressing', message: 'Waiting for 2 pods of statefulset "db" to be ready...' },
  ],
  [
    'StatefulSet mid rolling update',
    statefulSet(
      'updateStrategy: { type: RollingUpdate }',
      'replicas: 3\n  readyReplicas: 3\n  currentReplicas: 2\n  updatedReplicas: 1\n  currentRevision: db-5f7c\n  updateRevision: db-6a8d',
    ),
    {
      status: 'Progressing',
      message: 'waiting for statefulset rolling update to complete 1 pods at revision db-6a8d...',
    },
  ],
  [
    'StatefulSet whose spec is not observed',
    statefulSet('', 'readyReplicas: 3').replace('observedGeneration: 3', 'observedGeneration: 2'),
    { status: 'Progressing', message: 'Waiting for statefulset "db" spec update to be observed...' },
  ],
  [
    'partitioned StatefulSet waiting for its canary',
    statefulSet(
      'updateStrategy: { type: RollingUpdate, rollingUpdate: { partition: 2 } }',
      'replicas: 3\n  readyReplicas: 3\n  updatedReplicas: 0\n  currentRevision: db-5f7c\n  updateRevision: db-6a8d',
    ),
    {
      status: 'Progressing',
      message: 'Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...',
    },
  ],
  [
    'partitioned StatefulSet with its canary updated',
    statefulSet(
      'updateStrategy: { type: RollingUpdate, rollingUpdate: { partition: 2 } }',
      'replicas: 3\n  readyReplicas: 3\n  updatedReplicas: 1\n  currentRevision: db-5f7c\n  updateRevision: db-6a8d',
    ),
    { status: 'Healthy', message: 'partitioned roll out complete: 1 new pods have been updated...' },
  ],
  [
    'OnDelete StatefulSet with a pending revision',
    statefulSet(
      'updateStrategy: { type: OnDelete }',
      'replicas: 3\n  readyReplicas: 3\n  currentRevision: db-5f7c\n  updateRevision: db-6a8d',
    ),
    { status: 'Healthy', message: 'statefulset "db" has 3 ready pods (OnDelete: pods update only when deleted)' },
  ],
);

function daemonSet(strategy: string, status: string): string {
  return `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: kube-system, generation: 4 }
spec:
  selector: { matchLabels: { app: agent } }
  updateStrategy: { type: ${strategy} }
  template: { metadata: { labels: { app: agent } }, spec: { containers: [{ name: a, image: agent:2 }] } }
status:
  observedGeneration: 4
  ${status}
`;
}

cases.push(
  [
    'DaemonSet rolled out on every node',
    daemonSet(
      'RollingUpdate',
      'desiredNumberScheduled: 5\n  currentNumberScheduled: 5\n  updatedNumberScheduled: 5\n  numberAvailable: 5',
    ),
    { status: 'Healthy', message: 'daemon set "agent" successfully rolled out' },
  ],
  [
    'DaemonSet updating nodes',
    daemonSet('RollingUpdate', 'desiredNumberScheduled: 5\n  updatedNumberScheduled: 2\n  numberAvailable: 5'),
    {
      status: 'Progressing',
      message: 'Waiting for daemon set "agent" rollout to finish: 2 out of 5 new pods have been updated...',
    },
  ],
  [
    'DaemonSet whose updated pods are not available',
    daemonSet('RollingUpdate', 'desiredNumberScheduled: 5\n  updatedNumberScheduled: 5\n  numberAvailable: 4'),
    {
      status: 'Progressing',
      message: 'Waiting for daemon set "agent" rollout to finish: 4 of 5 updated pods are available...',
    },
  ],
  [
    'DaemonSet whose spec is not observed',
    daemonSet('RollingUpdate', 'desiredNumberScheduled: 5').replace('observedGeneration: 4', 'observedGeneration: 3'),
    { status: 'Progressing', message: 'Waiting for daemon set "agent" spec update to be observed...' },
  ],
  [
    'OnDelete DaemonSet',
    daemonSet('OnDelete', 'desiredNumberScheduled: 5\n  updatedNumberScheduled: 1\n  numberAvailable: 5'),
    {
      status: 'Healthy',
      message: 'daemon set "agent": 1 out of 5 pods updated (OnDelete: pods update only when deleted)',
    },
  ],
);

function replicaSet(replicas: number, status: string): string {
  return `
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: web-7d4b9c, namespace: shop, generation: 1 }
spec: { replicas: ${replicas}, selector: { matchLabels: { app: web } } }
status:
  observedGeneration: 1
  ${status}
`;
}

cases.push(
  [
    'ReplicaSet with all replicas available',
    replicaSet(2, 'replicas: 2\n  readyReplicas: 2\n  availableReplicas: 2'),
    { status: 'Healthy', message: 'replica set "web-7d4b9c" has 2 available replicas' },
  ],
  [
    'ReplicaSet creating replicas',
    replicaSet(3, 'replicas: 1\n  readyReplicas: 1\n  availableReplicas: 1'),
    { status: 'Progressing', message: 'Waiting for replica set "web-7d4b9c": 1 of 3 replicas created...' },
  ],
  [
    'ReplicaSet scaling down',
    replicaSet(1, 'replicas: 3\n  readyReplicas: 3\n  availableReplicas: 3'),
    {
      status: 'Progressing',
      message: 'Waiting for replica set "web-7d4b9c": 2 extra replicas are pending termination...',
    },
  ],
  [
    'ReplicaSet with replicas not ready',
    replicaSet(2, 'replicas: 2\n  readyReplicas: 1\n  availableReplicas: 1'),
    { status: 'Progressing', message: 'Waiting for replica set "web-7d4b9c": 1 of 2 replicas are ready...' },
  ],
  [
    'ReplicaSet with ready replicas not yet available (minReadySeconds)',
    replicaSet(2, 'replicas: 2\n  readyReplicas: 2\n  availableReplicas: 0'),
    { status: 'Progressing', message: 'Waiting for replica set "web-7d4b9c": 0 of 2 replicas are available...' },
  ],
);

describe('workload health, as kubectl rollout status words it', () => {
  it.each(cases)('%s', (_title, text, expected) => {
    expect(assessHealth(live(text))).toEqual(expected);
  });
});
