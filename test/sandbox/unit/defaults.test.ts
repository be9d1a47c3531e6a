import { describe, expect, it } from 'vitest';
import { applyDefaults, type DefaultContext } from '../../../src/sandbox/schema/defaults.js';
import { canonicalQuantity } from '../../../src/sandbox/schema/defaults-quantity.js';
import type { GroupVersionKind, Obj } from '../../../src/sandbox/model.js';

const DEPLOYMENT: GroupVersionKind = { group: 'apps', version: 'v1', kind: 'Deployment' };
const STATEFULSET: GroupVersionKind = { group: 'apps', version: 'v1', kind: 'StatefulSet' };
const DAEMONSET: GroupVersionKind = { group: 'apps', version: 'v1', kind: 'DaemonSet' };
const JOB: GroupVersionKind = { group: 'batch', version: 'v1', kind: 'Job' };
const CRONJOB: GroupVersionKind = { group: 'batch', version: 'v1', kind: 'CronJob' };
const SERVICE: GroupVersionKind = { group: '', version: 'v1', kind: 'Service' };
const POD: GroupVersionKind = { group: '', version: 'v1', kind: 'Pod' };

function ctx(extra: Partial<DefaultContext> = {}): DefaultContext {
  let ip = 10;
  let port = 30000;
  return { allocateClusterIP: () => `10.96.0.${ip++}`, allocateNodePort: () => port++, ...extra };
}

function defaulted(gvk: GroupVersionKind, obj: Obj, c: DefaultContext = ctx()): Obj {
  const copy = structuredClone(obj);
  applyDefaults(gvk, copy, c);
  return copy;
}

function deployment(containers: Obj[]): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers } },
    },
  };
}

describe('workload defaults', () => {
  it('fills a minimal Deployment the way kubectl get -o yaml shows it', () => {
    const d = defaulted(DEPLOYMENT, deployment([{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }]));
    expect(d.spec).toEqual({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    });
  });

  it('pulls untagged and :latest images Always, tagged and digest-only ones IfNotPresent', () => {
    const images = ['nginx', 'nginx:latest', 'registry:5000/team/app', 'nginx:1.25', 'nginx@sha256:' + 'a'.repeat(64)];
    const d = defaulted(DEPLOYMENT, deployment(images.map((image, i) => ({ name: `c${i}`, image }))));
    const template = (d.spec as Obj).template as Obj;
    const policies = ((template.spec as Obj).containers as Obj[]).map((c) => c.imagePullPolicy);
    expect(policies).toEqual(['Always', 'Always', 'Always', 'IfNotPresent', 'IfNotPresent']);
  });

  it('keeps values the user set, including zero replicas and a Recreate strategy', () => {
    const input = deployment([{ name: 'web', image: 'nginx', imagePullPolicy: 'Never' }]);
    Object.assign(input.spec as Obj, { replicas: 0, strategy: { type: 'Recreate' } });
    const spec = defaulted(DEPLOYMENT, input).spec as Obj;
    expect(spec.replicas).toBe(0);
    expect(spec.strategy).toEqual({ type: 'Recreate' });
    expect((((spec.template as Obj).spec as Obj).containers as Obj[])[0]?.imagePullPolicy).toBe('Never');
  });

  it('defaults probes, volumes and env field references inside the template', () => {
    const input = deployment([
      {
        name: 'web',
        image: 'nginx:1',
        livenessProbe: { httpGet: { port: 80 } },
        env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
      },
    ]);
    ((input.spec as Obj).template as Obj).spec = {
      ...(((input.spec as Obj).template as Obj).spec as Obj),
      volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }, { name: 'scratch' }],
    };
    const podSpec = ((defaulted(DEPLOYMENT, input).spec as Obj).template as Obj).spec as Obj;
    const c = (podSpec.containers as Obj[])[0] as Obj;
    expect(c.livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.env).toEqual([
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } },
    ]);
    expect(podSpec.volumes).toEqual([
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
      { name: 'scratch', emptyDir: {} },
    ]);
  });

  it('copies limits into requests for Pods only, not for pod templates', () => {
    const container = { name: 'app', image: 'app:1', resources: { limits: { cpu: '1', memory: '1Gi' } } };
    const pod = defaulted(POD, { metadata: { name: 'p' }, spec: { containers: [container] } });
    const podContainer = ((pod.spec as Obj).containers as Obj[])[0] as Obj;
    expect(podContainer.resources).toEqual({
      limits: { cpu: '1', memory: '1Gi' },
      requests: { cpu: '1', memory: '1Gi' },
    });
    expect((pod.spec as Obj).enableServiceLinks).toBe(true);
    const d = defaulted(DEPLOYMENT, deployment([container]));
    const tc = ((((d.spec as Obj).template as Obj).spec as Obj).containers as Obj[])[0] as Obj;
    expect(tc.resources).toEqual({ limits: { cpu: '1', memory: '1Gi' } });
  });

  it('gives a StatefulSet its policies and its claim templates the PVC defaults', () => {
    const s = defaulted(STATEFULSET, {
      metadata: { name: 'db' },
      spec: {
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'pg:16' }] } },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } },
          },
        ],
      },
    }).spec as Obj;
    expect(s.podManagementPolicy).toBe('OrderedReady');
    expect(s.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(s.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(s.replicas).toBe(1);
    expect(s.revisionHistoryLimit).toBe(10);
    expect(s.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'data', creationTimestamp: null },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      },
    ]);
  });

  it('starts a DaemonSet at template generation 1 and bumps it only when the template changes', () => {
    const ds: Obj = {
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'a' } },
        template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'a', image: 'a:1' }] } },
      },
    };
    const created = defaulted(DAEMONSET, ds);
    expect((created.spec as Obj).updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    expect((created.metadata as Obj).annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    const same = defaulted(DAEMONSET, created, ctx({ old: created }));
    expect((same.metadata as Obj).annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    const changed = structuredClone(created);
    ((((changed.spec as Obj).template as Obj).spec as Obj).containers as Obj[])[0]!.image = 'a:2';
    const updated = defaulted(DAEMONSET, changed, ctx({ old: created }));
    expect((updated.metadata as Obj).annotations).toEqual({ 'deprecated.daemonset.template.generation': '2' });
  });
});

