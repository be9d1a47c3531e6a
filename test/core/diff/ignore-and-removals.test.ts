import { describe, expect, it } from 'vitest';
import { diffObject, type IgnoreRule } from '../../../src/core/diff/diff-object.js';
import { DEPLOYMENT_DESIRED, DEPLOYMENT_LIVE, yaml } from './fixtures.js';
import { applyDiffPatch, edited } from './helpers.js';

const scaled = () => edited(DEPLOYMENT_LIVE, [{ op: 'replace', path: '/spec/replicas', value: 7 }]);

describe('ignoreDifferences', () => {
  it.each<[string, IgnoreRule, string]>([
    [
      'matching group, kind and name',
      { group: 'apps', kind: 'Deployment', name: 'web', jsonPointers: ['/spec/replicas'] },
      'Synced',
    ],
    ['matching kind only', { kind: 'Deployment', jsonPointers: ['/spec/replicas'] }, 'Synced'],
    ['another namespace', { kind: 'Deployment', namespace: 'other', jsonPointers: ['/spec/replicas'] }, 'OutOfSync'],
    ['another group', { group: 'extensions', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }, 'OutOfSync'],
    ['another pointer', { kind: 'Deployment', jsonPointers: ['/spec/paused'] }, 'OutOfSync'],
  ])('%s', (_name, rule, status) => {
    expect(diffObject({ desired: yaml(DEPLOYMENT_DESIRED), live: scaled(), ignore: [rule] }).status).toBe(status);
  });

  it('a pointer into a list item and an escaped annotation key', () => {
    const live = edited(DEPLOYMENT_LIVE, [
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'ghcr.io/acme/web:patched' },
      { op: 'add', path: '/metadata/labels/team~1owner', value: 'payments' },
    ]);
    const desired = edited(DEPLOYMENT_DESIRED, [{ op: 'add', path: '/metadata/labels/team~1owner', value: 'shop' }]);
    const ignore: IgnoreRule[] = [
      { kind: 'Deployment', jsonPointers: ['/spec/template/spec/containers/0/image', '/metadata/labels/team~1owner'] },
    ];
    expect(diffObject({ desired, live, ignore }).status).toBe('Synced');
  });
});

describe('fields Sextant applied before and Git no longer declares are removals', () => {
  it('a label and an env var dropped from Git are removed; fields of other managers are not', () => {
    const live = edited(DEPLOYMENT_LIVE, [
      { op: 'add', path: '/metadata/labels/tier', value: 'frontend' },
      { op: 'add', path: '/metadata/labels/owner-by-hand', value: 'alice' }, // nobody's apply: not compared
      { op: 'add', path: '/metadata/managedFields/0/fieldsV1/f:metadata/f:labels/f:tier', value: {} },
    ]);
    const desired = edited(DEPLOYMENT_DESIRED, [{ op: 'remove', path: '/spec/template/spec/containers/0/env/1' }]);
    const diff = diffObject({ desired, live });
    expect(diff.status).toBe('OutOfSync');
    expect(diff.changes.map((c) => c.explanation)).toEqual([
      'metadata.labels.tier: absent in Git, frontend live, applied by sextant before; it will be removed',
      'spec.template.spec.containers[name=web].env[name=REGION]: absent in Git, {"name":"REGION","value":"eu-west-1"} live, applied by sextant before; it will be removed',
    ]);
    expect(diff.changes.every((c) => c.manager === 'sextant')).toBe(true);
    expect(diff.patch).toEqual([
      { op: 'remove', path: '/spec/template/spec/containers/0/env/0' },
      { op: 'remove', path: '/metadata/labels/tier' },
    ]);
    expect(diff.unifiedDiff).toContain('-    tier: frontend\n');
    const repaired = applyDiffPatch(live, diff.patch);
    expect(diffObject({ desired, live: repaired }).status).toBe('Synced');
    expect((repaired.metadata as { labels: Record<string, string> }).labels['owner-by-hand']).toBe('alice');
  });

  it('a custom field manager name is honoured', () => {
    const desired = edited(DEPLOYMENT_DESIRED, [{ op: 'remove', path: '/spec/replicas' }]);
    expect(diffObject({ desired, live: yaml(DEPLOYMENT_LIVE) }).status).toBe('OutOfSync');
    expect(diffObject({ desired, live: yaml(DEPLOYMENT_LIVE), fieldManager: 'someone-else' }).status).toBe('Synced');
  });
});
