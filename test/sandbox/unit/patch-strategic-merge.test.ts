import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/sandbox/errors.js';
import type { Obj } from '../../../src/sandbox/model.js';
import { builtinListTypes } from '../../../src/sandbox/patch/list-types.js';
import { applyStrategicMergePatch } from '../../../src/sandbox/patch/strategic-merge.js';

const deployTypes = builtinListTypes({ group: 'apps', version: 'v1', kind: 'Deployment' });

function deployment(): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'demo', labels: { app: 'web', tier: 'front' }, finalizers: ['a', 'b'] },
    spec: {
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25',
              args: ['--a', '--b'],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              ports: [{ containerPort: 80, protocol: 'TCP' }],
            },
            { name: 'sidecar', image: 'busybox' },
          ],
          tolerations: [{ key: 'k', operator: 'Exists' }],
        },
      },
    },
  };
}

const smp = (patch: Obj, doc: Obj = deployment()): Obj => applyStrategicMergePatch(doc, patch, deployTypes);
const podSpec = (o: Obj): Obj => ((o.spec as Obj).template as Obj).spec as Obj;
const containers = (o: Obj): Obj[] => podSpec(o).containers as Obj[];
const tpl = (spec: Obj): Obj => ({ spec: { template: { spec } } });

function failure(patch: Obj): ApiError {
  try {
    smp(patch);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('patch applied');
}

describe('applyStrategicMergePatch', () => {
  it('merges containers by name, leaving the others alone', () => {
    const out = smp(tpl({ containers: [{ name: 'web', image: 'nginx:1.26' }] }));
    expect(containers(out).map((c) => [c.name, c.image])).toEqual([
      ['web', 'nginx:1.26'],
      ['sidecar', 'busybox'],
    ]);
    expect(containers(out)[0]?.args).toEqual(['--a', '--b']);
  });

  it('deletes a container with $patch: delete', () => {
    const out = smp(tpl({ containers: [{ name: 'sidecar', $patch: 'delete' }] }));
    expect(containers(out).map((c) => c.name)).toEqual(['web']);
  });

  it('replaces the whole list with a $patch: replace item', () => {
    const out = smp(tpl({ containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] }));
    expect(containers(out)).toEqual([{ name: 'only', image: 'x' }]);
  });

  it('puts new items of a merge list before the server-only ones, as apimachinery does', () => {
    const out = smp(tpl({ containers: [{ name: 'new', image: 'x' }] }));
    expect(containers(out).map((c) => c.name)).toEqual(['new', 'web', 'sidecar']);
  });

  it('honours $setElementOrder, as kubectl apply sends it', () => {
    const out = smp(
      tpl({
        '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }],
        containers: [{ name: 'web', image: 'nginx:1.26' }],
      }),
    );
    expect(containers(out).map((c) => [c.name, c.image])).toEqual([
      ['sidecar', 'busybox'],
      ['web', 'nginx:1.26'],
    ]);
  });

  it('merges env by name and ports by containerPort, and replaces lists without a strategy', () => {
    const out = smp(
      tpl({
        containers: [
          {
            name: 'web',
            args: ['--c'],
            env: [{ name: 'B', value: 'two' }],
            ports: [{ containerPort: 80, name: 'http' }],
          },
        ],
        tolerations: [{ key: 'other', operator: 'Exists' }],
      }),
    );
    const web = containers(out)[0] ?? {};
    expect(web.args).toEqual(['--c']);
    expect(web.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
    ]);
    expect(web.ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }]);
    expect(podSpec(out).tolerations).toEqual([{ key: 'other', operator: 'Exists' }]);
  });

  it('deletes keys set to null', () => {
    const out = smp({ metadata: { labels: { tier: null } }, spec: { replicas: null } });
    expect((out.metadata as Obj).labels).toEqual({ app: 'web' });
    expect(out.spec).not.toHaveProperty('replicas');
  });

  it('unions finalizers and removes them with $deleteFromPrimitiveList', () => {
    expect((smp({ metadata: { finalizers: ['b', 'c'] } }).metadata as Obj).finalizers).toEqual(['a', 'b', 'c']);
    expect((smp({ metadata: { finalizers: ['c'] } }).metadata as Obj).finalizers).toEqual(['c', 'a', 'b']);
    expect((smp({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata as Obj).finalizers).toEqual([
      'b',
    ]);
  });

  it('clears keys missing from $retainKeys (switching a Deployment to Recreate)', () => {
    const out = smp({ spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } });
    expect((out.spec as Obj).strategy).toEqual({ type: 'Recreate' });
  });

  it('replaces a map with $patch: replace and empties it with $patch: delete', () => {
    expect((smp({ metadata: { labels: { $patch: 'replace', only: 'x' } } }).metadata as Obj).labels).toEqual({
      only: 'x',
    });
    expect((smp({ metadata: { labels: { $patch: 'delete' } } }).metadata as Obj).labels).toEqual({});
  });

  it('applies the three-way patch kubectl apply computes', () => {
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [{ image: 'nginx:1.26', name: 'web' }],
          },
        },
      },
    };
    const out = smp(patch);
    expect((out.spec as Obj).replicas).toBe(3);
    expect(containers(out).map((c) => c.image)).toEqual(['nginx:1.26', 'busybox']);
    expect((out.metadata as Obj).annotations).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration': '{}\n',
    });
  });

  it('removes a container the way kubectl apply asks: a delete item alongside $setElementOrder', () => {
    const out = smp(
      tpl({ '$setElementOrder/containers': [{ name: 'web' }], containers: [{ $patch: 'delete', name: 'sidecar' }] }),
    );
    expect(containers(out).map((c) => c.name)).toEqual(['web']);
  });

  it('removes a finalizer the way kubectl apply asks', () => {
    const out = smp({
      metadata: { '$setElementOrder/finalizers': ['b'], '$deleteFromPrimitiveList/finalizers': ['a'] },
    });
    expect((out.metadata as Obj).finalizers).toEqual(['b']);
  });

  it('never mutates its inputs', () => {
    const doc = deployment();
    const patch = tpl({ containers: [{ name: 'sidecar', $patch: 'delete' }] });
    const patchCopy = structuredClone(patch);
    smp(patch, doc);
    expect(doc).toEqual(deployment());
    expect(patch).toEqual(patchCopy);
  });

  it('answers 500 when a $patch: delete item lacks the merge key', () => {
    const e = failure(tpl({ containers: [{ $patch: 'delete' }] }));
    expect(e.code).toBe(500);
    expect(e.message).toBe('map: map[$patch:delete] does not contain declared merge key: name');
  });

  it('answers 400 for a malformed $retainKeys or directive key', () => {
    expect(failure({ spec: { strategy: { $retainKeys: 'type' } } }).code).toBe(400);
    expect(failure({ spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }).message).toBe(
      'invalid patch format of retainKeys',
    );
    expect(failure({ metadata: { $deleteFromPrimitiveList: ['a'] } }).message).toBe(
      'invalid patch format of primitive list',
    );
  });

  it('rejects an unknown map directive', () => {
    expect(failure({ metadata: { labels: { $patch: 'merge' } } }).message).toBe(
      'unknown patch type: merge in map: map[$patch:merge]',
    );
  });

  it('replaces a PodDisruptionBudget selector (patchStrategy=replace)', () => {
    const pdb = { spec: { selector: { matchLabels: { app: 'web' } } } };
    const out = applyStrategicMergePatch(
      pdb,
      { spec: { selector: { matchExpressions: [{ key: 'k', operator: 'Exists' }] } } },
      builtinListTypes({ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' }),
    );
    expect((out.spec as Obj).selector).toEqual({ matchExpressions: [{ key: 'k', operator: 'Exists' }] });
  });

  it('merges Job conditions by type even though server-side apply treats them as atomic', () => {
    const job = { status: { conditions: [{ type: 'Suspended', status: 'True' }] } };
    const out = applyStrategicMergePatch(
      job,
      { status: { conditions: [{ type: 'Complete', status: 'True' }] } },
      builtinListTypes({ group: 'batch', version: 'v1', kind: 'Job' }),
    );
    expect(((out.status as Obj).conditions as Obj[]).map((c) => c.type)).toEqual(['Complete', 'Suspended']);
  });

  it('merges service ports by port', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }, { port: 443 }] } };
    const out = applyStrategicMergePatch(
      svc,
      { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
      builtinListTypes({ group: '', version: 'v1', kind: 'Service' }),
    );
    expect((out.spec as Obj).ports).toEqual([{ port: 80, targetPort: 9090, protocol: 'TCP' }, { port: 443 }]);
  });
});
