import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/sandbox/errors.js';
import type { Obj } from '../../../src/sandbox/model.js';
import { conflictError, conflictMessage, recordUpdate } from '../../../src/sandbox/patch/apply.js';
import {
  apply,
  applied,
  clientSideApplied,
  entries,
  entry,
  fieldsOf,
  labels,
  LAST_APPLIED,
  lists,
  manifest,
  spec,
  T1,
} from './ssa-fixtures.js';

describe('serverSideApply after client-side apply', () => {
  it('conflicts on .spec.replicas with kubectl-client-side-apply, worded as kube does', () => {
    const live = clientSideApplied();
    const r = apply(live, manifest(3), 'sextant');
    expect(r.conflicts).toEqual([
      { manager: 'kubectl-client-side-apply', apiVersion: 'apps/v1', field: '.spec.replicas', operation: 'Update' },
    ]);
    expect(conflictMessage(r.conflicts)).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    expect(spec(r.object).replicas).toBe(2);
    const e = conflictError(r.conflicts);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe(409);
    expect(e.reason).toBe('Conflict');
    expect(e.details?.causes).toEqual([
      {
        type: 'FieldManagerConflict',
        message: 'conflict with "kubectl-client-side-apply" using apps/v1',
        field: '.spec.replicas',
      },
    ]);
  });

  it('takes the field over with --force-conflicts', () => {
    const out = applied(clientSideApplied(), manifest(3), 'sextant', { force: true });
    expect(spec(out).replicas).toBe(3);
    expect(fieldsOf(out, 'sextant')).toContain('"f:replicas"');
    expect(fieldsOf(out, 'kubectl-client-side-apply')).not.toContain('"f:replicas"');
    // Fields applied with the same value are shared, not taken.
    expect(fieldsOf(out, 'kubectl-client-side-apply')).toContain('"f:image"');
    expect(fieldsOf(out, 'sextant')).toContain('"f:image"');
  });

  it('shares fields applied with the value they already have', () => {
    const out = applied(clientSideApplied(), manifest(2), 'sextant');
    expect(entries(out).map((e) => [e.manager, e.operation])).toEqual([
      ['sextant', 'Apply'],
      ['kubectl-client-side-apply', 'Update'],
    ]);
    expect(fieldsOf(out, 'sextant')).toBe(
      JSON.stringify({
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': {
                'k:{"name":"web"}': {
                  '.': {},
                  'f:image': {},
                  'f:name': {},
                  'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                },
              },
            },
          },
        },
      }),
    );
    // Nothing changed, so the apiserver does not stamp the new entry with a time.
    expect(entry(out, 'sextant')?.time).toBeUndefined();
  });

  it('lets `kubectl apply --server-side` (manager "kubectl") take over without conflicts and syncs the annotation', () => {
    const out = applied(clientSideApplied(), manifest(3), 'kubectl');
    expect(spec(out).replicas).toBe(3);
    expect(fieldsOf(out, 'kubectl')).toContain('"f:replicas"');
    const annotation = ((out.metadata as Obj).annotations as Obj)[LAST_APPLIED] as string;
    expect(annotation.endsWith('\n')).toBe(true);
    expect(JSON.parse(annotation)).toEqual(manifest(3));
    expect(annotation.startsWith('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels"')).toBe(true);
  });

  it('writes the annotation as Go would, escaping HTML characters', () => {
    const config = manifest(2);
    labels(config).note = 'a&b';
    const out = applied(clientSideApplied(), config, 'kubectl');
    expect(((out.metadata as Obj).annotations as Obj)[LAST_APPLIED]).toContain('"note":"a\\u0026b"');
  });

  it('still conflicts for "kubectl" when the live value no longer matches the annotation', () => {
    const drifted = structuredClone(clientSideApplied());
    spec(drifted).replicas = 5;
    const live = recordUpdate({
      before: clientSideApplied(),
      after: drifted,
      manager: 'kubectl-client-side-apply',
      lists,
      apiVersion: 'apps/v1',
      now: T1,
    });
    const r = apply(live, manifest(3), 'kubectl');
    expect(r.conflicts.map((c) => c.field)).toEqual(['.spec.replicas']);
  });
});

describe('serverSideApply rejections', () => {
  function failure(config: Obj): ApiError {
    try {
      apply(undefined, config, 'sextant');
    } catch (e) {
      if (e instanceof ApiError) return e;
      throw e;
    }
    throw new Error('applied');
  }

  it('refuses managedFields in the config', () => {
    const m = manifest();
    (m.metadata as Obj).managedFields = [];
    expect(failure(m).message).toBe('metadata.managedFields must be nil');
    expect(failure(m).code).toBe(400);
  });

  it('refuses duplicate and unkeyed list items as the typed conversion does', () => {
    const dup = manifest();
    ((spec(dup).template as Obj).spec as Obj).containers = [{ name: 'web' }, { name: 'web' }];
    expect(failure(dup).message).toBe(
      'failed to create typed patch object (demo/web; apps/v1, Kind=Deployment): ' +
        '.spec.template.spec.containers: duplicate entries for key [name="web"]',
    );
    const unnamed = manifest();
    ((spec(unnamed).template as Obj).spec as Obj).containers = [{ image: 'x' }];
    expect(failure(unnamed).message).toContain(
      '.spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name"',
    );
  });
});
