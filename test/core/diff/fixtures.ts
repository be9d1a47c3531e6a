/**
 * Realistic objects for the diff tests: what Git declares, and what the API server returns after
 * Sextant applied it (server defaults, status, managedFields as kube-apiserver 1.32 writes them).
 */

import { parse } from 'yaml';

type Obj = Record<string, unknown>;

export function yaml(text: string): Obj {
  return parse(text) as Obj;
}

export const DEPLOYMENT_DESIRED = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: { app: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.4.2
          ports:
            - containerPort: 8080
          env:
            - { name: LOG_LEVEL, value: info }
            - { name: REGION, value: eu-west-1 }
          resources:
            limits: { cpu: 1, memory: 1Gi }
            requests: { cpu: 250m, memory: 256Mi }
          volumeMounts:
            - { name: cache, mountPath: /cache }
      volumes:
        - name: cache
          emptyDir: { sizeLimit: 512Mi }
`;

/** The same Deployment as the API server returns it right after Sextant's server-side apply. */
export const DEPLOYMENT_LIVE = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  uid: 6f1c3c2e-9a4b-4d3e-8d0a-0c4b2f1e7a11
  resourceVersion: "48213"
  generation: 1
  creationTimestamp: "2026-11-23T13:40:02Z"
  labels: { app: web }
  annotations:
    deployment.kubernetes.io/revision: "1"
    sextant.dev/revision: 3f2a9c1
    sextant.dev/history-revision: "7"
    sextant.dev/synced-at: "2026-11-23T13:40:02Z"
    sextant.dev/health: Healthy
  managedFields:
    - manager: sextant
      operation: Apply
      apiVersion: apps/v1
      time: "2026-11-23T13:40:02Z"
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:
          f:annotations: { f:sextant.dev/revision: {}, f:sextant.dev/history-revision: {}, f:sextant.dev/synced-at: {} }
          f:labels: { f:app: {} }
        f:spec:
          f:replicas: {}
          f:selector: {}
          f:template:
            f:metadata: { f:labels: { f:app: {} } }
            f:spec:
              f:containers:
                k:{"name":"web"}:
                  .: {}
                  f:env:
                    k:{"name":"LOG_LEVEL"}: { .: {}, f:name: {}, f:value: {} }
                    k:{"name":"REGION"}: { .: {}, f:name: {}, f:value: {} }
                  f:image: {}
                  f:name: {}
                  f:ports:
                    k:{"containerPort":8080,"protocol":"TCP"}: { .: {}, f:containerPort: {} }
                  f:resources:
                    f:limits: { f:cpu: {}, f:memory: {} }
                    f:requests: { f:cpu: {}, f:memory: {} }
                  f:volumeMounts:
                    k:{"mountPath":"/cache"}: { .: {}, f:mountPath: {}, f:name: {} }
              f:volumes:
                k:{"name":"cache"}: { .: {}, f:emptyDir: { f:sizeLimit: {} }, f:name: {} }
    - manager: sextant-status
      operation: Apply
      apiVersion: apps/v1
      time: "2026-11-23T13:40:09Z"
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata: { f:annotations: { f:sextant.dev/health: {} } }
    - manager: kube-controller-manager
      operation: Update
      apiVersion: apps/v1
      time: "2026-11-23T13:40:09Z"
      subresource: status
      fieldsType: FieldsV1
      fieldsV1:
        f:status: { f:availableReplicas: {}, f:readyReplicas: {}, f:replicas: {} }
spec:
  progressDeadlineSeconds: 600
  replicas: 3
  revisionHistoryLimit: 10
  selector: { matchLabels: { app: web } }
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxSurge: 25%, maxUnavailable: 25% }
  template:
    metadata:
      creationTimestamp: null
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.4.2
          imagePullPolicy: IfNotPresent
          ports:
            - { containerPort: 8080, protocol: TCP }
          env:
            - { name: REGION, value: eu-west-1 }
            - { name: LOG_LEVEL, value: info }
          resources:
            limits: { cpu: "1", memory: 1Gi }
            requests: { cpu: 250m, memory: 256Mi }
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
          volumeMounts:
            - { name: cache, mountPath: /cache }
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
      volumes:
        - name: cache
          emptyDir: { sizeLimit: 512Mi }
status:
  availableReplicas: 3
  readyReplicas: 3
  replicas: 3
  observedGeneration: 1
`;

export const SERVICE_DESIRED = `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports:
    - { name: http, port: 80, targetPort: 8080 }
`;

export const SERVICE_LIVE = `
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  uid: 0d0e6a8c-2b1f-4c55-a2d4-19b1c3e0f8aa
  resourceVersion: "48220"
  creationTimestamp: "2026-11-23T13:40:02Z"
spec:
  clusterIP: 10.96.14.7
  clusterIPs: [10.96.14.7]
  internalTrafficPolicy: Cluster
  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
  ports:
    - { name: http, port: 80, protocol: TCP, targetPort: 8080 }
  selector: { app: web }
  sessionAffinity: None
  type: ClusterIP
status:
  loadBalancer: {}
`;

export const SECRET_DESIRED = `
apiVersion: v1
kind: Secret
metadata: { name: db, namespace: shop }
type: Opaque
stringData:
  username: shop
  password: s3cr3t-Passw0rd
`;

/** As the server stores SECRET_DESIRED: stringData folded into base64 data. */
export const SECRET_LIVE = `
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
  uid: 9b7d2f0a-1c3e-4a5b-8e6f-7a8b9c0d1e2f
  resourceVersion: "48230"
  creationTimestamp: "2026-11-23T13:40:02Z"
type: Opaque
data:
  username: c2hvcA==
  password: czNjcjN0LVBhc3N3MHJk
`;
