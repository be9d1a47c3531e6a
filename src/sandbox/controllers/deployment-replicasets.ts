/**
 * The ReplicaSets of one Deployment, as the deployment controller manages them: finding the one
 * whose template matches (ignoring pod-template-hash), creating it as <deploy>-<hash> with the
 * revision annotations, keeping revisions numbered, resizing with ScalingReplicaSet events, and
 * pruning history beyond revisionHistoryLimit.
 */
import { ApiError } from '../errors.js';
import { clone, metaOf, nameOf, namespaceOf, type Obj } from '../model.js';
import { annotationsOf, deepEqual, intAt, objAt, uidOf } from './fields.js';
import { findCondition, setCondition } from './conditions.js';
import {
  DESIRED_REPLICAS,
  HASH_LABEL,
  MAX_REPLICAS,
  REVISION,
  byCreation,
  desiredReplicas,
  maxSurge,
  newRSNewReplicas,
  specReplicas,
  statusReplicas,
} from './deployment-rollout.js';
import { progressDeadlineSeconds } from './deployment-status.js';
import { computeHash } from './naming.js';
import { controllerRefTo, isControlledBy, isDeleting } from './ownership.js';
import { CONTROLLER_MANAGER, type Runtime } from './runtime.js';

export const SOURCE = { component: 'deployment-controller' };
const SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

function withoutHash(template: unknown): unknown {
  const t = clone(template);
  const labels = objAt(t, 'metadata.labels');
  delete labels[HASH_LABEL];
  return t;
}

const revisionOf = (rs: Obj): number => Number(annotationsOf(rs)[REVISION] ?? 0) || 0;

export interface Sets {
  newRS: Obj | undefined;
  old: Obj[];
}

export interface ReplicaSetOps {
  scaleRS: (d: Obj, rs: Obj, size: number) => Obj;
  writeStatus: (d: Obj, status: Obj) => Obj;
  syncRevision: (d: Obj, rsList: Obj[], create: boolean) => { d: Obj; sets: Sets };
  cleanup: (d: Obj, old: Obj[]) => void;
}

