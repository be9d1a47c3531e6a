/**
 * Pod health, following Argo CD: a container stuck waiting on an error (CrashLoopBackOff, ImagePullBackOff,
 * ErrImagePull, CreateContainerConfigError, ...) is Degraded at once rather than after a deadline, because
 * it will not fix itself. That shortcut applies only to restartPolicy Always: run-to-completion pods are
 * typically hooks, and failing a hook on a transient pull error would end the sync early.
 */
import type { Obj } from '../snapshot.js';
import { degraded, healthy, progressing, unknown, type Health } from './health.js';
import { field, findCondition, formatAge, list, nameOf, str } from './read-fields.js';

/** Waiting reasons that mean "stuck until something changes", as Argo CD matches them. */
function isStuckReason(reason: string): boolean {
  return reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff');
}

function containerStatuses(obj: Obj): unknown[] {
  return [...list(obj, 'status', 'initContainerStatuses'), ...list(obj, 'status', 'containerStatuses')];
}

/** "container app: CrashLoopBackOff (back-off 5m0s restarting failed container...)" for each stuck container. */
function stuckContainers(obj: Obj): string[] {
  const out: string[] = [];
  for (const cs of containerStatuses(obj)) {
    const reason = str(cs, 'state', 'waiting', 'reason') ?? '';
    if (!isStuckReason(reason)) continue;
    const message = str(cs, 'state', 'waiting', 'message');
    out.push(`container ${str(cs, 'name') ?? '?'}: ${reason}${message ? ` (${message})` : ''}`);
  }
  return out;
}

/** Why a failed pod failed: the pod's own message, or each container's non-zero exit. */
function failureReason(obj: Obj): string {
  const message = str(obj, 'status', 'message') ?? str(obj, 'status', 'reason');
  if (message) return message;
  const exits: string[] = [];
  for (const cs of containerStatuses(obj)) {
    const terminated = field(cs, 'state', 'terminated');
    const code = field(terminated, 'exitCode');
    if (typeof code === 'number' && code !== 0) {
      exits.push(
        `container ${str(cs, 'name') ?? '?'} exited with code ${code} (${str(terminated, 'reason') ?? 'Error'})`,
      );
    }
  }
  return exits.join(', ') || 'pod failed';
}

export function assessPod(obj: Obj, now?: Date): Health {
  const name = nameOf(obj);
  const restartPolicy = str(obj, 'spec', 'restartPolicy') ?? 'Always';
  if (restartPolicy === 'Always') {
    const stuck = stuckContainers(obj);
    if (stuck.length > 0) return degraded(`pod "${name}": ${stuck.join('; ')}`);
  }
  const phase = str(obj, 'status', 'phase');
  switch (phase) {
    case undefined:
    case 'Pending': {
      const scheduled = findCondition(obj, 'PodScheduled');
      const why = scheduled?.status === 'False' && scheduled.message ? `: ${scheduled.message}` : '';
      const age = formatAge(str(obj, 'metadata', 'creationTimestamp'), now);
      return progressing(`pod "${name}" is pending${age ? ` for ${age}` : ''}${why}`);
    }
    case 'Succeeded':
      return healthy(`pod "${name}" completed successfully`);
    case 'Failed':
      return degraded(`pod "${name}" failed: ${failureReason(obj)}`);
    case 'Running': {
      // Run-to-completion pods (hooks) are healthy only once they succeed.
      if (restartPolicy !== 'Always') return progressing(`pod "${name}" is running`);
      if (findCondition(obj, 'Ready')?.status === 'True') return healthy(`pod "${name}" is running and ready`);
      const crashed = containerStatuses(obj).filter((cs) => field(cs, 'lastState', 'terminated') !== undefined);
      if (crashed.length > 0) {
        const names = crashed.map((cs) => str(cs, 'name') ?? '?').join(', ');
        return degraded(`pod "${name}" is not ready and container ${names} has restarted`);
      }
      return progressing(`pod "${name}" is running but not ready yet`);
    }
    default:
      return unknown(
        `pod "${name}" is in phase ${phase}${str(obj, 'status', 'message') ? `: ${str(obj, 'status', 'message')}` : ''}`,
      );
  }
}