describe('Job and CronJob defaults', () => {
  const uid = '0f2a1b7e-8d6c-4c1e-9a55-6f1c2d3e4f50';
  const job: Obj = {
    metadata: { name: 'pi', namespace: 'default', uid },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } } },
  };

  it('defaults counts and policies as a 1.32 apiserver does', () => {
    const spec = defaulted(JOB, job).spec as Obj;
    expect(spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
  });

  it('generates the selector on the uid and labels the template and the Job itself', () => {
    const d = defaulted(JOB, job);
    const labels = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'job-name': 'pi',
    };
    expect((d.spec as Obj).selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect((((d.spec as Obj).template as Obj).metadata as Obj).labels).toEqual(labels);
    expect((d.metadata as Obj).labels).toEqual(labels);
  });

  it('leaves the selector alone with manualSelector and picks Failed replacement with a pod failure policy', () => {
    const manual = structuredClone(job);
    Object.assign(manual.spec as Obj, {
      manualSelector: true,
      selector: { matchLabels: { app: 'pi' } },
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
    });
    const spec = defaulted(JOB, manual).spec as Obj;
    expect(spec.selector).toEqual({ matchLabels: { app: 'pi' } });
    expect(spec.podReplacementPolicy).toBe('Failed');
    expect(spec.podFailurePolicy).toEqual({
      rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
    });
  });

  it('defaults a CronJob but not the Job counts of its template', () => {
    const c = defaulted(CRONJOB, {
      metadata: { name: 'tick' },
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: {
          spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 't', image: 'busybox' }] } } },
        },
      },
    });
    const spec = c.spec as Obj;
    expect(spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    const jobSpec = (spec.jobTemplate as Obj).spec as Obj;
    expect(jobSpec.completions).toBeUndefined();
    expect(jobSpec.backoffLimit).toBeUndefined();
    expect(((jobSpec.template as Obj).spec as Obj).dnsPolicy).toBe('ClusterFirst');
  });
});

