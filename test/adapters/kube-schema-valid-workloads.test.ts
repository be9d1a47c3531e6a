/**
 * Realistic workload manifests, written the way people write them (IntOrString as names and
 * numbers, quantities as strings and numbers, kubectl --dry-run output with `creationTimestamp:
 * null` and `status: {}`), must pass without a single finding.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createResourceValidator } from '../../src/adapters/kube-schema/validator.js';
import type { Obj } from '../../src/core/snapshot.js';

const validator = createResourceValidator();

function docs(src: string): Obj[] {
  return parseAllDocuments(src).map((d) => d.toJS() as Obj);
}

const WORKLOADS = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app.kubernetes.io/name: web, app.kubernetes.io/part-of: shop}
  annotations:
    sextant.dev/sync-wave: "1"
    sextant.dev/depends-on: "Service/db"
spec:
  replicas: 3
  revisionHistoryLimit: 5
  selector:
    matchLabels: {app.kubernetes.io/name: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}
  template:
    metadata:
      labels: {app.kubernetes.io/name: web}
      annotations: {prometheus.io/scrape: "true"}
    spec:
      serviceAccountName: web
      securityContext: {runAsNonRoot: true, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}
      initContainers:
        - name: migrate
          image: ghcr.io/acme/web:1.4.2
          command: [/app/migrate, --up]
      containers:
        - name: web
          image: ghcr.io/acme/web:1.4.2
          imagePullPolicy: IfNotPresent
          args: ["--port=8080"]
          ports:
            - {name: http, containerPort: 8080, protocol: TCP}
          env:
            - {name: LOG_LEVEL, value: info}
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: db, key: password}}
            - name: POD_IP
              valueFrom: {fieldRef: {fieldPath: status.podIP}}
            - name: MEM_LIMIT
              valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
          envFrom:
            - configMapRef: {name: web-config}
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: 1, memory: 1Gi, ephemeral-storage: 2G}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
            periodSeconds: 5
          livenessProbe:
            tcpSocket: {port: 8080}
            initialDelaySeconds: 10
          lifecycle:
            preStop: {exec: {command: [sleep, "5"]}}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          volumeMounts:
            - {name: config, mountPath: /etc/web, readOnly: true}
            - {name: tmp, mountPath: /tmp}
      volumes:
        - name: config
          configMap:
            name: web-config
            items: [{key: app.yaml, path: app.yaml, mode: 0444}]
        - name: tmp
          emptyDir: {sizeLimit: 64Mi}
        - name: certs
          secret: {secretName: web-tls, defaultMode: 0400}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector: {matchExpressions: [{key: app.kubernetes.io/name, operator: In, values: [web]}]}
      tolerations:
        - {key: dedicated, operator: Equal, value: web, effect: NoSchedule}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector: {matchLabels: {app.kubernetes.io/name: web}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: postgres
          image: postgres:16
          ports: [{containerPort: 5432, name: pg}]
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        storageClassName: fast
        resources: {requests: {storage: 10Gi}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: node-agent}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 10%}}
  template:
    metadata: {labels: {app: node-agent}}
    spec:
      hostNetwork: true
      nodeSelector: {kubernetes.io/os: linux}
      containers:
        - name: agent
          image: acme/agent:2
          volumeMounts: [{name: proc, mountPath: /host/proc, readOnly: true}]
      volumes:
        - {name: proc, hostPath: {path: /proc, type: Directory}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly-report}
spec:
  schedule: "0 3 * * *"
  timeZone: Europe/Paris
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 3
  jobTemplate:
    spec:
      backoffLimit: 2
      activeDeadlineSeconds: 3600
      ttlSecondsAfterFinished: 86400
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: acme/report:1.0
              args: [--since, 24h]
---
apiVersion: batch/v1
kind: Job
metadata: {name: seed, annotations: {sextant.dev/hook: PreSync}}
spec:
  completions: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{name: seed, image: acme/seed:1}]
`;

/** What \`kubectl create deployment web --image=nginx --dry-run=client -o yaml\` prints. */
const KUBECTL_DRY_RUN = `
apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
status: {}
`;

describe('realistic manifests pass without findings', () => {
  const cases: [string, string][] = [
    ['Deployment, StatefulSet, DaemonSet, CronJob, Job', WORKLOADS],
    ['kubectl --dry-run output', KUBECTL_DRY_RUN],
  ];
  for (const [name, src] of cases) {
    it(name, () => {
      for (const obj of docs(src)) {
        expect({ kind: obj.kind, findings: validator.validate(obj) }).toEqual({ kind: obj.kind, findings: [] });
      }
    });
  }

  it('accepts fields that exist only in Kubernetes newer than the type schemas (1.33+ container stopSignal)', () => {
    const [pod] = docs(`
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: busybox
      lifecycle: {stopSignal: SIGUSR1}
`);
    expect(validator.validate(pod ?? {})).toEqual([]);
  });
});
