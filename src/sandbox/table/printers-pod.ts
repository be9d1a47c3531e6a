/**
 * The Pod printer (printPod in pkg/printers/internalversion): READY "1/2", the aggregate STATUS
 * (Running, Completed, CrashLoopBackOff, Init:0/1, Terminating, ...), RESTARTS "3 (5m ago)",
 * and the wide IP / NODE / NOMINATED NODE / READINESS GATES columns.
 */
import type { Obj } from '../model.js';
import { formatHumanDuration, formatTimestampSince, parseTimestamp } from './age.js';
import { AGE_COLUMN, NAME_COLUMN, defineColumn, type Printer, type RowCondition } from './columns.js';
import { isDeleting, readInt, readObjects, readPath, readString } from './format.js';

const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

/** Latest of two Go times where undefined is the zero time (time.Time{}.Before(x) for any set x). */
function laterOf(current: number | undefined, candidate: number | undefined): number | undefined {
  if (candidate === undefined) return current;
  return current === undefined || current < candidate ? candidate : current;
}

function lastTerminationFinishedAt(status: Obj): number | undefined {
  const terminated = readPath(status, 'lastState', 'terminated');
  if (terminated === undefined || terminated === null) return undefined;
  return parseTimestamp(readPath(terminated, 'finishedAt'));
}

function isRestartableInitContainer(container: Obj | undefined): boolean {
  return container !== undefined && readString(container, 'restartPolicy') === 'Always';
}

function hasCondition(pod: Obj, type: string): boolean {
  const cond = readObjects(pod, 'status', 'conditions').find((c) => readString(c, 'type') === type);
  return cond !== undefined && readString(cond, 'status') === 'True';
}

function formatTerminatedReason(terminated: unknown, prefix: string): string {
  const reason = readString(terminated, 'reason');
  if (reason !== '') return prefix + reason;
  const signal = readInt(terminated, 'signal');
  return signal !== 0 ? `${prefix}Signal:${signal}` : `${prefix}ExitCode:${readInt(terminated, 'exitCode')}`;
}

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  lastRestart: number | undefined;
}

function summarizePod(pod: Obj): PodSummary {
  const phase = readString(pod, 'status', 'phase') || 'Pending';
  let reason = readString(pod, 'status', 'reason') || phase;
  for (const c of readObjects(pod, 'status', 'conditions')) {
    if (readString(c, 'type') === 'PodScheduled' && readString(c, 'reason') === 'SchedulingGated') {
      reason = 'SchedulingGated';
    }
  }

  const specInit = readObjects(pod, 'spec', 'initContainers');
  const initByName = new Map(specInit.map((c) => [readString(c, 'name'), c]));
  const total = readObjects(pod, 'spec', 'containers').length + specInit.filter(isRestartableInitContainer).length;
  let ready = 0;
  let restarts = 0;
  let lastRestart: number | undefined;
  let sidecarRestarts = 0;
  let sidecarLastRestart: number | undefined;

  let initializing = false;
  const initStatuses = readObjects(pod, 'status', 'initContainerStatuses');
  for (const [i, cs] of initStatuses.entries()) {
    const count = readInt(cs, 'restartCount');
    restarts += count;
    lastRestart = laterOf(lastRestart, lastTerminationFinishedAt(cs));
    const restartable = isRestartableInitContainer(initByName.get(readString(cs, 'name')));
    if (restartable) {
      sidecarRestarts += count;
      sidecarLastRestart = laterOf(sidecarLastRestart, lastTerminationFinishedAt(cs));
    }
    const terminated = readPath(cs, 'state', 'terminated');
    const waitingReason = readString(cs, 'state', 'waiting', 'reason');
    if (terminated !== undefined && terminated !== null && readInt(terminated, 'exitCode') === 0) continue;
    if (restartable && readPath(cs, 'started') === true) {
      if (readPath(cs, 'ready') === true) ready++;
      continue;
    }
    if (terminated !== undefined && terminated !== null) {
      reason = formatTerminatedReason(terminated, 'Init:');
    } else if (waitingReason !== '' && waitingReason !== 'PodInitializing') {
      reason = `Init:${waitingReason}`;
    } else {
      reason = `Init:${i}/${specInit.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = sidecarLastRestart;
    let hasRunning = false;
    const statuses = readObjects(pod, 'status', 'containerStatuses');
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] as Obj;
      restarts += readInt(cs, 'restartCount');
      lastRestart = laterOf(lastRestart, lastTerminationFinishedAt(cs));
      const waitingReason = readString(cs, 'state', 'waiting', 'reason');
      const terminated = readPath(cs, 'state', 'terminated');
      const hasTerminated = terminated !== undefined && terminated !== null;
      const running = readPath(cs, 'state', 'running');
      if (waitingReason !== '') {
        reason = waitingReason;
      } else if (hasTerminated) {
        reason = formatTerminatedReason(terminated, '');
      } else if (readPath(cs, 'ready') === true && running !== undefined && running !== null) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (isDeleting(pod) && readString(pod, 'status', 'reason') === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (isDeleting(pod) && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }
  return { ready, total, reason, restarts, lastRestart };
}

function formatReadinessGates(pod: Obj): string {
  const gates = readObjects(pod, 'spec', 'readinessGates');
  if (gates.length === 0) return '<none>';
  const conditions = readObjects(pod, 'status', 'conditions');
  let trueCount = 0;
  for (const gate of gates) {
    const cond = conditions.find((c) => readString(c, 'type') === readString(gate, 'conditionType'));
    if (cond !== undefined && readString(cond, 'status') === 'True') trueCount++;
  }
  return `${trueCount}/${gates.length}`;
}

function formatPodIP(pod: Obj): string {
  // The v1->internal conversion makes status.podIP authoritative over podIPs[0].
  return readString(pod, 'status', 'podIP') || readString(pod, 'status', 'podIPs', 0, 'ip') || '<none>';
}

export const POD_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    defineColumn('Status', 'string', 'The aggregate status of the containers in this pod.'),
    defineColumn(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE_COLUMN,
    defineColumn(
      'IP',
      'string',
      'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      { priority: 1 },
    ),
    defineColumn('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', { priority: 1 }),
    defineColumn(
      'Nominated Node',
      'string',
      'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.',
      { priority: 1 },
    ),
    defineColumn(
      'Readiness Gates',
      'string',
      'If specified, all readiness gates will be evaluated for pod readiness.',
      { priority: 1 },
    ),
  ],
  cells(pod, now) {
    const s = summarizePod(pod);
    const restarts =
      s.restarts !== 0 && s.lastRestart !== undefined
        ? `${s.restarts} (${formatHumanDuration(now.getTime() - s.lastRestart)} ago)`
        : String(s.restarts);
    return [
      readString(pod, 'metadata', 'name'),
      `${s.ready}/${s.total}`,
      s.reason,
      restarts,
      formatTimestampSince(readPath(pod, 'metadata', 'creationTimestamp'), now),
      formatPodIP(pod),
      readString(pod, 'spec', 'nodeName') || '<none>',
      readString(pod, 'status', 'nominatedNodeName') || '<none>',
      formatReadinessGates(pod),
    ];
  },
  conditions(pod): RowCondition[] | undefined {
    switch (readString(pod, 'status', 'phase')) {
      case 'Succeeded':
        return [
          { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
        ];
      case 'Failed':
        return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
      default:
        return undefined;
    }
  },
};
