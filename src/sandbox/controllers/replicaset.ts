/**
 * The ReplicaSet controller: keeps spec.replicas active pods named <rs>-<5 chars>, deleting the
 * least useful first (unscheduled, pending, not ready, newest), and reports replicas,
 * fullyLabeledReplicas, readyReplicas, availableReplicas and observedGeneration.
 */
import type { ChangeEvent } from '../api/types.js';
import { labelsOf, metaOf, nameOf, str, type Obj } from '../model.js';
import { intAt, objAt, omitZero, strAt, uidOf } from './fields.js';
import { matchesSelector } from './label-selector.js';
import { controllerRefOf, controllerRefTo, isControlledBy, isDeleting } from './ownership.js';
import { isPodActive, isPodAvailable, isPodReady, msUntilAvailable, phaseOf, podFromTemplate } from './pods.js';
import { CONTROLLER_MANAGER, keyOf, splitKey, type Controller, type Runtime } from './runtime.js';

const SOURCE = { component: 'replicaset-controller' };
/** kube creates at most this many pods per sync (slow start batches up to 500). */
const BURST = 500;

/** controller.ActivePods ordering: the pods to delete first sort first. */
function deletionRank(pod: Obj): number[] {
  const scheduled = strAt(pod, 'spec.nodeName') ? 1 : 0;
  const phase = phaseOf(pod);
  const phaseRank = phase === 'Pending' ? 0 : phase === 'Unknown' ? 1 : 2;
  const ready = isPodReady(pod) ? 1 : 0;
  const created = Date.parse(str(metaOf(pod).creationTimestamp) ?? '') || 0;
  return [scheduled, phaseRank, ready, -created];
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

export function createReplicaSetController(rt: Runtime): Controller {
  const rsType = () => rt.type('apps/v1', 'ReplicaSet');
  const podType = () => rt.type('v1', 'Pod');

  return {
    name: 'replicaset',
    keysFor(ev: ChangeEvent): string[] {
      const r = ev.resource;
      if (r.group === 'apps' && r.kind === 'ReplicaSet') return [keyOf(ev.object)];
      if (r.group === '' && r.kind === 'Pod') {
        const ref = controllerRefOf(ev.object);
        if (ref?.kind === 'ReplicaSet') return [`${metaOf(ev.object).namespace as string}/${ref.name}`];
      }
      return [];
    },
    initialKeys: () => rt.cluster.list(rsType()).map(keyOf),
    sync(key: string): number | undefined {
      const { namespace, name } = splitKey(key);
      const t = rsType();
      const rs = rt.cluster.get(t, namespace, name);
      if (!rs || isDeleting(rs)) return undefined;
      const uid = uidOf(rs);
      const pods = rt.cluster.list(podType(), namespace).filter((p) => isControlledBy(p, uid));
      const active = pods.filter(isPodActive);
      const want = intAt(rs, 'spec.replicas') ?? 1;
      const diff = active.length - want;
      const created: Obj[] = [];
      if (diff < 0) {
        const owner = controllerRefTo(rs, t);
        for (let i = 0; i < Math.min(-diff, BURST); i++) {
          const pod = podFromTemplate(objAt(rs, 'spec.template'), { namespace, generateName: `${name}-`, owner });
          const made = rt.cluster.create(podType(), pod, { manager: CONTROLLER_MANAGER });
          created.push(made);
          rt.recorder.normal(rs, SOURCE, 'SuccessfulCreate', `Created pod: ${nameOf(made)}`);
        }
      } else if (diff > 0) {
        const victims = [...active].sort((a, b) => compareRank(deletionRank(a), deletionRank(b))).slice(0, diff);
        for (const pod of victims) {
          rt.remove(podType(), namespace, nameOf(pod));
          rt.recorder.normal(rs, SOURCE, 'SuccessfulDelete', `Deleted pod: ${nameOf(pod)}`);
        }
        const gone = new Set(victims.map(uidOf));
        active.splice(0, active.length, ...active.filter((p) => !gone.has(uidOf(p))));
      }
      const current = [...active, ...created];
      const minReady = intAt(rs, 'spec.minReadySeconds') ?? 0;
      const now = rt.now();
      const tplLabels = labelsOf({ metadata: objAt(rs, 'spec.template.metadata') });
      const status: Obj = {
        ...objAt(rs, 'status'),
        replicas: current.length,
        fullyLabeledReplicas: current.filter((p) => matchesSelector({ matchLabels: tplLabels }, labelsOf(p))).length,
        readyReplicas: current.filter(isPodReady).length,
        availableReplicas: current.filter((p) => isPodAvailable(p, minReady, now)).length,
        observedGeneration: intAt(rs, 'metadata.generation') ?? 1,
      };
      omitZero(status, ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']);
      rt.writeStatus(t, rs, status);
      // A pod that is ready but not yet available needs another look once minReadySeconds pass.
      const waits = current.map((p) => msUntilAvailable(p, minReady, now)).filter((x) => x !== undefined);
      if (created.length < -diff) return 0;
      return waits.length > 0 ? Math.min(...waits) + 1 : undefined;
    },
  };
}
