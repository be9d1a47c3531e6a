import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src/sandbox/schema/defaults.js';
import { hasGeneration, specChanged, validateObject, validateUpdate } from '../../../src/sandbox/schema/semantic.js';
import { invalid as invalidError } from '../../../src/sandbox/errors.js';
import type { GroupVersionKind, Obj } from '../../../src/sandbox/model.js';

const DEPLOYMENT: GroupVersionKind = { group: 'apps', version: 'v1', kind: 'Deployment' };
const DAEMONSET: GroupVersionKind = { group: 'apps', version: 'v1', kind: 'DaemonSet' };
const STATEFULSET: GroupVersionKind = { group: 'apps', version: 'v1', kind: 'StatefulSet' };
const JOB: GroupVersionKind = { group: 'batch', version: 'v1', kind: 'Job' };
const CRONJOB: GroupVersionKind = { group: 'batch', version: 'v1', kind: 'CronJob' };
const SERVICE: GroupVersionKind = { group: '', version: 'v1', kind: 'Service' };
const CONFIGMAP: GroupVersionKind = { group: '', version: 'v1', kind: 'ConfigMap' };
const SECRET: GroupVersionKind = { group: '', version: 'v1', kind: 'Secret' };
const NAMESPACE: GroupVersionKind = { group: '', version: 'v1', kind: 'Namespace' };
const INGRESS: GroupVersionKind = { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' };

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** What a client sees: the 422 message built from the causes, as the apiserver words it. */
function messageOf(gvk: GroupVersionKind, obj: Obj, namespaced = true): string {
  const causes = validateObject(gvk, obj, namespaced);
  const name = ((obj.metadata as Obj | undefined)?.name as string | undefined) ?? '';
  return causes.length ? invalidError(gvk, name, causes).message : '';
}

function prepared(gvk: GroupVersionKind, obj: Obj, old?: Obj): Obj {
  const copy = structuredClone(obj);
  let n = 1;
  applyDefaults(gvk, copy, {
    allocateClusterIP: () => `10.96.0.${n++}`,
    allocateNodePort: () => 30080,
    ...(old ? { old } : {}),
  });
  return copy;
}

function deployment(
  name = 'web',
  selector: Obj | null = { matchLabels: { app: 'web' } },
  labels: Obj = { app: 'web' },
): Obj {
  return prepared(DEPLOYMENT, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      ...(selector ? { selector } : {}),
      template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    },
  });
}