describe('Service defaults', () => {
  const svc = (spec: Obj): Obj => ({ metadata: { name: 'web', namespace: 'default' }, spec });

  it('allocates a cluster IP and fills the single-stack fields', () => {
    const s = defaulted(SERVICE, svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }));
    expect(s.spec).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
    expect(s.status).toEqual({ loadBalancer: {} });
  });

  it('allocates node ports and sets externalTrafficPolicy for NodePort services', () => {
    const spec = defaulted(
      SERVICE,
      svc({
        type: 'NodePort',
        ports: [
          { port: 80, targetPort: 'http' },
          { port: 443, nodePort: 31443 },
        ],
      }),
    ).spec as Obj;
    expect(spec.ports).toEqual([
      { port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 30000 },
      { port: 443, nodePort: 31443, protocol: 'TCP', targetPort: 443 },
    ]);
    expect(spec.externalTrafficPolicy).toBe('Cluster');
  });

  it('asks for dual stack on headless services without a selector, as kube does even on one stack', () => {
    const selectorless = defaulted(SERVICE, svc({ clusterIP: 'None', ports: [{ port: 80 }] })).spec as Obj;
    expect(selectorless).toMatchObject({
      clusterIPs: ['None'],
      ipFamilyPolicy: 'RequireDualStack',
      ipFamilies: ['IPv4', 'IPv6'],
    });
    const withSelector = defaulted(SERVICE, svc({ clusterIP: 'None', selector: { app: 'x' }, ports: [{ port: 80 }] }))
      .spec as Obj;
    expect(withSelector).toMatchObject({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] });
  });

  it('gives ExternalName services no address fields', () => {
    const spec = defaulted(SERVICE, svc({ type: 'ExternalName', externalName: 'db.example.com' })).spec as Obj;
    expect(spec).toEqual({ type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' });
  });

  it('keeps allocated values on an update that omits them, and drops node ports when leaving NodePort', () => {
    const created = defaulted(SERVICE, svc({ type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] }));
    const replaced = defaulted(
      SERVICE,
      svc({ type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] }),
      ctx({ old: created }),
    );
    expect((replaced.spec as Obj).clusterIP).toBe((created.spec as Obj).clusterIP);
    expect(((replaced.spec as Obj).ports as Obj[])[0]?.nodePort).toBe(30000);
    const toClusterIP = structuredClone(created);
    (toClusterIP.spec as Obj).type = 'ClusterIP';
    const spec = defaulted(SERVICE, toClusterIP, ctx({ old: created })).spec as Obj;
    expect(spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(spec.externalTrafficPolicy).toBeUndefined();
  });
});

describe('core object defaults', () => {
  it('types Secrets Opaque and folds stringData into base64 data', () => {
    const s = defaulted(
      { group: '', version: 'v1', kind: 'Secret' },
      { metadata: { name: 's' }, data: { a: 'eA==' }, stringData: { b: 'hello' } },
    );
    expect(s).toEqual({ metadata: { name: 's' }, type: 'Opaque', data: { a: 'eA==', b: 'aGVsbG8=' } });
  });

  it('gives a new Namespace its name label, the kubernetes finalizer and the Active phase', () => {
    const gvk = { group: '', version: 'v1', kind: 'Namespace' };
    const ns = defaulted(gvk, { metadata: { name: 'team-a' } });
    expect(ns).toEqual({
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    // On update, defaulting leaves spec.finalizers alone: only /finalize may change them (the API layer's rule).
    const updated = defaulted(gvk, { metadata: { name: 'team-a' }, spec: { finalizers: [] } }, ctx({ old: ns }));
    expect((updated.spec as Obj).finalizers).toEqual([]);
  });

  it('gives a claim Filesystem mode, a Pending phase and a canonical size', () => {
    const pvc = defaulted(
      { group: '', version: 'v1', kind: 'PersistentVolumeClaim' },
      {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0.5Gi' } } },
      },
    );
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '512Mi' } },
      volumeMode: 'Filesystem',
    });
    expect(pvc.status).toEqual({ phase: 'Pending' });
  });

  it('defaults NetworkPolicy types and port protocols', () => {
    const np = defaulted(
      { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy' },
      { metadata: { name: 'np' }, spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } },
    );
    expect(np.spec).toEqual({
      podSelector: {},
      egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }],
      policyTypes: ['Ingress', 'Egress'],
    });
  });
});

describe('quantities', () => {
  it.each([
    ['0.5', '500m'],
    [0.5, '500m'],
    [2, '2'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['1000', '1k'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['0.0001', '1m'],
    ['100Ki', '100Ki'],
    ['0', '0'],
  ])('reads %s back as %s in a resource list', (input, output) => {
    expect(canonicalQuantity(input, true)).toBe(output);
  });
});
