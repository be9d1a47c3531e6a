/**
 * The status a kubelet reports for a pod at each stage of its simulated life, as a pure function
 * of the pod and the stage's timestamps, so recomputing it never produces a spurious write.
 */
import { clone, isObj, str, type Obj } from '../model.js';
import { objAt, objsAt } from './fields.js';
import { imageIdOf, parseImage } from './images.js';
import { randomHex } from './naming.js';

export type PodStage = 'creating' | 'running' | 'pullError' | 'pullBackOff' | 'succeeded' | 'failed';

export interface PodTimeline {
  stage: PodStage;
  startedAt: string; // the kubelet picked the pod up
  runningAt: string; // containers started (or the pull failed)
  endedAt: string; // a run-to-completion pod finished
  podIP: string;
  hostIP: string;
  /** Container names whose image cannot be pulled. */
  failing: Set<string>;
  /** containerID per container name, stable for the pod's life. */
  ids: Map<string, string>;
}

export function newContainerId(): string {
  return `containerd://${randomHex(64)}`;
}

function cond(type: string, status: boolean, at: string, reason?: string, message?: string): Obj {
  const c: Obj = { type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: at };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

function containerStatus(c: Obj, tl: PodTimeline, init: boolean): Obj {
  const name = str(c.name) ?? '';
  const image = str(c.image) ?? '';
  const id = tl.ids.get(name) ?? '';
  const base: Obj = { name, image: parseImage(image).full, imageID: '', lastState: {}, ready: false, restartCount: 0 };
  const started = { ...base, containerID: id, imageID: imageIdOf(image) };
  const mounts = objsAt(c, 'volumeMounts').map((m) => ({
    mountPath: m.mountPath,
    name: m.name,
    ...(m.readOnly === true ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
  }));
  const withMounts = (s: Obj): Obj => (mounts.length > 0 ? { ...s, volumeMounts: mounts } : s);
  const sidecar = init && c.restartPolicy === 'Always';
  const fails = tl.failing.has(name);
  switch (tl.stage) {
    case 'creating':
      return withMounts({
        ...base,
        started: false,
        state: { waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' } },
      });
    case 'pullError':
    case 'pullBackOff':
    case 'running':
      if (fails && tl.stage !== 'running') {
        const ref = parseImage(image).full;
        const message =
          tl.stage === 'pullError'
            ? `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`
            : `Back-off pulling image "${image}"`;
        const reason = tl.stage === 'pullError' ? 'ErrImagePull' : 'ImagePullBackOff';
        return withMounts({ ...base, started: false, state: { waiting: { reason, message } } });
      }
      if (init && !sidecar) {
        return withMounts({
          ...started,
          ready: true,
          started: false,
          state: {
            terminated: {
              containerID: id,
              exitCode: 0,
              finishedAt: tl.runningAt,
              reason: 'Completed',
              startedAt: tl.startedAt,
            },
          },
        });
      }
      return withMounts({ ...started, ready: true, started: true, state: { running: { startedAt: tl.runningAt } } });
    case 'succeeded':
    case 'failed': {
      const failed = tl.stage === 'failed' && (fails || tl.failing.size === 0);
      const terminated: Obj = {
        containerID: id,
        exitCode: failed ? 1 : 0,
        finishedAt: init && !sidecar ? tl.runningAt : tl.endedAt,
        reason: failed ? 'Error' : 'Completed',
        startedAt: init ? tl.startedAt : tl.runningAt,
      };
      return withMounts({ ...started, ready: init && !sidecar, started: false, state: { terminated } });
    }
  }
}

function qosClassOf(spec: Obj): string {
  const containers = objsAt(spec, 'containers');
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = objAt(c, 'resources.requests');
    const lim = objAt(c, 'resources.limits');
    if (Object.keys(req).length + Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The pod's status at its current stage; fields the kubelet does not own are kept. */
export function buildPodStatus(pod: Obj, previous: Obj, tl: PodTimeline): Obj {
  const spec = objAt(pod, 'spec');
  const containers = objsAt(spec, 'containers');
  const inits = objsAt(spec, 'initContainers');
  const status: Obj = clone(previous);
  const terminal = tl.stage === 'succeeded' || tl.stage === 'failed';
  const running = tl.stage !== 'creating' && !terminal;
  const unready = containers
    .map((c) => str(c.name) ?? '')
    .filter((n) => tl.stage === 'creating' || terminal || tl.failing.has(n));
  const ready = running && unready.length === 0;
  const scheduled = (Array.isArray(previous.conditions) ? previous.conditions : [])
    .filter(isObj)
    .find((c) => c.type === 'PodScheduled');

  const conditions: Obj[] = [
    cond('PodReadyToStartContainers', !terminal, terminal ? tl.endedAt : tl.startedAt),
    inits.length > 0 && tl.stage === 'creating'
      ? cond(
          'Initialized',
          false,
          tl.startedAt,
          'ContainersNotInitialized',
          `containers with incomplete status: [${inits.map((c) => str(c.name) ?? '').join(' ')}]`,
        )
      : cond(
          'Initialized',
          true,
          inits.length > 0 ? tl.runningAt : tl.startedAt,
          terminal ? 'PodCompleted' : undefined,
        ),
  ];
  const readyAt = terminal ? tl.endedAt : ready ? tl.runningAt : tl.startedAt;
  const why = terminal
    ? tl.stage === 'failed'
      ? 'PodFailed'
      : 'PodCompleted'
    : ready
      ? undefined
      : 'ContainersNotReady';
  const msg = !terminal && !ready ? `containers with unready status: [${unready.join(' ')}]` : undefined;
  conditions.push(cond('Ready', ready, readyAt, why, msg), cond('ContainersReady', ready, readyAt, why, msg));
  conditions.push(scheduled ?? cond('PodScheduled', true, tl.startedAt));

  status.phase = {
    creating: 'Pending',
    running: 'Running',
    pullError: 'Pending',
    pullBackOff: 'Pending',
    succeeded: 'Succeeded',
    failed: 'Failed',
  }[tl.stage];
  status.conditions = conditions;
  status.hostIP = tl.hostIP;
  status.hostIPs = [{ ip: tl.hostIP }];
  status.podIP = tl.podIP;
  status.podIPs = [{ ip: tl.podIP }];
  status.startTime = tl.startedAt;
  if (typeof status.qosClass !== 'string') status.qosClass = qosClassOf(spec);
  if (inits.length > 0) status.initContainerStatuses = inits.map((c) => containerStatus(c, tl, true));
  status.containerStatuses = containers.map((c) => containerStatus(c, tl, false));
  if (inits.length > 0 && tl.stage === 'creating') {
    status.containerStatuses = containers.map((c) => ({
      ...containerStatus(c, tl, false),
      state: { waiting: { reason: 'PodInitializing' } },
    }));
  }
  return status;
}
