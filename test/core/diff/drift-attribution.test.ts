import { describe, expect, it } from 'vitest';
import { diffObject } from '../../../src/core/diff/diff-object.js';
import { DEPLOYMENT_DESIRED, DEPLOYMENT_LIVE, yaml } from './fixtures.js';
import { applyDiffPatch, edited, withManager } from './helpers.js';

describe('each drifted field says who changed it', () => {
  it('kubectl scale: replicas drift attributed to kubectl-scale with its time', () => {
    const live = withManager(edited(DEPLOYMENT_LIVE, [{ op: 'replace', path: '/spec/replicas', value: 5 }]), {
      manager: 'kubectl-scale',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2026-11-23T14:02:37Z',
      subresource: 'scale',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    });
    const diff = diffObject({ desired: yaml(DEPLOYMENT_DESIRED), live });
    expect(diff.status).toBe('OutOfSync');
    expect(diff.changes).toEqual([
      {
        path: 'spec.replicas',
        desired: 3,
        live: 5,
        manager: 'kubectl-scale',
        time: '2026-11-23T14:02:37Z',
        explanation: 'spec.replicas: 3 in Git, 5 live, set by kubectl-scale at 14:02',
      },
    ]);
    expect(diff.patch).toEqual([{ op: 'replace', path: '/spec/replicas', value: 3 }]);
    expect(diff.unifiedDiff).toContain('-  replicas: 5\n+  replicas: 3\n');
  });

  it('kubectl edit of a container image: keyed path, manager found through k:{"name":...}', () => {
    const live = withManager(
      edited(DEPLOYMENT_LIVE, [
        { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'ghcr.io/acme/web:1.5.0-rc1' },
      ]),
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-11-23T15:10:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } } },
        },
      },
    );
    const [change] = diffObject({ desired: yaml(DEPLOYMENT_DESIRED), live }).changes;
    expect(change?.explanation).toBe(
      'spec.template.spec.containers[name=web].image: ghcr.io/acme/web:1.4.2 in Git, ghcr.io/acme/web:1.5.0-rc1 live, set by kubectl-edit at 15:10',
    );
  });

  it('a field deleted live has no manager to blame and is re-added by the patch', () => {
    const live = edited(DEPLOYMENT_LIVE, [{ op: 'remove', path: '/spec/template/spec/containers/0/env/0' }]);
    const diff = diffObject({ desired: yaml(DEPLOYMENT_DESIRED), live });
    expect(diff.changes.map((c) => c.explanation)).toEqual([
      'spec.template.spec.containers[name=web].env[name=REGION]: {"name":"REGION","value":"eu-west-1"} in Git, absent live',
    ]);
    expect(diffObject({ desired: yaml(DEPLOYMENT_DESIRED), live: applyDiffPatch(live, diff.patch) }).status).toBe(
      'Synced',
    );
  });

  it('a drift with no managedFields entry is still explained, without a manager', () => {
    const live = edited(DEPLOYMENT_LIVE, [
      { op: 'replace', path: '/metadata/labels/app', value: 'web2' },
      { op: 'replace', path: '/metadata/managedFields', value: [] },
    ]);
    const [change] = diffObject({ desired: yaml(DEPLOYMENT_DESIRED), live }).changes;
    expect(change).toEqual({
      path: 'metadata.labels.app',
      desired: 'web',
      live: 'web2',
      explanation: 'metadata.labels.app: web in Git, web2 live',
    });
  });
});
