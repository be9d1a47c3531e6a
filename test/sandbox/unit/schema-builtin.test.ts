import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../src/sandbox/model.js';
import {
  applyUnknownFieldMessage,
  decodeFailureMessage,
  unknownFieldWarnings,
  validateBuiltin,
} from '../../../src/sandbox/schema/validate.js';

const DEPLOYMENT = { group: 'apps', version: 'v1', kind: 'Deployment' };
const SERVICE = { group: '', version: 'v1', kind: 'Service' };

function deployment(): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'demo', labels: { app: 'web' }, annotations: { 'a/b': 'c' } },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'web', tier: 'fe' } },
        spec: {
          serviceAccountName: 'web',
          terminationGracePeriodSeconds: 30,
          securityContext: { runAsNonRoot: true, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              args: ['--port', '8080'],
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [
                { name: 'MODE', value: 'prod' },
                { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              ],
              envFrom: [{ configMapRef: { name: 'web-config' } }],
              resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: 1, memory: '128Mi' } },
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 10 },
              volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
          volumes: [
            { name: 'cache', emptyDir: { sizeLimit: '1Gi' } },
            { name: 'cfg', configMap: { name: 'web-config', items: [{ key: 'a', path: 'a.conf' }] } },
          ],
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
        },
      },
    },
    status: { replicas: 3, readyReplicas: 3, conditions: [{ type: 'Available', status: 'True' }] },
  };
}

const clean = { unknownFields: [], decodeErrors: [], invalid: [] };

describe('valid built-in objects pass with no findings', () => {
  it('accepts a realistic Deployment, including status and quantities given as numbers', () => {
    expect(validateBuiltin(DEPLOYMENT, deployment())).toEqual(clean);
  });

  it('accepts a Service with named and numeric targetPorts', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 'http', nodePort: 30080 },
          { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
        ],
        sessionAffinity: 'None',
      },
    };
    expect(validateBuiltin(SERVICE, svc)).toEqual(clean);
  });

  it('accepts ConfigMaps and Secrets with base64 data', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: 'b' },
      binaryData: { bin: 'AAEC' },
    };
    expect(validateBuiltin({ group: '', version: 'v1', kind: 'ConfigMap' }, cm)).toEqual(clean);
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      type: 'Opaque',
      data: { p: 'cGFzcw==' },
      stringData: { q: 'x' },
    };
    expect(validateBuiltin({ group: '', version: 'v1', kind: 'Secret' }, secret)).toEqual(clean);
  });

  it('accepts Jobs and CronJobs', () => {
    const podTemplate = {
      spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl', command: ['perl', '-e', '1'] }] },
    };
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: { backoffLimit: 4, completions: 1, template: podTemplate },
    };
    expect(validateBuiltin({ group: 'batch', version: 'v1', kind: 'Job' }, job)).toEqual(clean);
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'pi' },
      spec: { schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: podTemplate } } },
    };
    expect(validateBuiltin({ group: 'batch', version: 'v1', kind: 'CronJob' }, cron)).toEqual(clean);
  });

  it('accepts Leases with MicroTime timestamps and objects full of nulls', () => {
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'l', creationTimestamp: null },
      spec: {
        holderIdentity: 'a',
        leaseDurationSeconds: 15,
        renewTime: '2024-05-01T10:00:00.123456Z',
        acquireTime: null,
      },
    };
    expect(validateBuiltin({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' }, lease)).toEqual(clean);
  });

  it('does not require fields the apiserver accepts absent', () => {
    const np = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny' },
      spec: { policyTypes: ['Ingress'] },
    };
    expect(validateBuiltin({ group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy' }, np)).toEqual(clean);
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [{ name: 'v1', storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    };
    expect(
      validateBuiltin({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' }, crd),
    ).toEqual(clean);
  });
});

describe('unknown fields', () => {
  it('reports typos with the paths the strict decoder prints, in document order', () => {
    const d = deployment();
    const spec = d.spec as Obj;
    spec.templat = {};
    const container = ((spec.template as Obj).spec as { containers: Obj[] }).containers[0] as Obj;
    container.imagee = 'nginx';
    (d.metadata as Obj).lables = { a: 'b' };
    const r = validateBuiltin(DEPLOYMENT, d);
    // `templat` was added after `template`, so it comes later in the document.
    expect(r.unknownFields).toEqual(['.metadata.lables', '.spec.template.spec.containers[0].imagee', '.spec.templat']);
    expect(r.decodeErrors).toEqual([]);
    expect(decodeFailureMessage('Deployment', 'v1', r, true)).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.lables", unknown field "spec.template.spec.containers[0].imagee", unknown field "spec.templat"',
    );
    expect(decodeFailureMessage('Deployment', 'v1', r, false)).toBeUndefined();
    expect(unknownFieldWarnings(r)).toEqual([
      'unknown field "metadata.lables"',
      'unknown field "spec.template.spec.containers[0].imagee"',
      'unknown field "spec.templat"',
    ]);
    expect(applyUnknownFieldMessage(r)).toBe('.metadata.lables: field not declared in schema');
  });

  it('names map entries with dots, as sigs.k8s.io/json does', () => {
    const crd = {
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', typo: 1 } } } },
          },
        ],
      },
    };
    const r = validateBuiltin({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' }, crd);
    expect(r.unknownFields).toEqual(['.spec.versions[0].schema.openAPIV3Schema.properties.spec.typo']);
  });

  it('treats fields added after 1.32 as unknown', () => {
    const d = deployment();
    ((d.spec as Obj).template as { spec: Obj }).spec.hostnameOverride = 'x';
    expect(validateBuiltin(DEPLOYMENT, d).unknownFields).toEqual(['.spec.template.spec.hostnameOverride']);
  });

  it('matches field names case-sensitively', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80, targetport: 8080 }] },
    };
    expect(validateBuiltin(SERVICE, svc).unknownFields).toEqual(['.spec.ports[0].targetport']);
  });
});

