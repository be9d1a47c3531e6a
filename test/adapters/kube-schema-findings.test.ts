/**
 * Mistakes people make in manifests, each reported at the exact place with a stable code: typos
 * (unknown fields), wrong types, missing required fields, values outside an enum or a format, and
 * API versions Kubernetes no longer serves. All mistakes of an object come back at once.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createResourceValidator } from '../../src/adapters/kube-schema/validator.js';
import type { SchemaFinding } from '../../src/core/resource-validator.js';
import type { Obj } from '../../src/core/snapshot.js';

const validator = createResourceValidator();

function check(src: string): SchemaFinding[] | undefined {
  return validator.validate(parse(src) as Obj);
}

/** A valid Deployment with `extra` spliced into its first container. */
function deploymentWithContainer(extra: string): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx
${extra
  .split('\n')
  .map((l) => `          ${l}`)
  .join('\n')}
`;
}

describe('unknown fields', () => {
  it('reports a typo at its exact path', () => {
    expect(check(deploymentWithContainer('imagee: nginx:1.27'))).toEqual([
      {
        path: ['spec', 'template', 'spec', 'containers', 0, 'imagee'],
        code: 'unknown-field',
        message: 'unknown field "imagee"',
      },
    ]);
  });

  it('finds typos at every depth, in metadata, in lists and in a misplaced block', () => {
    const findings = check(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, label: {app: web}}
spec:
  replica: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx
          ports: [{containerPort: 80, protocl: TCP}]
          resources: {requests: {cpu: 100m}}
        - name: sidecar
          image: envoy
          env: [{name: A, valu: b}]
      resources: {limits: {cpu: 1}}
`);
    expect(findings?.map((f) => [f.code, f.path.join('.')])).toEqual([
      ['unknown-field', 'metadata.label'],
      ['unknown-field', 'spec.replica'],
      ['unknown-field', 'spec.template.spec.containers.0.ports.0.protocl'],
      ['unknown-field', 'spec.template.spec.containers.1.env.0.valu'],
    ]);
  });

  it('reports top-level typos such as `metdata` and a misspelt `data` key in a ConfigMap', () => {
    const findings = check(`
apiVersion: v1
kind: ConfigMap
metdata: {name: c}
dat: {a: b}
`);
    expect(findings?.map((f) => f.path)).toEqual([['metdata'], ['dat']]);
  });

  it('accepts any key inside maps: labels, annotations, data, resource lists, nodeSelector', () => {
    const findings = check(`
apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: {anything.example.com/goes: here}
  annotations: {imagee: "not a field, a key"}
spec:
  nodeSelector: {imagee: x}
  containers:
    - name: c
      image: i
      resources: {limits: {nvidia.com/gpu: 1, hugepages-2Mi: 100Mi}}
`);
    expect(findings).toEqual([]);
  });
});

describe('wrong types', () => {
  it('says what was expected and what was found', () => {
    const findings = check(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {tier: 1}}
spec:
  replicas: "3"
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      hostNetwork: "yes"
      containers:
        - name: web
          image: nginx
          args: --verbose
          ports: [{containerPort: "80"}]
`);
    expect(findings).toEqual([
      { path: ['metadata', 'labels', 'tier'], code: 'wrong-type', message: 'expected string, got integer' },
      { path: ['spec', 'replicas'], code: 'wrong-type', message: 'expected integer, got string' },
      {
        path: ['spec', 'template', 'spec', 'containers', 0, 'args'],
        code: 'wrong-type',
        message: 'expected array, got string',
      },
      {
        path: ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'],
        code: 'wrong-type',
        message: 'expected integer, got string',
      },
      {
        path: ['spec', 'template', 'spec', 'hostNetwork'],
        code: 'wrong-type',
        message: 'expected boolean, got string',
      },
    ]);
  });

  it('reports a value that is neither integer nor string (IntOrString) once', () => {
    const findings = check(`
apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  ports: [{port: 80, targetPort: true}]
`);
    expect(findings).toEqual([
      {
        path: ['spec', 'ports', 0, 'targetPort'],
        code: 'wrong-type',
        message: 'expected string or integer, got boolean',
      },
    ]);
  });

  it('reports a list where an object belongs', () => {
    const findings = check(deploymentWithContainer('resources: [cpu]'));
    expect(findings).toEqual([
      {
        path: ['spec', 'template', 'spec', 'containers', 0, 'resources'],
        code: 'wrong-type',
        message: 'expected object, got array',
      },
    ]);
  });
});

describe('missing required fields', () => {
  it('names the missing field, with its path', () => {
    const findings = check(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - image: nginx
`);
    expect(findings).toEqual([
      { path: ['spec', 'selector'], code: 'missing-field', message: 'required field "selector" is missing' },
      {
        path: ['spec', 'template', 'spec', 'containers', 0, 'name'],
        code: 'missing-field',
        message: 'required field "name" is missing',
      },
    ]);
  });

  it('catches a CronJob without a schedule and an env var without a name', () => {
    const findings = check(`
apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: c, image: i, env: [{value: x}]}]
`);
    expect(findings?.map((f) => [f.code, f.path.join('.')])).toEqual([
      ['missing-field', 'spec.schedule'],
      ['missing-field', 'spec.jobTemplate.spec.template.spec.containers.0.env.0.name'],
    ]);
  });
});