describe('metadata', () => {
  it('accepts a well-formed Deployment', () => {
    expect(validateObject(DEPLOYMENT, deployment(), true)).toEqual([]);
  });

  it('rejects an upper-case name with the RFC 1123 subdomain text', () => {
    expect(validateObject(DEPLOYMENT, deployment('Web'), true)).toEqual([
      { type: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "Web": ${SUBDOMAIN_MSG}` },
    ]);
    expect(messageOf(DEPLOYMENT, deployment('Web'))).toBe(
      `Deployment.apps "Web" is invalid: metadata.name: Invalid value: "Web": ${SUBDOMAIN_MSG}`,
    );
  });

  it('uses label rules for Namespaces and DNS-1035 rules for Services', () => {
    expect(messageOf(NAMESPACE, { metadata: { name: 'team.a' } }, false)).toBe(
      `Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": ${LABEL_MSG}`,
    );
    const svc = prepared(SERVICE, { metadata: { name: '1st', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    expect(messageOf(SERVICE, svc)).toBe(
      `Service "1st" is invalid: metadata.name: Invalid value: "1st": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it('requires a name and a namespace for namespaced kinds', () => {
    const cm = { metadata: {} };
    expect(messageOf(CONFIGMAP, cm)).toBe(
      'ConfigMap "" is invalid: [metadata.name: Required value: name or generateName is required, metadata.namespace: Required value]',
    );
  });

  it('checks label keys and values and annotation keys', () => {
    const cm = {
      metadata: { name: 'c', namespace: 'd', labels: { 'bad key': 'v', ok: 'has space' }, annotations: { '/x': '1' } },
    };
    expect(validateObject(CONFIGMAP, cm, true)).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'metadata.labels',
        message:
          "Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      },
      {
        type: 'FieldValueInvalid',
        field: 'metadata.labels',
        message:
          "Invalid value: \"has space\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      },
      {
        type: 'FieldValueInvalid',
        field: 'metadata.annotations',
        message: 'Invalid value: "/x": prefix part must be non-empty',
      },
    ]);
  });

  it('caps annotations at 256 KiB in total', () => {
    const cm = { metadata: { name: 'c', namespace: 'd', annotations: { big: 'x'.repeat(262144) } } };
    expect(validateObject(CONFIGMAP, cm, true)).toEqual([
      {
        type: 'FieldValueTooLong',
        field: 'metadata.annotations',
        message: 'Too long: may not be more than 262144 bytes',
      },
    ]);
  });

  it('forbids a namespace on cluster-scoped kinds and unknown bare finalizers', () => {
    expect(
      validateObject(NAMESPACE, { metadata: { name: 'a', namespace: 'b', finalizers: ['cleanup'] } }, false),
    ).toEqual([
      { type: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' },
      {
        type: 'FieldValueInvalid',
        field: 'metadata.finalizers[0]',
        message: 'Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
      },
    ]);
  });
});

describe('workloads', () => {
  it('reports a selector that does not match the template labels', () => {
    expect(messageOf(DEPLOYMENT, deployment('web', { matchLabels: { app: 'api' } }, { app: 'x' }))).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    );
  });

  it('reports a missing Deployment selector twice over, as kube does', () => {
    expect(messageOf(DEPLOYMENT, deployment('web', null, { app: 'x', tier: 'be' }))).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"x", "tier":"be"}: `selector` does not match template `labels`]',
    );
  });

  it('rejects an empty selector and negative replicas', () => {
    const d = deployment('web', { matchLabels: {} });
    (d.spec as Obj).replicas = -1;
    expect(validateObject(DEPLOYMENT, d, true)).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'spec.replicas',
        message: 'Invalid value: -1: must be greater than or equal to 0',
      },
      {
        type: 'FieldValueInvalid',
        field: 'spec.selector',
        message:
          'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      },
    ]);
  });

  it('checks container names, images, duplicates and pull policy', () => {
    const d = deployment();
    const podSpec = ((d.spec as Obj).template as Obj).spec as Obj;
    podSpec.containers = [
      { name: 'Web_1', image: '', imagePullPolicy: 'Sometimes', terminationMessagePolicy: 'File', resources: {} },
      { name: 'side', image: 'a', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' },
      { name: 'side', image: 'b', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' },
    ];
    expect(validateObject(DEPLOYMENT, d, true)).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'spec.template.spec.containers[0].name',
        message: `Invalid value: "Web_1": ${LABEL_MSG}`,
      },
      { type: 'FieldValueRequired', field: 'spec.template.spec.containers[0].image', message: 'Required value' },
      {
        type: 'FieldValueNotSupported',
        field: 'spec.template.spec.containers[0].imagePullPolicy',
        message: 'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      },
      {
        type: 'FieldValueDuplicate',
        field: 'spec.template.spec.containers[2].name',
        message: 'Duplicate value: "side"',
      },
    ]);
  });

  it('checks container ports, volume mounts and requests against limits', () => {
    const d = deployment();
    const c = ((((d.spec as Obj).template as Obj).spec as Obj).containers as Obj[])[0] as Obj;
    c.ports = [{ containerPort: 70000, protocol: 'TCP' }];
    c.volumeMounts = [{ name: 'data', mountPath: '/data' }];
    c.resources = { limits: { cpu: '500m' }, requests: { cpu: '1' } };
    expect(validateObject(DEPLOYMENT, d, true).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"',
      'spec.template.spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
    ]);
  });

  it('requires Job pods to restart OnFailure or Never', () => {
    const job = prepared(JOB, {
      metadata: { name: 'pi', namespace: 'default', uid: 'u-1' },
      spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
    });
    expect(messageOf(JOB, job)).toBe(
      'Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
    (((job.spec as Obj).template as Obj).spec as Obj).restartPolicy = 'Never';
    expect(validateObject(JOB, job, true)).toEqual([]);
  });

  it('rejects a hand-written Job selector without manualSelector', () => {
    const job = prepared(JOB, {
      metadata: { name: 'pi', namespace: 'default', uid: 'u-1' },
      spec: {
        selector: { matchLabels: { app: 'pi' } },
        template: {
          metadata: { labels: { app: 'pi' } },
          spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] },
        },
      },
    });
    expect(validateObject(JOB, job, true)).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'spec.selector',
        message:
          'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"pi", "batch.kubernetes.io/controller-uid":"u-1"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
      },
    ]);
  });

  it('validates CronJob schedules with robfig/cron texts', () => {
    const cron = (schedule: string): Obj =>
      prepared(CRONJOB, {
        metadata: { name: 'tick', namespace: 'default' },
        spec: {
          schedule,
          jobTemplate: {
            spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 't', image: 'b' }] } } },
          },
        },
      });
    expect(validateObject(CRONJOB, cron('*/5 * * * *'), true)).toEqual([]);
    expect(validateObject(CRONJOB, cron('@hourly'), true)).toEqual([]);
    expect(messageOf(CRONJOB, cron('* * *'))).toBe(
      'CronJob.batch "tick" is invalid: spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]',
    );
    expect(messageOf(CRONJOB, cron('61 * * * *'))).toBe(
      'CronJob.batch "tick" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    );
  });

  it('checks DaemonSet rolling updates and StatefulSet names', () => {
    const ds = prepared(DAEMONSET, {
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: {
        selector: { matchLabels: { app: 'a' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } },
        template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'a', image: 'a:1' }] } },
      },
    });
    expect(messageOf(DAEMONSET, ds)).toBe(
      'DaemonSet.apps "agent" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    );
    const sts = prepared(STATEFULSET, {
      metadata: { name: 'db.v1', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'pg' }] } },
      },
    });
    expect(messageOf(STATEFULSET, sts)).toBe(
      `StatefulSet.apps "db.v1" is invalid: metadata.name: Invalid value: "db.v1": ${LABEL_MSG}`,
    );
  });
});

describe('services and data objects', () => {
  const svc = (spec: Obj): Obj => prepared(SERVICE, { metadata: { name: 'web', namespace: 'default' }, spec });

  it('requires port names when there are several and rejects duplicates', () => {
    expect(messageOf(SERVICE, svc({ ports: [{ port: 80 }, { port: 80, name: 'b' }] }))).toBe(
      'Service "web" is invalid: [spec.ports[0].name: Required value, spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}]',
    );
    expect(
      messageOf(
        SERVICE,
        svc({
          ports: [
            { port: 80, name: 'a' },
            { port: 81, name: 'a' },
          ],
        }),
      ),
    ).toBe('Service "web" is invalid: spec.ports[1].name: Duplicate value: "a"');
  });

  it('checks the port range, the type and node ports', () => {
    // The defaulted targetPort copies the bad port, so kube reports both.
    expect(messageOf(SERVICE, svc({ ports: [{ port: 0 }] }))).toBe(
      'Service "web" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]',
    );
    expect(messageOf(SERVICE, svc({ type: 'Internal', ports: [{ port: 80 }] }))).toContain(
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
    expect(messageOf(SERVICE, svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }))).toBe(
      'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('checks ConfigMap keys and the 1 MiB size limit', () => {
    const cm = (data: Obj): Obj => ({ metadata: { name: 'c', namespace: 'd' }, data });
    expect(messageOf(CONFIGMAP, cm({ 'a b': 'x' }))).toBe(
      `ConfigMap "c" is invalid: data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    );
    expect(messageOf(CONFIGMAP, cm({ big: 'x'.repeat(1024 * 1024 + 1) }))).toBe(
      'ConfigMap "c" is invalid: []: Too long: may not be more than 1048576 bytes',
    );
  });

  it('requires the keys of typed Secrets', () => {
    const tls = { metadata: { name: 's', namespace: 'd' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } };
    expect(messageOf(SECRET, tls)).toBe('Secret "s" is invalid: data[tls.key]: Required value');
  });

  it('requires a pathType on Ingress paths', () => {
    const ing = {
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        rules: [
          {
            host: 'example.com',
            http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }] },
          },
        ],
      },
    };
    expect(messageOf(INGRESS, ing)).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
    const paths = (((ing.spec.rules[0] as Obj).http as Obj).paths as Obj[])[0] as Obj;
    paths.pathType = 'Regex';
    expect(messageOf(INGRESS, ing)).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    );
  });
});

