/**
 * The scheduler and the kubelet of the single sandbox node: binds pending pods to it, then walks
 * each pod through ContainerCreating -> Running/Ready (or ErrImagePull -> ImagePullBackOff for a
 * failing image) and, for run-to-completion pods, -> Succeeded/Failed, with the events kubectl
 * describe shows. Deleted pods are removed at once (grace periods are not simulated).
 */
import type { ChangeEvent } from '../api/types.js';
import { ApiError } from '../errors.js';
import { clone, nameOf, namespaceOf, str, type Obj } from '../model.js';
import { objAt, objsAt, strAt, uidOf } from './fields.js';
import { findCondition, putCondition, conditionsOf } from './conditions.js';
import { imageFails } from './images.js';
import { NODE_IP, NODE_NAME } from './node.js';
import { controllerRefOf, finalizersOf, isDeleting } from './ownership.js';
import { buildPodStatus, newContainerId, type PodStage, type PodTimeline } from './pod-status.js';
import { isPodTerminal } from './pods.js';
import { keyOf, splitKey, type Controller, type Runtime } from './runtime.js';
import { rfc3339 } from './time.js';

const KUBELET = { component: 'kubelet', host: NODE_NAME };
const SCHEDULER = { component: 'default-scheduler' };

const PATHS: Record<PodStage, PodStage[]> = {
  creating: ['creating'],
  running: ['creating', 'running'],
  succeeded: ['creating', 'running', 'succeeded'],
  pullError: ['creating', 'pullError'],
  pullBackOff: ['creating', 'pullError', 'pullBackOff'],
  failed: ['creating', 'pullError', 'failed'],
};

interface Track {
  start: number;
  podIP: string;
  ids: Map<string, string>;
  /** Containers whose image this pod pulls (rather than finding it on the node). */
  pulls: Set<string>;
  emitted: Set<PodStage>;
}

/** Pods that run to completion: a Job's, or a bare pod that won't be restarted and runs a command. */
export function runsToCompletion(pod: Obj): boolean {
  if (controllerRefOf(pod)?.kind === 'Job') return true;
  const policy = strAt(pod, 'spec.restartPolicy') ?? 'Always';
  if (policy === 'Always') return false;
  const containers = objsAt(pod, 'spec.containers');
  return containers.length > 0 && containers.every((c) => Array.isArray(c.command) || Array.isArray(c.args));
}

function stageAt(
  elapsed: number,
  ready: number,
  duration: number,
  batch: boolean,
  failing: boolean,
): { stage: PodStage; next?: number } {
  if (elapsed < ready) return { stage: 'creating', next: ready - elapsed };
  const end = ready + duration;
  if (failing) {
    if (batch) return elapsed < end ? { stage: 'pullError', next: end - elapsed } : { stage: 'failed' };
    const backoff = ready + Math.max(ready, 1);
    return elapsed < backoff ? { stage: 'pullError', next: backoff - elapsed } : { stage: 'pullBackOff' };
  }
  if (batch) return elapsed < end ? { stage: 'running', next: end - elapsed } : { stage: 'succeeded' };
  return { stage: 'running' };
}

function goDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
}

