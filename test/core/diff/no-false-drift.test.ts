import { describe, expect, it } from 'vitest';
import { diffObject } from '../../../src/core/diff/diff-object.js';
import {
  DEPLOYMENT_DESIRED,
  DEPLOYMENT_LIVE,
  SECRET_DESIRED,
  SECRET_LIVE,
  SERVICE_DESIRED,
  SERVICE_LIVE,
  yaml,
} from './fixtures.js';

describe('an object just applied is Synced', () => {
  it.each([
    ['Deployment with server defaults, status, managedFields and reordered env', DEPLOYMENT_DESIRED, DEPLOYMENT_LIVE],
    ['Service with clusterIP, protocol and type filled in', SERVICE_DESIRED, SERVICE_LIVE],
    ['Secret declared with stringData, stored as base64 data', SECRET_DESIRED, SECRET_LIVE],
  ])('%s', (_name, desired, live) => {
    expect(diffObject({ desired: yaml(desired), live: yaml(live) })).toEqual({
      status: 'Synced',
      patch: [],
      unifiedDiff: '',
      changes: [],
    });
  });

  it('ignores Sextant bookkeeping annotations and last-applied-configuration on either side', () => {
    const desired = yaml(SERVICE_DESIRED);
    const live = yaml(SERVICE_LIVE);
    (live.metadata as Record<string, unknown>).annotations = {
      'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1"}',
      'sextant.dev/synced-at': '2026-11-23T13:40:02Z',
      'sextant.dev/health': 'Healthy',
    };
    expect(diffObject({ desired, live }).status).toBe('Synced');
  });

  it('reports Missing when nothing is live, and Extraneous when Git dropped a tracked object', () => {
    const missing = diffObject({ desired: yaml(SERVICE_DESIRED) });
    expect(missing.status).toBe('Missing');
    expect(missing.changes[0]?.explanation).toBe('Service/shop/web: in Git, absent live');
    expect(missing.unifiedDiff).toContain('+kind: Service');

    const extraneous = diffObject({ live: yaml(SERVICE_LIVE) });
    expect(extraneous.status).toBe('Extraneous');
    expect(extraneous.patch).toEqual([{ op: 'remove', path: '' }]);
    expect(extraneous.unifiedDiff).toContain('-kind: Service');
    expect(extraneous.unifiedDiff).not.toContain('resourceVersion');
  });

  it('never mutates its inputs', () => {
    for (const [d, l] of [
      [DEPLOYMENT_DESIRED, DEPLOYMENT_LIVE],
      [SECRET_DESIRED, SECRET_LIVE],
    ] as const) {
      const desired = yaml(d);
      const live = yaml(l);
      const ignore = [{ kind: String(desired.kind), jsonPointers: ['/metadata/labels', '/data/password'] }];
      diffObject({ desired, live, ignore });
      diffObject({ desired, live: { ...live, metadata: { name: 'x' } } });
      expect([desired, live]).toEqual([yaml(d), yaml(l)]);
    }
  });
});
