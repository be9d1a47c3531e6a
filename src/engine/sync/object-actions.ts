/**
 * What a sync does to one object: apply it by server-side apply (or leave it when already equal) and
 * wait until it is healthy; run a hook to completion; prune an object Git dropped and wait until it is
 * gone. Every wait reads the informer cache; the DAG executor bounds it with the sync's deadline.
 */
import type { KubeObject } from '../../adapters/kube/kube-client.js';
import { isKubeError, KubeError } from '../../adapters/kube/kube-error.js';
import { assessHealth, type Health } from '../../core/health/assess.js';
import { describeResource, type PlanNode } from '../../core/plan/plan-types.js';
import { isObj, type Obj, type Resource } from '../../core/snapshot.js';
import type { Clock } from '../../ports/clock.js';
import { TRACKING_ANNOTATION } from './tracking.js';
import { FIELD_MANAGER, type DeclaredObject } from './inspect-app.js';
import type { LiveState, SyncCluster } from './sync-types.js';
import { waitForLive, type ObjectRef } from './wait-live.js';

export const FORCE_ANNOTATION = 'sextant.dev/force-conflicts';

export interface ActionContext {
  cluster: SyncCluster;
  live: LiveState;
  clock: Clock;
  /** Stamped on every object the sync writes (DESIGN.md), in the same apply. */
  stamp: { revision: string; historyRevision: number; syncedAt: string };
  forceConflicts: boolean;
  /** Last health seen per node id, so a timeout can say what the object was waiting for. */
  lastHealth: Map<string, Health>;
}

/** An object reached Degraded (or a hook failed): not retryable, the sync fails with this message. */
export class HealthFailure extends Error {
  constructor(
    message: string,
    readonly health: Health,
  ) {
    super(message);
    this.name = 'HealthFailure';
  }
}

function metaOf(o: Obj): Obj {
  return isObj(o.metadata) ? o.metadata : {};
}

function refOf(r: Resource): ObjectRef {
  return { apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name };
}

function generationOf(o: Obj): number {
  const g = metaOf(o).generation;
  return typeof g === 'number' ? g : 0;
}

/** The manifest as written: tracking metadata plus the revision annotations of DESIGN.md. */
export function stampManifest(desired: Obj, stamp: ActionContext['stamp']): Obj {
  const meta = metaOf(desired);
  const annotations = isObj(meta.annotations) ? meta.annotations : {};
  return {
    ...desired,
    metadata: {
      ...meta,
      annotations: {
        ...annotations,
        'sextant.dev/revision': stamp.revision,
        'sextant.dev/history-revision': String(stamp.historyRevision),
        'sextant.dev/synced-at': stamp.syncedAt,
      },
    },
  };
}

/** Conflicts are forced only with consent: the app's forceConflicts, or the object's own annotation. */
export function forceFor(forceConflicts: boolean, r: Resource): boolean {
  const annotations = metaOf(r.object).annotations;
  return forceConflicts || (isObj(annotations) && annotations[FORCE_ANNOTATION] === 'true');
}

/** Whether the live object already carries this manifest's tracking id: Sextant applied it before. */
function isOurs(manifest: Obj, live: KubeObject | undefined): boolean {
  const id = (o: Obj): unknown => {
    const a = metaOf(o).annotations;
    return isObj(a) ? a[TRACKING_ANNOTATION] : undefined;
  };
  return live !== undefined && id(live) !== undefined && id(live) === id(manifest);
}

/**
 * Server-side apply. A conflict on an object Sextant already manages is drift (someone scaled or edited
 * what Git declares), and reverting drift is what a sync is for: the fields are taken back by force. On
 * an object Sextant does not manage yet, another tool owns the fields: that is reported, and forced only
 * with the app's or the object's consent.
 */
async function applyManifest(
  ctx: ActionContext,
  r: Resource,
  manifest: Obj,
  live: KubeObject | undefined,
  signal: AbortSignal,
): Promise<{ written: KubeObject; note?: string }> {
  signal.throwIfAborted();
  const force = forceFor(ctx.forceConflicts, r);
  try {
    return { written: await ctx.cluster.apply(manifest, { fieldManager: FIELD_MANAGER, force }) };
  } catch (e) {
    if (!(e instanceof KubeError) || e.conflictingManagers.length === 0) throw e;
    const managers = e.conflictingManagers.join(', ');
    const fields = e.details.causes.map((c) => c.field).filter((f): f is string => typeof f === 'string' && f !== '');
    if (isOurs(manifest, live)) {
      signal.throwIfAborted();
      const written = await ctx.cluster.apply(manifest, { fieldManager: FIELD_MANAGER, force: true });
      return { written, note: `took back ${fields.join(', ') || 'fields'} from ${managers} (drift reverted)` };
    }
    throw new KubeError(
      `fields ${fields.join(', ')} are owned by ${managers}, and Sextant does not manage this object yet; it takes ` +
        `them over only when the app sets spec.syncPolicy.forceConflicts: true or the object has the annotation ` +
        `${FORCE_ANNOTATION}: "true" (${e.message})`,
      { code: e.code, causes: e.details.causes, ...(e.status ? { status: e.status } : {}), cause: e },
    );
  }
}

