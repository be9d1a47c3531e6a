/**
 * Diff one app against the cluster: each object Git declares against its live copy, plus the
 * Extraneous objects (labelled for this app, carrying its tracking id, no longer in Git). Desired
 * objects carry the tracking metadata sync applies, so an object Sextant applied compares Synced.
 */
import type { KubeClient, KubeObject } from '../adapters/kube/kube-client.js';
import { diffObject, type ObjectDiff } from '../core/diff/diff-object.js';
import type { App, Obj, Resource } from '../core/snapshot.js';
import { groupOf } from '../core/api-version.js';
import { isObj as isRec } from '../core/snapshot.js';

export const APP_LABEL = 'sextant.dev/app';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const TRACKING_ANNOTATION = 'sextant.dev/tracking-id';
const FIELD_MANAGER = 'sextant';

export interface ObjectReport {
  apiVersion: string;
  kind: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  diff: ObjectDiff;
}

export interface AppDiff {
  app: string;
  status: 'Synced' | 'OutOfSync';
  /** Declared objects in snapshot order, then Extraneous ones. */
  objects: ObjectReport[];
}

/** `<app>:<group>/<kind>:<namespace>/<name>` as DESIGN.md defines it (core group and cluster scope are ''). */
export function trackingId(app: string, apiVersion: string, kind: string, namespace: string, name: string): string {
  return `${app}:${groupOf(apiVersion)}/${kind}:${namespace}/${name}`;
}

/** The manifest as sync applies it: Git's object plus the app label, managed-by label and tracking id. */
export function withTracking(app: string, r: Resource): Obj {
  const meta = isRec(r.object.metadata) ? r.object.metadata : {};
  const labels = isRec(meta.labels) ? meta.labels : {};
  const annotations = isRec(meta.annotations) ? meta.annotations : {};
  return {
    ...r.object,
    metadata: {
      ...meta,
      labels: { ...labels, [MANAGED_BY_LABEL]: 'sextant', [APP_LABEL]: app },
      annotations: {
        ...annotations,
        [TRACKING_ANNOTATION]: trackingId(app, r.apiVersion, r.kind, r.namespace, r.name),
      },
    },
  };
}

function identity(obj: KubeObject): { namespace: string; name: string; annotations: Obj } {
  const meta = isRec(obj.metadata) ? obj.metadata : {};
  return {
    namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
    name: typeof meta.name === 'string' ? meta.name : '',
    annotations: isRec(meta.annotations) ? meta.annotations : {},
  };
}

/** Live objects of the kinds the app declares that carry its tracking id and that Git no longer declares. */
async function findExtraneous(app: App, client: KubeClient): Promise<ObjectReport[]> {
  const kinds = new Map<string, { apiVersion: string; kind: string }>();
  for (const r of app.resources) kinds.set(`${r.apiVersion} ${r.kind}`, { apiVersion: r.apiVersion, kind: r.kind });
  const declared = new Set(app.resources.map((r) => trackingId(app.name, r.apiVersion, r.kind, r.namespace, r.name)));
  const found: ObjectReport[] = [];
  for (const { apiVersion, kind } of kinds.values()) {
    const { items } = await client.list(apiVersion, kind, { labelSelector: `${APP_LABEL}=${app.name}` });
    for (const live of items) {
      const { namespace, name, annotations } = identity(live);
      const id = trackingId(app.name, apiVersion, kind, namespace, name);
      // A copied label alone is not ownership: only the matching tracking id is.
      if (annotations[TRACKING_ANNOTATION] !== id || declared.has(id)) continue;
      const ignore = app.spec.ignoreDifferences;
      found.push({
        apiVersion,
        kind,
        namespace,
        name,
        diff: diffObject({ live, ignore, fieldManager: FIELD_MANAGER }),
      });
    }
  }
  return found.sort((a, b) => `${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.kind}/${b.namespace}/${b.name}`));
}

export async function diffApp(app: App, client: KubeClient): Promise<AppDiff> {
  const objects: ObjectReport[] = [];
  for (const r of app.resources) {
    const live = await client.get(r.apiVersion, r.kind, r.namespace || undefined, r.name);
    const diff = diffObject({
      desired: withTracking(app.name, r),
      ...(live ? { live } : {}),
      ignore: app.spec.ignoreDifferences,
      fieldManager: FIELD_MANAGER,
    });
    objects.push({ apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name, diff });
  }
  objects.push(...(await findExtraneous(app, client)));
  const status = objects.every((o) => o.diff.status === 'Synced') ? 'Synced' : 'OutOfSync';
  return { app: app.name, status, objects };
}