export function replicaSetOps(rt: Runtime): ReplicaSetOps {
  const dType = () => rt.type('apps/v1', 'Deployment');
  const rsType = () => rt.type('apps/v1', 'ReplicaSet');

  /** Updates the ReplicaSet's size and replica annotations; records ScalingReplicaSet when the size moves. */
  function scaleRS(d: Obj, rs: Obj, size: number): Obj {
    const next = clone(rs);
    const from = specReplicas(rs);
    (next.spec as Obj).replicas = size;
    const ann = { ...annotationsOf(next) };
    ann[DESIRED_REPLICAS] = String(desiredReplicas(d));
    ann[MAX_REPLICAS] = String(desiredReplicas(d) + maxSurge(d));
    metaOf(next).annotations = ann;
    if (deepEqual(next, rs)) return rs;
    const out = rt.cluster.update(rsType(), next, { manager: CONTROLLER_MANAGER });
    if (from !== size) {
      const how = size > from ? 'up' : 'down';
      rt.recorder.normal(
        d,
        SOURCE,
        'ScalingReplicaSet',
        `Scaled ${how} replica set ${nameOf(rs)} from ${from} to ${size}`,
      );
    }
    return out;
  }

  /**
   * The deployment controller stores the revision annotation with UpdateStatus (the Deployment
   * status strategy keeps annotations), so it does not bump metadata.generation. An API that drops
   * metadata from status writes gets a plain update instead.
   */
  function setRevisionAnnotation(d: Obj, revision: string): Obj {
    if (annotationsOf(d)[REVISION] === revision) return d;
    const annotate = (o: Obj): Obj => {
      const next = clone(o);
      metaOf(next).annotations = { ...annotationsOf(o), [REVISION]: revision };
      return next;
    };
    const viaStatus = rt.cluster.update(dType(), annotate(d), { manager: CONTROLLER_MANAGER, subresource: 'status' });
    if (annotationsOf(viaStatus)[REVISION] === revision) return viaStatus;
    return rt.cluster.update(dType(), annotate(viaStatus), { manager: CONTROLLER_MANAGER });
  }

  function writeStatus(d: Obj, status: Obj): Obj {
    return rt.writeStatus(dType(), d, status);
  }

  /** getAllReplicaSetsAndSyncRevision; `d` is returned too because revision bookkeeping writes it. */
  function syncRevision(d: Obj, rsList: Obj[], create: boolean): { d: Obj; sets: Sets } {
    const sorted = [...rsList].sort(byCreation);
    const template = objAt(d, 'spec.template');
    let newRS = sorted.find((rs) => deepEqual(withoutHash(objAt(rs, 'spec.template')), template));
    const old = sorted.filter((rs) => rs !== newRS);
    const newRevision = String(Math.max(0, ...old.map(revisionOf)) + 1);
    if (newRS) {
      const next = clone(newRS);
      const ann = { ...annotationsOf(next) };
      for (const [k, v] of Object.entries(annotationsOf(d))) if (!SKIPPED_ANNOTATIONS.has(k)) ann[k] = v;
      if (revisionOf(newRS) < Number(newRevision)) {
        const prior = annotationsOf(newRS)[REVISION];
        if (prior) {
          const history = annotationsOf(newRS)['deployment.kubernetes.io/revision-history'];
          ann['deployment.kubernetes.io/revision-history'] = history ? `${history},${prior}` : prior;
        }
        ann[REVISION] = newRevision;
      }
      metaOf(next).annotations = ann;
      (next.spec as Obj).minReadySeconds = intAt(d, 'spec.minReadySeconds') ?? 0;
      if (!deepEqual(next, newRS)) newRS = rt.cluster.update(rsType(), next, { manager: CONTROLLER_MANAGER });
      d = setRevisionAnnotation(d, annotationsOf(newRS)[REVISION] ?? newRevision);
      const status = clone(objAt(d, 'status'));
      if (progressDeadlineSeconds(d) !== undefined && !findCondition(status, 'Progressing')) {
        const message = `Found new replica set "${nameOf(newRS)}"`;
        setCondition(
          status,
          { type: 'Progressing', status: 'True', reason: 'FoundNewReplicaSet', message },
          rt.nowIso(),
          'deployment',
        );
        d = writeStatus(d, status);
      }
      return { d, sets: { newRS, old } };
    }
    if (!create) return { d, sets: { newRS: undefined, old } };
    const created = createNewRS(d, old, newRevision);
    if (!created) return { d, sets: { newRS: undefined, old } };
    d = setRevisionAnnotation(created.d, newRevision);
    if (progressDeadlineSeconds(d) !== undefined) {
      const status = clone(objAt(d, 'status'));
      const message = `Created new replica set "${nameOf(created.rs)}"`;
      setCondition(
        status,
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message },
        rt.nowIso(),
        'deployment',
      );
      d = writeStatus(d, status);
    }
    return { d, sets: { newRS: created.rs, old } };
  }

  function createNewRS(d: Obj, old: Obj[], revision: string): { d: Obj; rs: Obj } | undefined {
    const collisions = intAt(d, 'status.collisionCount') ?? 0;
    const template = objAt(d, 'spec.template');
    const hash = computeHash(template, collisions);
    const name = `${nameOf(d)}-${hash}`;
    const tpl = clone(template);
    const tplMeta = objAt(tpl, 'metadata');
    tpl.metadata = { ...tplMeta, labels: { ...objAt(tplMeta, 'labels'), [HASH_LABEL]: hash } };
    const selector = clone(objAt(d, 'spec.selector'));
    selector.matchLabels = { ...objAt(selector, 'matchLabels'), [HASH_LABEL]: hash };
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(annotationsOf(d))) if (!SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
    annotations[DESIRED_REPLICAS] = String(desiredReplicas(d));
    annotations[MAX_REPLICAS] = String(desiredReplicas(d) + maxSurge(d));
    annotations[REVISION] = revision;
    const replicas = newRSNewReplicas(d, old, undefined);
    const rs: Obj = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: namespaceOf(d),
        labels: { ...objAt(tplMeta, 'labels'), [HASH_LABEL]: hash },
        annotations,
        ownerReferences: [controllerRefTo(d, dType())],
      },
      spec: { replicas, minReadySeconds: intAt(d, 'spec.minReadySeconds') ?? 0, selector, template: tpl },
    };
    try {
      const made = rt.cluster.create(rsType(), rs, { manager: CONTROLLER_MANAGER });
      if (replicas > 0) {
        rt.recorder.normal(d, SOURCE, 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
      }
      return { d, rs: made };
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 409)) throw err;
      const existing = rt.cluster.get(rsType(), namespaceOf(d), name);
      if (
        existing &&
        isControlledBy(existing, uidOf(d)) &&
        deepEqual(withoutHash(objAt(existing, 'spec.template')), template)
      ) {
        return { d, rs: existing };
      }
      // A different ReplicaSet holds the name: bump collisionCount so the next hash differs.
      const status = { ...clone(objAt(d, 'status')), collisionCount: collisions + 1 };
      writeStatus(d, status);
      return undefined;
    }
  }

  function cleanup(d: Obj, old: Obj[]): void {
    const limit = intAt(d, 'spec.revisionHistoryLimit') ?? 10;
    const cleanable = old.filter((rs) => !isDeleting(rs));
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    const byRevision = [...cleanable].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const rs of byRevision.slice(0, diff)) {
      const busy = statusReplicas(rs) !== 0 || specReplicas(rs) !== 0;
      const unobserved = (intAt(rs, 'metadata.generation') ?? 1) > (intAt(rs, 'status.observedGeneration') ?? 0);
      if (busy || unobserved) continue;
      rt.remove(rsType(), namespaceOf(rs), nameOf(rs));
    }
  }

  return { scaleRS, writeStatus, syncRevision, cleanup };
}
