/**
 * An app's health from its objects' health: the worst one wins, so one Degraded Deployment makes
 * the app Degraded however many ConfigMaps are fine. Unknown ranks below Progressing: an object we
 * cannot judge should not hide one we know is still rolling out.
 */
import type { Health, HealthStatus } from './health.js';

const RANK: Record<HealthStatus, number> = {
  Healthy: 0,
  Suspended: 1,
  Unknown: 2,
  Progressing: 3,
  Missing: 4,
  Degraded: 5,
};

export interface NamedHealth extends Health {
  /** How the object is named to people, e.g. `Deployment/shop/web`. */
  object: string;
}

/** The worst health among the objects, with its object named; Healthy for an app with no objects. */
export function summarizeHealth(objects: readonly NamedHealth[]): Health {
  let worst: NamedHealth | undefined;
  for (const o of objects) if (!worst || RANK[o.status] > RANK[worst.status]) worst = o;
  if (!worst || worst.status === 'Healthy') {
    const n = objects.length;
    return { status: 'Healthy', message: `${n} object${n === 1 ? '' : 's'} healthy` };
  }
  const same = objects.filter((o) => o.status === worst.status).length;
  const others = same > 1 ? ` (and ${same - 1} more ${worst.status})` : '';
  return { status: worst.status, message: `${worst.object}: ${worst.message}${others}` };
}
