import { describe, expect, it } from 'vitest';
import { diffObject, redactSecret } from '../../../src/core/diff/diff-object.js';
import { SECRET_DESIRED, SECRET_LIVE, yaml } from './fixtures.js';
import { edited } from './helpers.js';

const CLEAR = ['s3cr3t-Passw0rd', 'czNjcjN0LVBhc3N3MHJk', 'hunter2', 'aHVudGVyMg==', 'c2hvcA=='];

function leaks(value: unknown): string[] {
  const text = JSON.stringify(value);
  return CLEAR.filter((s) => text.includes(s));
}

describe('Secret values are never shown', () => {
  it('redactSecret masks data and stringData with one fixed mask and keeps keys', () => {
    const secret = yaml(SECRET_LIVE);
    (secret.metadata as Record<string, unknown>).annotations = {
      'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"czNjcjN0LVBhc3N3MHJk"}}',
    };
    const shown = redactSecret({ ...secret, stringData: { extra: 'hunter2' } });
    expect(shown.data).toEqual({ username: '++++++++', password: '++++++++' });
    expect(shown.stringData).toEqual({ extra: '++++++++' });
    expect(leaks(shown)).toEqual([]);
    expect(secret.data).toEqual({ username: 'c2hvcA==', password: 'czNjcjN0LVBhc3N3MHJk' }); // input untouched
    expect(redactSecret(yaml('kind: ConfigMap\ndata: { a: b }'))).toEqual({ kind: 'ConfigMap', data: { a: 'b' } });
  });

  it('a changed, an added and a removed key are reported by name only', () => {
    const desired = edited(SECRET_DESIRED, [
      { op: 'replace', path: '/stringData/password', value: 'hunter2' },
      { op: 'add', path: '/stringData/token', value: 'hunter2' },
    ]);
    const live = edited(SECRET_LIVE, [
      { op: 'add', path: '/data/old', value: 'aHVudGVyMg==' },
      {
        op: 'add',
        path: '/metadata/managedFields',
        value: [
          {
            manager: 'sextant',
            operation: 'Apply',
            time: '2026-11-23T13:40:02Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': { '.': {}, 'f:old': {}, 'f:password': {}, 'f:username': {} } },
          },
        ],
      },
    ]);
    const diff = diffObject({ desired, live });
    expect(diff.status).toBe('OutOfSync');
    expect(diff.changes.map((c) => c.explanation)).toEqual([
      'data.password: changed (values hidden)',
      'data.token: added in Git (value hidden)',
      'data.old: no longer in Git (value hidden)',
    ]);
    expect(leaks(diff)).toEqual([]);
    expect(diff.unifiedDiff).toContain('-  password: ++++++++\n');
    expect(diff.unifiedDiff).toContain('+  password: ++++++++ (changed)\n');
    expect(diff.unifiedDiff).toContain('+  token: ++++++++\n');
    expect(diff.unifiedDiff).toContain('-  old: ++++++++\n');
  });

  it('a Missing or Extraneous Secret is shown masked too', () => {
    expect(leaks(diffObject({ desired: yaml(SECRET_DESIRED) }))).toEqual([]);
    expect(leaks(diffObject({ live: yaml(SECRET_LIVE) }))).toEqual([]);
  });
});