/**
 * Waits until the cache holds the written version (same uid, generation caught up) and it is Healthy or
 * Suspended; Degraded fails at once. `done` decides success for hooks (a Job that completed).
 */
export async function waitHealthy(
  ctx: ActionContext,
  nodeId: string,
  r: Resource,
  written: KubeObject,
  signal: AbortSignal,
): Promise<Health> {
  const uid = metaOf(written).uid;
  const generation = generationOf(written);
  // A type served only since this sync (a CR of a CRD applied before it) is followed from now on.
  await ctx.live.track(r.apiVersion, r.kind);
  return waitForLive<Health>(
    ctx.live,
    refOf(r),
    (obj) => {
      if (!obj || metaOf(obj).uid !== uid || generationOf(obj) < generation) return { done: false };
      const health = assessHealth(obj, ctx.clock.now());
      ctx.lastHealth.set(nodeId, health);
      if (health.status === 'Healthy' || health.status === 'Suspended') return { done: true, value: health };
      if (health.status === 'Degraded')
        return {
          done: true,
          error: new HealthFailure(`${describeResource(r)} is Degraded: ${health.message}`, health),
        };
      return { done: false };
    },
    signal,
  );
}

export interface ApplyResult {
  written: boolean;
  health: Health;
  note?: string;
}

/** Applies a declared object unless it is already Synced, then waits for it to be healthy. */
export async function applyObject(
  ctx: ActionContext,
  node: PlanNode,
  entry: DeclaredObject,
  signal: AbortSignal,
): Promise<ApplyResult> {
  const r = entry.resource;
  const current = ctx.live.get(r.apiVersion, r.kind, r.namespace, r.name);
  if (entry.diff?.status === 'Synced' && current) {
    return { written: false, health: await waitHealthy(ctx, node.id, r, current, signal) };
  }
  const applied = await applyManifest(ctx, r, stampManifest(entry.desired, ctx.stamp), current, signal);
  const health = await waitHealthy(ctx, node.id, r, applied.written, signal);
  return { written: true, health, ...(applied.note ? { note: applied.note } : {}) };
}

async function deleteAndWait(
  ctx: ActionContext,
  r: Resource,
  uid: unknown,
  propagationPolicy: 'Foreground' | 'Background',
  signal: AbortSignal,
): Promise<boolean> {
  signal.throwIfAborted();
  try {
    await ctx.cluster.delete(r.apiVersion, r.kind, r.namespace || undefined, r.name, {
      propagationPolicy,
      ...(typeof uid === 'string' ? { preconditions: { uid } } : {}),
    });
  } catch (e) {
    if (isKubeError(e, 'not-found')) return true;
    // The uid precondition failed: someone recreated the object since we looked; it is not ours to delete.
    if (isKubeError(e, 'conflict')) return false;
    throw e;
  }
  await waitForLive(
    ctx.live,
    refOf(r),
    (obj) => (!obj || metaOf(obj).uid !== uid ? { done: true, value: undefined } : { done: false }),
    signal,
  );
  return true;
}

/** Deletes an Extraneous object (only the very object seen, by uid) and waits until it is gone. */
export async function pruneObject(
  ctx: ActionContext,
  r: Resource,
  live: KubeObject,
  signal: AbortSignal,
): Promise<string> {
  const deleted = await deleteAndWait(ctx, r, metaOf(live).uid, 'Foreground', signal);
  return deleted ? 'pruned' : 'recreated by someone else since the sync looked; left in place';
}

/**
 * Runs a hook: removes the previous run first (BeforeHookCreation, the default), applies it, waits for
 * it to finish (a Job completes, a Pod succeeds; other kinds once healthy), then applies the delete policy.
 */
export async function runHook(
  ctx: ActionContext,
  node: PlanNode,
  entry: DeclaredObject,
  signal: AbortSignal,
): Promise<Health> {
  const r = entry.resource;
  const policies = node.hook?.deletePolicies ?? [];
  const beforeCreation = policies.length === 0 || policies.includes('BeforeHookCreation');
  await ctx.live.track(r.apiVersion, r.kind);
  const previous = ctx.live.get(r.apiVersion, r.kind, r.namespace, r.name);
  if (previous && beforeCreation) await deleteAndWait(ctx, r, metaOf(previous).uid, 'Background', signal);
  const { written } = await applyManifest(ctx, r, stampManifest(entry.desired, ctx.stamp), undefined, signal);
  try {
    const health = await waitHealthy(ctx, node.id, r, written, signal);
    if (policies.includes('HookSucceeded')) await deleteAndWait(ctx, r, metaOf(written).uid, 'Background', signal);
    return health;
  } catch (e) {
    if (e instanceof HealthFailure && policies.includes('HookFailed'))
      await deleteAndWait(ctx, r, metaOf(written).uid, 'Background', signal);
    throw e;
  }
}
