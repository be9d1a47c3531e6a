/**
 * Health of any other object, as kstatus judges custom resources: an unobserved generation is in progress;
 * the standard Reconciling and Stalled conditions, then Ready and Available, decide; an object without
 * status (ConfigMap, Secret, RBAC) or without conditions is Healthy as soon as it exists.
 */
import type { Obj } from '../snapshot.js';
import { degraded, healthy, progressing, type Health } from './health.js';
import { describeCondition, findCondition, field, isGenerationPending, str } from './read-fields.js';

/**
 * Reasons that controllers (Flux, cert-manager, Crossplane, Cluster API...) put on a False Ready condition
 * while work is still under way; any other reason on a False Ready means the object is failing.
 */
const IN_PROGRESS_REASON =
  /progress|reconcil|pending|creating|updating|provision|waiting|issuing|initializ|deploying|scaling|notready(yet)?$|dependencynotready|starting/i;

export function assessGeneric(obj: Obj): Health {
  const kind = str(obj, 'kind') ?? 'object';
  const ref = `${kind.toLowerCase()} "${str(obj, 'metadata', 'name') ?? ''}"`;
  if (field(obj, 'status') === undefined) return healthy(`${ref} exists`);
  if (isGenerationPending(obj)) return progressing(`Waiting for ${ref} spec update to be observed...`);
  const stalled = findCondition(obj, 'Stalled');
  if (stalled?.status === 'True') return degraded(`${ref} is stalled: ${describeCondition(stalled)}`);
  const reconciling = findCondition(obj, 'Reconciling');
  if (reconciling?.status === 'True') return progressing(`${ref} is reconciling: ${describeCondition(reconciling)}`);
  for (const type of ['Ready', 'Available']) {
    const c = findCondition(obj, type);
    if (c === undefined) continue;
    if (c.status === 'True') return healthy(`${ref} is ${type.toLowerCase()}${c.message ? `: ${c.message}` : ''}`);
    if (c.status === 'False' && !IN_PROGRESS_REASON.test(c.reason)) {
      return degraded(`${ref} is not ${type.toLowerCase()}: ${describeCondition(c)}`);
    }
    return progressing(`${ref} is not ${type.toLowerCase()} yet: ${describeCondition(c)}`);
  }
  return healthy(`${ref} exists`);
}