describe('updates', () => {
  it('refuses a changed Deployment selector with the value Go prints', () => {
    const old = deployment();
    const next = deployment('web', { matchLabels: { app: 'web', tier: 'fe' } }, { app: 'web', tier: 'fe' });
    expect(validateUpdate(DEPLOYMENT, next, old)).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'spec.selector',
        message:
          'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
      },
    ]);
  });

  it('freezes a Job template and the data of an immutable ConfigMap', () => {
    const job = prepared(JOB, {
      metadata: { name: 'pi', namespace: 'default', uid: 'u-1' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:1' }] } } },
    });
    const changed = structuredClone(job);
    ((((changed.spec as Obj).template as Obj).spec as Obj).containers as Obj[])[0]!.image = 'perl:2';
    const causes = validateUpdate(JOB, changed, job);
    expect(causes.map((c) => c.field)).toEqual(['spec.template']);
    expect(causes[0]?.message).toMatch(/^Invalid value: core\.PodTemplateSpec.*: field is immutable$/);

    const cm = { metadata: { name: 'c', namespace: 'd' }, immutable: true, data: { a: '1' } };
    expect(validateUpdate(CONFIGMAP, { ...cm, data: { a: '2' } }, cm)).toEqual([
      { type: 'FieldValueForbidden', field: 'data', message: 'Forbidden: field is immutable when `immutable` is set' },
    ]);
  });

  it('keeps the Secret type and the Service cluster IP', () => {
    const secret = { metadata: { name: 's', namespace: 'd' }, type: 'Opaque', data: {} };
    expect(
      validateUpdate(SECRET, { ...secret, type: 'kubernetes.io/basic-auth', data: { username: 'eA==' } }, secret),
    ).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'type',
        message: 'Invalid value: "kubernetes.io/basic-auth": field is immutable',
      },
    ]);
    const old = prepared(SERVICE, { metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    const next = structuredClone(old);
    Object.assign(next.spec as Obj, { clusterIP: '10.96.0.99', clusterIPs: ['10.96.0.99'] });
    expect(validateUpdate(SERVICE, next, old)).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'spec.clusterIPs[0]',
        message: 'Invalid value: []string{"10.96.0.99"}: may not change once set',
      },
    ]);
  });

  it('keeps names and uids', () => {
    const old = { metadata: { name: 'c', namespace: 'd', uid: 'a' } };
    expect(validateUpdate(CONFIGMAP, { metadata: { name: 'c', namespace: 'd', uid: 'b' } }, old)).toEqual([
      { type: 'FieldValueInvalid', field: 'metadata.uid', message: 'Invalid value: "b": field is immutable' },
    ]);
  });
});