describe('wrong JSON types are decode errors (400)', () => {
  it('words type mismatches like encoding/json, with the innermost struct and the field path', () => {
    const d = deployment();
    const spec = d.spec as Obj;
    spec.replicas = '3';
    (d.metadata as Obj).labels = { app: 1 };
    const container = ((spec.template as Obj).spec as { containers: Obj[] }).containers[0] as Obj;
    (container.env as Obj[]).push({ name: 'N', value: 5 });
    const r = validateBuiltin(DEPLOYMENT, d);
    expect(r.decodeErrors).toEqual([
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      'json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string',
    ]);
    expect(decodeFailureMessage('Deployment', 'v1', r, true)).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    );
  });

  it('reports non-integral numbers, structs and lists of the wrong shape', () => {
    const r = validateBuiltin(DEPLOYMENT, {
      spec: { replicas: 1.5, selector: 'app=web', template: { spec: { containers: { name: 'x' } } } },
    });
    expect(r.decodeErrors).toEqual([
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.selector of type v1.LabelSelector',
      'json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
    ]);
  });

  it('puts a custom unmarshaler error first, since it aborts decoding', () => {
    const svc = { metadata: { name: 1 }, spec: { ports: [{ port: 80, targetPort: true }] } };
    expect(validateBuiltin(SERVICE, svc).decodeErrors).toEqual([
      'json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32',
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string',
    ]);
  });

  it('checks quantities, timestamps and base64 the way their Go types do', () => {
    const d = deployment();
    const container = (((d.spec as Obj).template as Obj).spec as { containers: Obj[] }).containers[0] as Obj;
    container.resources = { limits: { cpu: 'lots' } };
    expect(validateBuiltin(DEPLOYMENT, d).decodeErrors).toEqual([
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
    const stamped = { metadata: { name: 'c', creationTimestamp: 'yesterday' } };
    expect(validateBuiltin({ group: '', version: 'v1', kind: 'ConfigMap' }, stamped).decodeErrors).toEqual([
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    ]);
    const secret = { metadata: { name: 's' }, data: { p: 'abc!' } };
    expect(validateBuiltin({ group: '', version: 'v1', kind: 'Secret' }, secret).decodeErrors).toEqual([
      'illegal base64 data at input byte 3',
    ]);
  });
});

describe('required fields (422)', () => {
  it('requires containers, container names and the selector', () => {
    const d = deployment();
    const spec = d.spec as Obj;
    delete spec.selector;
    const pod = (spec.template as Obj).spec as { containers: Obj[] };
    pod.containers.push({ image: 'busybox' });
    expect(validateBuiltin(DEPLOYMENT, d).invalid).toEqual([
      { type: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' },
      { type: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers[1].name' },
    ]);
    pod.containers = [];
    expect(validateBuiltin(DEPLOYMENT, d).invalid).toContainEqual({
      type: 'FieldValueRequired',
      message: 'Required value',
      field: 'spec.template.spec.containers',
    });
  });

  it('leaves status alone, since the apiserver ignores it on main-resource writes', () => {
    const d = deployment();
    d.status = { conditions: [{ reason: 'x' }] };
    expect(validateBuiltin(DEPLOYMENT, d)).toEqual(clean);
  });
});
