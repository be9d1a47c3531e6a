/**
 * Shared fixtures for the server-side apply tests: a Deployment as kept in Git, what client-side
 * `kubectl apply` leaves behind, and shortcuts to apply and read managedFields.
 */
import { expect } from 'vitest';
import type { Obj } from '../../../src/sandbox/model.js';
import { recordUpdate, serverSideApply } from '../../../src/sandbox/patch/apply.js';
import { builtinListTypes, type ListTypeResolver } from '../../../src/sandbox/patch/list-types.js';

export const lists = builtinListTypes({ group: 'apps', version: 'v1', kind: 'Deployment' });
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const T0 = '2024-05-01T10:00:00Z';
export const T1 = '2024-05-01T11:00:00Z';
export const T2 = '2024-05-01T12:00:00Z';

/** The config a user keeps in Git. */
export function manifest(replicas = 2, image = 'nginx:1.25'): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'demo', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

/** What `kubectl apply` (client-side) leaves behind: the object with its annotation, created by kubectl-client-side-apply. */
export function clientSideApplied(replicas = 2): Obj {
  const m = manifest(replicas);
  const annotated = structuredClone(m);
  (annotated.metadata as Obj).annotations = { [LAST_APPLIED]: `${JSON.stringify(m)}\n` };
  (annotated.metadata as Obj).uid = 'uid-1';
  (annotated.metadata as Obj).resourceVersion = '10';
  (annotated.metadata as Obj).creationTimestamp = T0;
  return recordUpdate({
    before: undefined,
    after: annotated,
    manager: 'kubectl-client-side-apply',
    lists,
    apiVersion: 'apps/v1',
    now: T0,
  });
}

export function apply(
  live: Obj | undefined,
  config: Obj,
  manager: string,
  opts: { force?: boolean; now?: string; lists?: ListTypeResolver } = {},
) {
  return serverSideApply({
    live,
    config,
    manager,
    force: opts.force ?? false,
    lists: opts.lists ?? lists,
    apiVersion: String(config.apiVersion),
    now: opts.now ?? T1,
  });
}

/** Applies and fails the test on conflicts. */
export function applied(
  live: Obj | undefined,
  config: Obj,
  manager: string,
  opts: { force?: boolean; now?: string } = {},
): Obj {
  const r = apply(live, config, manager, opts);
  expect(r.conflicts).toEqual([]);
  return r.object;
}

export const entries = (o: Obj): Obj[] => ((o.metadata as Obj).managedFields as Obj[] | undefined) ?? [];
export const entry = (o: Obj, manager: string): Obj | undefined => entries(o).find((e) => e.manager === manager);
export const fieldsOf = (o: Obj, manager: string): string => JSON.stringify(entry(o, manager)?.fieldsV1 ?? null);
export const spec = (o: Obj): Obj => o.spec as Obj;
export const labels = (o: Obj): Obj => (o.metadata as Obj).labels as Obj;
