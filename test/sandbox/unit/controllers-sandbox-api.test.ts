import { afterEach, describe, expect, it } from 'vitest';
import { SandboxApi } from '../../../src/sandbox/api/sandbox-api.js';
import { bootstrapCluster } from '../../../src/sandbox/bootstrap.js';
import { defaultControllerOptions, startControllers } from '../../../src/sandbox/controllers/index.js';
import { nameOf } from '../../../src/sandbox/model.js';
import { builtinTypes } from '../../../src/sandbox/registry/builtin-types.js';
import { TypeRegistry } from '../../../src/sandbox/registry/type-registry.js';
import { ObjectStore } from '../../../src/sandbox/storage/store.js';
import { ManualScheduler, cond, deployment, status } from './fake-cluster.js';

// The same controllers on the real API layer: its validation, defaulting and subresource rules.
let stop: (() => void) | undefined;
afterEach(() => stop?.());

function sandbox(): { api: SandboxApi; sched: ManualScheduler; errors: unknown[] } {
  const sched = new ManualScheduler();
  const api = new SandboxApi(new ObjectStore(), new TypeRegistry(builtinTypes()), () => sched.now());
  bootstrapCluster(api);
  const errors: unknown[] = [];
  const controllers = startControllers(api, sched, {
    ...defaultControllerOptions,
    onError: (_c, _k, e) => errors.push(e),
  });
  stop = () => controllers.stop();
  return { api, sched, errors };
}

describe('controllers on the sandbox API', () => {
  it('rolls out a deployment and completes a job', () => {
    const { api, sched, errors } = sandbox();
    const t = (v: string, k: string) => api.typeFor(v, k)!;
    api.create(
      t('apps/v1', 'Deployment'),
      { apiVersion: 'apps/v1', kind: 'Deployment', ...deployment('web', 3, 'nginx:1.27') },
      { manager: 'kubectl' },
    );
    api.create(
      t('batch/v1', 'Job'),
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'once', namespace: 'default' },
        spec: {
          template: {
            spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] },
          },
        },
      },
      { manager: 'kubectl' },
    );
    sched.advance(2000);
    const d = api.get(t('apps/v1', 'Deployment'), 'default', 'web')!;
    expect(cond(d, 'Available')?.status).toBe('True');
    expect(status(d)).toMatchObject({ readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
    const pods = api.list(t('v1', 'Pod'), 'default');
    expect(pods.filter((p) => nameOf(p).startsWith('web-')).every((p) => status(p).phase === 'Running')).toBe(true);
    expect(cond(api.get(t('batch/v1', 'Job'), 'default', 'once'), 'Complete')?.status).toBe('True');
    expect(api.get(t('v1', 'Node'), '', 'sandbox-node')).toBeDefined();
    expect(errors.map((e) => String(e))).toEqual([]);
  });
});