describe('invalid values', () => {
  it('lists the allowed values of an enum', () => {
    const findings = check(`
apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  type: Loadbalancer
  ports: [{port: 80}]
`);
    expect(findings).toEqual([
      {
        path: ['spec', 'type'],
        code: 'invalid-value',
        message:
          'unsupported value "Loadbalancer": must be one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      },
    ]);
  });

  it('rejects a malformed quantity, bad base64 in a Secret, and a malformed timestamp', () => {
    expect(check(deploymentWithContainer('resources: {limits: {memory: 1 Gi}}'))).toEqual([
      {
        path: ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'memory'],
        code: 'invalid-value',
        message: 'invalid quantity "1 Gi": expected a number with an optional unit, such as 500m or 1Gi',
      },
    ]);
    expect(
      check(`
apiVersion: v1
kind: Secret
metadata: {name: s}
data: {password: hunter2!}
`),
    ).toEqual([{ path: ['data', 'password'], code: 'invalid-value', message: 'invalid base64 data' }]);
    expect(
      check(`
apiVersion: v1
kind: ConfigMap
metadata: {name: c, creationTimestamp: yesterday}
`),
    ).toEqual([
      {
        path: ['metadata', 'creationTimestamp'],
        code: 'invalid-value',
        message: 'invalid time "yesterday": expected RFC 3339, such as 2024-01-31T12:00:00Z',
      },
    ]);
  });

  it('rejects an int32 that overflows', () => {
    const findings = check(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3000000000
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}
`);
    expect(findings).toEqual([
      { path: ['spec', 'replicas'], code: 'invalid-value', message: '3000000000 is out of range for int32' },
    ]);
  });
});

describe('API versions Kubernetes no longer serves', () => {
  it('says when it was removed and what to use instead', () => {
    const removed: [string, string, string][] = [
      ['extensions/v1beta1', 'Deployment', 'removed in Kubernetes 1.16); use apps/v1'],
      ['extensions/v1beta1', 'Ingress', 'removed in Kubernetes 1.22); use networking.k8s.io/v1'],
      ['batch/v1beta1', 'CronJob', 'removed in Kubernetes 1.25); use batch/v1'],
      ['policy/v1beta1', 'PodDisruptionBudget', 'removed in Kubernetes 1.25); use policy/v1'],
      ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'removed in Kubernetes 1.26); use autoscaling/v2'],
      ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 'removed in Kubernetes 1.32)'],
    ];
    for (const [apiVersion, kind, tail] of removed) {
      const findings = validator.validate({ apiVersion, kind, metadata: { name: 'x' } });
      expect(findings).toHaveLength(1);
      expect(findings?.[0]).toMatchObject({ path: ['apiVersion'], code: 'invalid-value' });
      expect(findings?.[0]?.message).toContain(`${apiVersion} ${kind} is no longer served (${tail}`);
    }
  });

  it('keeps newer kinds of a partly retired group/version valid', () => {
    const lease = { apiVersion: 'coordination.k8s.io/v1beta1', kind: 'Lease', metadata: { name: 'l' } };
    expect(validator.validate(lease)?.[0]?.message).toContain('removed in Kubernetes 1.22');
    const candidate = {
      apiVersion: 'coordination.k8s.io/v1beta1',
      kind: 'LeaseCandidate',
      metadata: { name: 'c' },
      spec: { leaseName: 'l', binaryVersion: '1.34.0', strategy: 'OldestEmulationVersion' },
    };
    expect(validator.validate(candidate)).toEqual([]);
  });
});

describe('hostile input', () => {
  it('reports an object that contains itself through a YAML alias instead of overflowing the stack', () => {
    const findings = check(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: loops.example.com}
spec:
  group: example.com
  names: {kind: Loop, plural: loops}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema: &s
          type: object
          properties: {self: *s}
`);
    expect(findings).toEqual([
      {
        path: ['spec', 'versions', 0, 'schema', 'openAPIV3Schema', 'properties', 'self'],
        code: 'invalid-value',
        message: 'refers to itself (a YAML alias to its own ancestor)',
      },
    ]);
  });
});