export function createKubelet(rt: Runtime): Controller {
  const tracks = new Map<string, Track>();
  const imagesOnNode = new Set<string>();
  let ipSeq = 0;
  const podType = () => rt.type('v1', 'Pod');

  function allocateIp(pod: Obj): string {
    if (objAt(pod, 'spec').hostNetwork === true) return NODE_IP;
    const n = ipSeq++;
    return `10.244.${Math.floor(n / 253) % 256}.${(n % 253) + 2}`;
  }

  function trackOf(pod: Obj): Track {
    const uid = uidOf(pod);
    let tr = tracks.get(uid);
    if (tr) return tr;
    const status = objAt(pod, 'status');
    const ids = new Map<string, string>();
    for (const cs of [...objsAt(status, 'initContainerStatuses'), ...objsAt(status, 'containerStatuses')]) {
      const id = str(cs.containerID);
      if (id) ids.set(str(cs.name) ?? '', id);
    }
    const containers = [...objsAt(pod, 'spec.initContainers'), ...objsAt(pod, 'spec.containers')];
    for (const c of containers) if (!ids.has(str(c.name) ?? '')) ids.set(str(c.name) ?? '', newContainerId());
    // A pod already running before the kubelet (re)started carries on rather than starting over.
    const wasRunning = status.phase === 'Running';
    const pulls = new Set<string>();
    for (const c of containers) {
      const image = str(c.image) ?? '';
      if (!wasRunning && (c.imagePullPolicy === 'Always' || !imagesOnNode.has(image))) pulls.add(str(c.name) ?? '');
    }
    tr = {
      start: wasRunning ? rt.now() - rt.opts.readyDelayMs : rt.now(),
      podIP: str(status.podIP) ?? allocateIp(pod),
      ids,
      pulls,
      emitted: new Set(wasRunning ? ['creating', 'running'] : []),
    };
    tracks.set(uid, tr);
    return tr;
  }

  /** The scheduler's half: bind to the one node and record PodScheduled. */
  function bind(pod: Obj): Obj {
    const t = podType();
    let bound = pod;
    // The scheduler binds through pods/binding; an API without it may accept a plain update instead.
    for (const subresource of ['binding', undefined]) {
      const next = clone(bound);
      (next.spec as Obj).nodeName = NODE_NAME;
      try {
        bound = rt.cluster.update(t, next, { manager: 'kube-scheduler', ...(subresource ? { subresource } : {}) });
        if (strAt(bound, 'spec.nodeName') === NODE_NAME) break;
      } catch (err) {
        // Refused both ways: PodScheduled still tells the story.
        if (!(err instanceof ApiError) || err.code === 409 || err.code === 404) throw err;
      }
    }
    const status = clone(objAt(bound, 'status'));
    status.conditions = putCondition(conditionsOf(status), {
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: rt.nowIso(),
    });
    if (typeof status.phase !== 'string') status.phase = 'Pending';
    bound = rt.writeStatus(t, bound, status, 'kube-scheduler');
    rt.recorder.normal(
      bound,
      SCHEDULER,
      'Scheduled',
      `Successfully assigned ${namespaceOf(pod)}/${nameOf(pod)} to ${NODE_NAME}`,
    );
    return bound;
  }

  function emit(pod: Obj, tr: Track, stage: PodStage, failing: Set<string>): void {
    if (tr.emitted.has(stage)) return;
    tr.emitted.add(stage);
    const containers = [...objsAt(pod, 'spec.initContainers'), ...objsAt(pod, 'spec.containers')];
    for (const c of containers) {
      const name = str(c.name) ?? '';
      const image = str(c.image) ?? '';
      const at = `spec.${objsAt(pod, 'spec.containers').includes(c) ? 'containers' : 'initContainers'}{${name}}`;
      const fails = failing.has(name);
      if (stage === 'creating' && tr.pulls.has(name))
        rt.recorder.normal(pod, KUBELET, 'Pulling', `Pulling image "${image}"`, at);
      if (stage === 'running' && !fails) {
        const d = goDuration(rt.opts.readyDelayMs);
        const pulled = tr.pulls.has(name)
          ? `Successfully pulled image "${image}" in ${d} (${d} including waiting). Image size: ${20_000_000 + image.length * 1_048_573} bytes.`
          : `Container image "${image}" already present on machine`;
        rt.recorder.normal(pod, KUBELET, 'Pulled', pulled, at);
        rt.recorder.normal(pod, KUBELET, 'Created', `Created container: ${name}`, at);
        rt.recorder.normal(pod, KUBELET, 'Started', `Started container ${name}`, at);
        imagesOnNode.add(image);
      }
      if (stage === 'pullError' && fails) {
        rt.recorder.warning(pod, KUBELET, 'Failed', `Failed to pull image "${image}": not found`, at);
        rt.recorder.warning(pod, KUBELET, 'Failed', 'Error: ErrImagePull', at);
      }
      if (stage === 'pullBackOff' && fails) {
        rt.recorder.normal(pod, KUBELET, 'BackOff', `Back-off pulling image "${image}"`, at);
        rt.recorder.warning(pod, KUBELET, 'Failed', 'Error: ImagePullBackOff', at);
      }
    }
  }

  return {
    name: 'kubelet',
    keysFor(ev: ChangeEvent): string[] {
      if (ev.resource.group !== '' || ev.resource.kind !== 'Pod') return [];
      if (ev.type === 'DELETED') {
        tracks.delete(uidOf(ev.object));
        return [];
      }
      return [keyOf(ev.object)];
    },
    initialKeys(): string[] {
      const pods = rt.cluster.list(podType());
      // Pods from before a restart keep their IPs; new ones must not reuse them.
      for (const p of pods) {
        const m = /^10\.244\.(\d+)\.(\d+)$/.exec(strAt(p, 'status.podIP') ?? '');
        if (m) ipSeq = Math.max(ipSeq, Number(m[1]) * 253 + Number(m[2]) - 1);
      }
      return pods.map(keyOf);
    },
    sync(key: string): number | undefined {
      const { namespace, name } = splitKey(key);
      const t = podType();
      let pod = rt.cluster.get(t, namespace, name);
      if (!pod) return undefined;
      if (isDeleting(pod)) {
        if (finalizersOf(pod).length === 0) rt.remove(t, namespace, name, { gracePeriodSeconds: 0 });
        return undefined;
      }
      const scheduled = findCondition(objAt(pod, 'status'), 'PodScheduled')?.status === 'True';
      const nodeName = strAt(pod, 'spec.nodeName');
      if (!nodeName && !scheduled) {
        const scheduler = strAt(pod, 'spec.schedulerName') ?? 'default-scheduler';
        if (scheduler !== 'default-scheduler') return undefined;
        pod = bind(pod);
      } else if (nodeName && nodeName !== NODE_NAME) {
        return undefined; // no such node: the pod stays Pending, as on a real cluster
      }
      if (isPodTerminal(pod)) return undefined;
      const tr = trackOf(pod);
      const failing = new Set(
        objsAt(pod, 'spec.containers')
          .filter((c) => imageFails(str(c.image) ?? '', rt.opts.failImageTag))
          .map((c) => str(c.name) ?? ''),
      );
      const R = rt.opts.readyDelayMs;
      const D = rt.opts.jobPodDurationMs;
      const { stage, next } = stageAt(rt.now() - tr.start, R, D, runsToCompletion(pod), failing.size > 0);
      const timeline: PodTimeline = {
        stage,
        startedAt: rfc3339(tr.start),
        runningAt: rfc3339(tr.start + R),
        endedAt: rfc3339(tr.start + R + D),
        podIP: tr.podIP,
        hostIP: NODE_IP,
        failing,
        ids: tr.ids,
      };
      // Stages passed through between two looks still get their events, in order.
      for (const s of PATHS[stage]) emit(pod, tr, s, failing);
      rt.writeStatus(t, pod, buildPodStatus(pod, objAt(pod, 'status'), timeline), 'kubelet');
      if (stage === 'succeeded' || stage === 'failed') tracks.delete(uidOf(pod));
      return next;
    },
  };
}
