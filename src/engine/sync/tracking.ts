/**
 * How Sextant marks what it manages (DESIGN.md): the managed-by and app labels, and the tracking id that
 * proves ownership. Sync writes them, diff compares with them, prune trusts only the tracking id.
 */
import { groupOf } from '../../core/api-version.js';
import { isObj as isRec, type Obj, type Resource } from '../../core/snapshot.js';

export const APP_LABEL = 'sextant.dev/app';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const TRACKING_ANNOTATION = 'sextant.dev/tracking-id';
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
