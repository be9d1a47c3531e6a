/**
 * The `sextant.dev/health` annotation on objects whose health can change, so `kubectl get -L
 * sextant.dev/health` shows it. Written by its own field manager (`sextant-status`) and only when the
 * value changes, so it is never drift, never fights the `sextant` manager, and costs nothing when stable.
 */
import type { KubeObject } from '../../adapters/kube/kube-client.js';
import { groupOf } from '../../core/api-version.js';
import { assessHealth } from '../../core/health/assess.js';
import type { HealthStatus } from '../../core/health/health.js';
import { isObj } from '../../core/snapshot.js';
import type { AppInspection } from './inspect-app.js';
import type { SyncCluster } from './sync-types.js';

export const HEALTH_ANNOTATION = 'sextant.dev/health';
export const STATUS_FIELD_MANAGER = 'sextant-status';

const CHANGING_KINDS = new Set([
  'apps/Deployment',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'apps/ReplicaSet',
  '/Pod',
  'batch/Job',
  'batch/CronJob',
  '/PersistentVolumeClaim',
  '/Service',
  'networking.k8s.io/Ingress',
  'autoscaling/HorizontalPodAutoscaler',
]);

export function hasChangingHealth(apiVersion: string, kind: string): boolean {
  return CHANGING_KINDS.has(`${groupOf(apiVersion)}/${kind}`);
}

/**
 * Brings the annotation up to date on every declared object of an inspection. Health is assessed only for
 * kinds whose health can change, so an app of ConfigMaps costs nothing here. Failures go to `warn`:
 * an annotation is a convenience and never fails a sync.
 */
export async function writeHealthAnnotations(
  cluster: SyncCluster,
  inspection: AppInspection,
  now: Date,
  warn: (message: string, err: unknown) => void,
): Promise<void> {
  for (const d of inspection.declared) {
    if (d.hook || !d.live || !hasChangingHealth(d.resource.apiVersion, d.resource.kind)) continue;
    try {
      await writeHealthAnnotation(cluster, d.live, assessHealth(d.live, now).status);
    } catch (e) {
      warn(`could not write the health annotation of ${d.resource.kind}/${d.resource.name}`, e);
    }
  }
}

/** Writes the annotation when the live value differs; returns whether it wrote. */
export async function writeHealthAnnotation(
  cluster: SyncCluster,
  live: KubeObject,
  health: HealthStatus,
): Promise<boolean> {
  const { apiVersion, kind } = live;
  const meta = isObj(live.metadata) ? live.metadata : {};
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !hasChangingHealth(apiVersion, kind)) return false;
  const annotations = isObj(meta.annotations) ? meta.annotations : {};
  if (annotations[HEALTH_ANNOTATION] === health || meta.deletionTimestamp !== undefined) return false;
  const metadata: Record<string, unknown> = { name: meta.name, annotations: { [HEALTH_ANNOTATION]: health } };
  if (typeof meta.namespace === 'string') metadata.namespace = meta.namespace;
  // The uid pins the write to the object we judged: a recreated object is not annotated by mistake.
  metadata.uid = meta.uid;
  await cluster.apply({ apiVersion, kind, metadata }, { fieldManager: STATUS_FIELD_MANAGER, force: true });
  return true;
}
