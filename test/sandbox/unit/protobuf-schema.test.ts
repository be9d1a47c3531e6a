/**
 * The descriptor notation and the tables built from it: every supported kind resolves to a
 * message, and the Go JSON rules (pointer, omitempty, inline) are read from each field spec.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../src/sandbox/protobuf/registry.js';
import { parseFieldSpec } from '../../../src/sandbox/protobuf/schema.js';
import { findRootMessage } from '../../../src/sandbox/protobuf/kinds.js';
import { decodeKubeProtobuf } from '../../../src/sandbox/protobuf/decode.js';

describe('field specs', () => {
  it('reads pointer, repeated, map, omitempty and inline', () => {
    expect(parseFieldSpec('replicas=1 *int32,omitempty')).toEqual({
      num: 1,
      json: 'replicas',
      shape: 'single',
      type: 'int32',
      pointer: true,
      omitempty: true,
      inline: false,
    });
    expect(parseFieldSpec('containers=2 []core.Container')).toMatchObject({ shape: 'list', type: 'core.Container' });
    expect(parseFieldSpec('limits=1 map[string]resource.Quantity,omitempty')).toMatchObject({
      shape: 'map',
      type: 'resource.Quantity',
    });
    expect(parseFieldSpec('=2 core.VolumeSource,inline')).toMatchObject({ json: '', inline: true });
  });

  it('rejects a spec it cannot read', () => {
    expect(() => parseFieldSpec('name string')).toThrow('bad field spec');
    expect(() => parseFieldSpec('=1 string')).toThrow('without a JSON name');
  });
});

describe('tables', () => {
  it.each([
    ['v1', 'Namespace'],
    ['v1', 'Pod'],
    ['apps/v1', 'Deployment'],
    ['batch/v1', 'CronJob'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
    ['networking.k8s.io/v1', 'Ingress'],
    ['policy/v1', 'PodDisruptionBudget'],
    ['autoscaling/v1', 'HorizontalPodAutoscaler'],
  ])('%s %s has a root message', (apiVersion, kind) => {
    const root = findRootMessage(apiVersion, kind);
    expect(root && MESSAGES.has(root)).toBe(true);
  });

  it('follow the Go struct, not the proto numbering, for key order', () => {
    const names = MESSAGES.get('core.ConfigMap')?.fields.map((f) => f.json);
    expect(names).toEqual(['metadata', 'immutable', 'data', 'binaryData']);
  });

  it('decode a body held at an offset inside a larger buffer (as http chunks are)', () => {
    const body = [0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0f, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x09];
    const padded = Buffer.concat([
      Buffer.alloc(7),
      Buffer.from(body),
      Buffer.from('Namespace'),
      Buffer.from([0x12, 0]),
    ]);
    expect(decodeKubeProtobuf(padded.subarray(7))).toMatchObject({ kind: 'Namespace', apiVersion: 'v1', spec: {} });
  });
});