describe('generation', () => {
  it('knows which kinds carry a generation', () => {
    expect(hasGeneration(DEPLOYMENT)).toBe(true);
    expect(hasGeneration(CONFIGMAP)).toBe(false);
    expect(hasGeneration(SERVICE)).toBe(false);
    expect(hasGeneration({ group: 'example.com', kind: 'Widget' })).toBe(true);
  });

  it('bumps on spec changes, and on annotation changes for Deployments only', () => {
    const d = deployment();
    const scaled = structuredClone(d);
    (scaled.spec as Obj).replicas = 3;
    expect(specChanged(d, scaled)).toBe(true);
    const relabeled = structuredClone(d);
    (relabeled.metadata as Obj).labels = { a: 'b' };
    expect(specChanged(d, relabeled)).toBe(false);
    const annotated = structuredClone(d);
    (annotated.metadata as Obj).annotations = { note: 'x' };
    expect(specChanged(d, annotated)).toBe(true);
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { replicas: 1 } };
    expect(specChanged(sts, { ...sts, metadata: { name: 's', annotations: { a: 'b' } } })).toBe(false);
  });

  it('never bumps ConfigMaps and bumps custom resources on anything outside metadata and status', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
    expect(specChanged(cm, { ...cm, data: { a: '2' } })).toBe(false);
    const cr = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, size: 1, status: { ok: true } };
    expect(specChanged(cr, { ...cr, status: { ok: false } })).toBe(false);
    expect(specChanged(cr, { ...cr, size: 2 })).toBe(true);
  });
});
