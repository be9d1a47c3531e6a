/**
 * Inspect an app against the live state: follow every type it declares or applied before, diff each
 * declared object (hooks aside: they are run, not kept), and find the Extraneous objects: live, carrying
 * this app's tracking id, gone from Git. Reads only the informer cache after the first list of a type.
 */
import type { KubeObject } from '../../adapters/kube/kube-client.js';
import { isKubeError } from '../../adapters/kube/kube-error.js';
import { diffObject, type ObjectDiff } from '../../core/diff/diff-object.js';
import { readHook } from '../../core/plan/read-annotations.js';
import { isObj, type App, type Obj, type Resource } from '../../core/snapshot.js';
import { TRACKING_ANNOTATION, trackingId, withTracking } from './tracking.js';
import type { LiveState } from './sync-types.js';

export const FIELD_MANAGER = 'sextant';

export interface TypeRef {
  apiVersion: string;
  kind: string;
}

export interface DeclaredObject {
  resource: Resource;
  /** The manifest with tracking metadata, as sync applies it (without the per-sync annotations). */
  desired: Obj;
  live?: KubeObject;
  /** Hooks are not diffed: undefined for them. */
  diff?: ObjectDiff;
  hook: boolean;
}

export interface ExtraneousObject {
  /** A resource made from the live object, so the planner can order its prune. */
  resource: Resource;
  live: KubeObject;
  diff: ObjectDiff;
}

export interface AppInspection {
  declared: DeclaredObject[];
  extraneous: ExtraneousObject[];
  /** Live objects carrying this app's tracking id. */
  tracked: number;
  /** Declared types the API server does not serve yet (a CRD the sync itself creates). */
  pendingTypes: TypeRef[];
}

function metaOf(o: Obj): Obj {
  return isObj(o.metadata) ? o.metadata : {};
}

function typeKey(t: TypeRef): string {
  return `${t.apiVersion} ${t.kind}`;
}

/** The types to follow: declared ones first, then those the app applied before (from its last status). */
function typesOf(app: App, previous: readonly TypeRef[]): { declared: TypeRef[]; previous: TypeRef[] } {
  const declared = new Map<string, TypeRef>();
  for (const r of app.resources) declared.set(typeKey(r), { apiVersion: r.apiVersion, kind: r.kind });
  const extra = previous.filter((t) => !declared.has(typeKey(t)));
  return { declared: [...declared.values()], previous: [...new Map(extra.map((t) => [typeKey(t), t])).values()] };
}

/** Starts following the types; a type the server does not serve is reported, not fatal. */
async function followTypes(live: LiveState, types: readonly TypeRef[]): Promise<TypeRef[]> {
  const missing: TypeRef[] = [];
  await Promise.all(
    types.map(async (t) => {
      try {
        await live.track(t.apiVersion, t.kind);
      } catch (e) {
        if (isKubeError(e, 'unsupported') || isKubeError(e, 'not-found')) missing.push(t);
        else throw e;
      }
    }),
  );
  return missing;
}

export async function inspectApp(app: App, live: LiveState, previous: readonly TypeRef[] = []): Promise<AppInspection> {
  const types = typesOf(app, previous);
  const pendingTypes = await followTypes(live, types.declared);
  await followTypes(live, types.previous);
  const ignore = app.spec.ignoreDifferences;

  const declared: DeclaredObject[] = app.resources.map((resource) => {
    const desired = withTracking(app.name, resource);
    const current = live.get(resource.apiVersion, resource.kind, resource.namespace, resource.name);
    const hook = readHook(resource) !== undefined;
    const entry: DeclaredObject = { resource, desired, hook };
    if (current) entry.live = current;
    if (!hook) entry.diff = diffObject({ desired, live: current, ignore, fieldManager: FIELD_MANAGER });
    return entry;
  });

  const declaredIds = new Set(
    app.resources.map((r) => trackingId(app.name, r.apiVersion, r.kind, r.namespace, r.name)),
  );
  const extraneous: ExtraneousObject[] = [];
  let tracked = 0;
  for (const t of [...types.declared, ...types.previous]) {
    for (const obj of live.list(t.apiVersion, t.kind)) {
      const meta = metaOf(obj);
      const namespace = typeof meta.namespace === 'string' ? meta.namespace : '';
      const name = typeof meta.name === 'string' ? meta.name : '';
      const id = trackingId(app.name, t.apiVersion, t.kind, namespace, name);
      const annotations = isObj(meta.annotations) ? meta.annotations : {};
      // A copied label alone is not ownership: only the matching tracking id is.
      if (annotations[TRACKING_ANNOTATION] !== id) continue;
      tracked++;
      if (declaredIds.has(id)) continue;
      const resource: Resource = {
        apiVersion: t.apiVersion,
        kind: t.kind,
        name,
        namespace,
        object: obj,
        source: { file: `(live ${t.kind} ${namespace ? `${namespace}/` : ''}${name})`, line: 0, column: 0 },
      };
      extraneous.push({ resource, live: obj, diff: diffObject({ live: obj, ignore, fieldManager: FIELD_MANAGER }) });
    }
  }
  extraneous.sort((a, b) => a.resource.source.file.localeCompare(b.resource.source.file));
  return { declared, extraneous, tracked, pendingTypes };
}
