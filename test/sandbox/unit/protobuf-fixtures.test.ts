/**
 * Real bodies captured from kubectl 1.32's generator commands (test/fixtures/protobuf/*.bin),
 * checked against what the same command prints with `--dry-run=client -o json` (*.json).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeKubeProtobuf, supportsProtobufKind } from '../../../src/sandbox/protobuf/decode.js';
import type { Obj } from '../../../src/sandbox/model.js';

const DIR = fileURLToPath(new URL('../../fixtures/protobuf/', import.meta.url));
const NAMES = readdirSync(DIR)
  .filter((f) => f.endsWith('.bin'))
  .map((f) => f.slice(0, -4));

function decodeFixture(name: string): Obj {
  return decodeKubeProtobuf(readFileSync(`${DIR}${name}.bin`));
}

function dryRunJson(name: string): Obj {
  return JSON.parse(readFileSync(`${DIR}${name}.json`, 'utf8')) as Obj;
}

describe('bodies kubectl 1.32 sends as protobuf', () => {
  it('has a fixture for every generator command', () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(29);
  });

  it.each(NAMES)('%s decodes to exactly the JSON kubectl would print, key order included', (name) => {
    const got = decodeFixture(name);
    expect(got).toEqual(dryRunJson(name));
    expect(JSON.stringify(got)).toBe(JSON.stringify(dryRunJson(name)));
  });

  it.each(NAMES)('%s is a kind the decoder claims to support', (name) => {
    const obj = decodeFixture(name);
    expect(supportsProtobufKind(String(obj.apiVersion), String(obj.kind))).toBe(true);
  });
});

describe('what the JSON looks like', () => {
  it('a namespace keeps the empty structs and the null creationTimestamp Go writes', () => {
    expect(decodeFixture('namespace')).toEqual({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name: 'demo', creationTimestamp: null },
      spec: {},
      status: {},
    });
  });

  it('configmap: UTF-8 files in data, other files base64 in binaryData', () => {
    expect(decodeFixture('configmap').data).toEqual({
      a: '1',
      b: 'two',
      'blob.bin': '\x00\x01\x02binary',
      'hello.txt': 'hello\n',
    });
    expect(decodeFixture('configmap-binary').binaryData).toEqual({ 'raw.bin': '//4AgA==' });
  });

  it('secret data is base64, as in JSON', () => {
    const s = decodeFixture('secret-generic');
    expect(s.data).toEqual({ pass: 'czNjcjN0', user: 'YWRtaW4=' });
    expect(s).not.toHaveProperty('type'); // kubectl leaves it to the server's default
    expect(decodeFixture('secret-generic-env')).toMatchObject({
      type: 'example.com/custom',
      data: { a: 'MQ==', b: 'dHdv' },
    });
    const reg = decodeFixture('secret-docker-registry');
    const cfg = Buffer.from(String((reg.data as Obj)['.dockerconfigjson']), 'base64').toString();
    expect(JSON.parse(cfg)).toMatchObject({ auths: { 'registry.example.com': { username: 'bot' } } });
  });

  it('a pointer set to zero survives (replicas: 0), a zero non-pointer does not', () => {
    const d = decodeFixture('deployment-zero-replicas');
    expect((d.spec as Obj).replicas).toBe(0);
    const containers = ((d.spec as Obj).template as { spec: { containers: Obj[] } }).spec.containers;
    expect(containers).toEqual([
      { name: 'nginx', image: 'nginx', resources: {} },
      { name: 'busybox', image: 'busybox', resources: {} },
    ]);
  });

  it('IntOrString comes out as a number or a string', () => {
    const svc = decodeFixture('service-clusterip');
    expect((svc.spec as Obj).ports).toEqual([
      { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
      { name: '443-https', protocol: 'TCP', port: 443, targetPort: 'https' },
    ]);
    expect((decodeFixture('poddisruptionbudget').spec as Obj).minAvailable).toBe('50%');
    expect((decodeFixture('poddisruptionbudget-max').spec as Obj).maxUnavailable).toBe(1);
  });

  it('quantities are strings; a required slice left empty is null', () => {
    expect((decodeFixture('quota').spec as Obj).hard).toEqual({
      cpu: '1',
      memory: '1Gi',
      pods: '10',
      'requests.storage': '500Mi',
    });
    expect(decodeFixture('clusterrole-aggregated').rules).toBeNull();
  });

  it('a rich pod template (from `create job --from=cronjob/...`) keeps every field', () => {
    const job = decodeFixture('job-from-rich-cronjob');
    const pod = ((job.spec as Obj).template as Obj).spec as Obj;
    const [c] = pod.containers as Obj[];
    expect(c?.livenessProbe).toEqual({
      httpGet: { path: '/healthz', port: 'http', httpHeaders: [{ name: 'X-Probe', value: '1' }] },
      initialDelaySeconds: 5,
      periodSeconds: 10,
    });
    expect(c?.env).toContainEqual({
      name: 'MEM',
      valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } },
    });
    expect(pod.volumes).toContainEqual({ name: 'data', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } });
    expect(pod.securityContext).toMatchObject({ runAsUser: 1000, supplementalGroups: [1, 2, 3] });
    expect(pod.terminationGracePeriodSeconds).toBe(0);
    expect((job.spec as Obj).backoffLimit).toBe(0);
  });
});
