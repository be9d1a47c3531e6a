/**
 * ControllerRevisions as StatefulSets and DaemonSets keep them (pkg/controller/history): the pod
 * template stored as a replace-patch, named <owner>-<hash of that patch>, numbered upward, the
 * newest matching one reused, and history beyond revisionHistoryLimit pruned.
 */
import { clone, nameOf, namespaceOf, type Obj, type ResourceType } from '../model.js';
import { intAt, objAt, stableStringify, uidOf } from './fields.js';
import { computeHash } from './naming.js';
import { controllerRefTo, isControlledBy } from './ownership.js';
import { CONTROLLER_MANAGER, type Runtime } from './runtime.js';

export const REVISION_HASH_LABEL = 'controller-revision-hash';

export interface Revisions {
  /** The revision matching the owner's current template. */
  update: Obj;
  all: Obj[];
  /** The hash part of update's name. */
  hash: string;
}

function patchOf(template: unknown): Obj {
  return { spec: { template: { ...clone(objAt({ t: template }, 't')), $patch: 'replace' } } };
}

export function templateOf(revision: Obj): Obj {
  const tpl = clone(objAt(revision, 'data.spec.template'));
  delete tpl.$patch;
  return tpl;
}

const numberOf = (r: Obj): number => intAt(r, 'revision') ?? 0;

export function ensureRevision(rt: Runtime, owner: Obj, ownerType: ResourceType): Revisions {
  const t = rt.type('apps/v1', 'ControllerRevision');
  const ns = namespaceOf(owner);
  const all = rt.cluster
    .list(t, ns)
    .filter((r) => isControlledBy(r, uidOf(owner)))
    .sort((a, b) => numberOf(a) - numberOf(b));
  const data = patchOf(objAt(owner, 'spec.template'));
  const collisions = intAt(owner, 'status.collisionCount') ?? 0;
  const hash = computeHash(data, collisions);
  const latest = all.at(-1);
  const next = (latest ? numberOf(latest) : 0) + 1;
  const equal = all.filter((r) => stableStringify(r.data) === stableStringify(data));
  const match = equal.at(-1);
  if (match && match === latest) return { update: match, all, hash: hashOf(match, nameOf(owner)) };
  if (match) {
    // Rolling back to an earlier template makes that revision the newest again.
    const bumped = rt.cluster.update(t, { ...clone(match), revision: next }, { manager: CONTROLLER_MANAGER });
    return { update: bumped, all: all.map((r) => (r === match ? bumped : r)), hash: hashOf(bumped, nameOf(owner)) };
  }
  const labels = { ...objAt(owner, 'spec.template.metadata.labels'), 'controller.kubernetes.io/hash': hash };
  const created = rt.cluster.create(
    t,
    {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: `${nameOf(owner).slice(0, 223)}-${hash}`,
        namespace: ns,
        labels,
        ownerReferences: [controllerRefTo(owner, ownerType)],
      },
      data,
      revision: next,
    },
    { manager: CONTROLLER_MANAGER },
  );
  return { update: created, all: [...all, created], hash };
}

function hashOf(revision: Obj, owner: string): string {
  const labelled = objAt(revision, 'metadata.labels')['controller.kubernetes.io/hash'];
  return typeof labelled === 'string' ? labelled : nameOf(revision).slice(owner.length + 1);
}

/** Deletes the oldest revisions no pod uses, beyond the owner's revisionHistoryLimit. */
export function pruneRevisions(rt: Runtime, owner: Obj, revisions: Obj[], live: Set<string>): void {
  const t = rt.type('apps/v1', 'ControllerRevision');
  const limit = intAt(owner, 'spec.revisionHistoryLimit') ?? 10;
  const idle = revisions.filter((r) => !live.has(nameOf(r)));
  for (const r of idle.slice(0, Math.max(0, idle.length - limit))) {
    rt.remove(t, namespaceOf(r), nameOf(r));
  }
}
