/**
 * The DaemonSet controller: one pod per eligible node (nodeSelector honoured), pinned there by
 * node affinity with the standard daemon tolerations, replaced node by node on a template change
 * (RollingUpdate, maxUnavailable), and the numbers `kubectl get ds` and rollout status read.
 */
import type { ChangeEvent } from '../api/types.js';
import { isObj, labelsOf, nameOf, namespaceOf, str, type Obj } from '../model.js';
import { intAt, objAt, objsAt, omitZero, strAt, uidOf } from './fields.js';
import { REVISION_HASH_LABEL, ensureRevision, pruneRevisions } from './controller-revision.js';
import { scaledValue } from './deployment-rollout.js';
import { controllerRefOf, controllerRefTo, isControlledBy, isDeleting } from './ownership.js';
import { isPodActive, isPodAvailable, isPodReady, msUntilAvailable, phaseOf, podFromTemplate } from './pods.js';
import { CONTROLLER_MANAGER, keyOf, splitKey, type Controller, type Runtime } from './runtime.js';

const SOURCE = { component: 'daemonset-controller' };

const TOLERATIONS: Obj[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** The node a daemon pod is meant for: its nodeName, or the matchFields term the controller wrote. */
function targetNode(pod: Obj): string | undefined {
  const bound = strAt(pod, 'spec.nodeName');
  if (bound) return bound;
  const terms = objsAt(
    pod,
    'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms',
  );
  for (const term of terms) {
    for (const f of objsAt(term, 'matchFields')) {
      if (f.key === 'metadata.name' && Array.isArray(f.values)) return str(f.values[0]);
    }
  }
  return undefined;
}

function shouldRun(ds: Obj, node: Obj): boolean {
  const selector = objAt(ds, 'spec.template.spec.nodeSelector');
  const labels = labelsOf(node);
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function createDaemonSetController(rt: Runtime): Controller {
  const dsType = () => rt.type('apps/v1', 'DaemonSet');
  const podType = () => rt.type('v1', 'Pod');
  const nodeType = () => rt.type('v1', 'Node');

  function newPod(ds: Obj, node: string, hash: string): Obj {
    const pod = podFromTemplate(objAt(ds, 'spec.template'), {
      namespace: namespaceOf(ds),
      generateName: `${nameOf(ds)}-`,
      owner: controllerRefTo(ds, dsType()),
      labels: { [REVISION_HASH_LABEL]: hash, 'pod-template-generation': String(intAt(ds, 'metadata.generation') ?? 1) },
    });
    const spec = pod.spec as Obj;
    const affinity = isObj(spec.affinity) ? spec.affinity : {};
    spec.affinity = {
      ...affinity,
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
        },
      },
    };
    const extra =
      spec.hostNetwork === true
        ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }]
        : [];
    const have = objsAt(spec, 'tolerations');
    spec.tolerations = [
      ...have,
      ...[...TOLERATIONS, ...extra].filter((t) => !have.some((h) => h.key === t.key && h.effect === t.effect)),
    ];
    return pod;
  }

  return {
    name: 'daemonset',
    keysFor(ev: ChangeEvent): string[] {
      const r = ev.resource;
      if (r.group === 'apps' && r.kind === 'DaemonSet') return [keyOf(ev.object)];
      if (r.group === '' && r.kind === 'Pod') {
        const ref = controllerRefOf(ev.object);
        if (ref?.kind === 'DaemonSet') return [`${namespaceOf(ev.object)}/${ref.name}`];
      }
      if (r.group === '' && r.kind === 'Node' && ev.type !== 'MODIFIED') return rt.cluster.list(dsType()).map(keyOf);
      return [];
    },
    initialKeys: () => rt.cluster.list(dsType()).map(keyOf),
    sync(key: string): number | undefined {
      const { namespace, name } = splitKey(key);
      const ds = rt.cluster.get(dsType(), namespace, name);
      if (!ds || isDeleting(ds)) return undefined;
      const revs = ensureRevision(rt, ds, dsType());
      const hash = revs.hash;
      const nodes = rt.cluster.list(nodeType());
      const pods = rt.cluster.list(podType(), namespace).filter((p) => isControlledBy(p, uidOf(ds)));
      const byNode = new Map<string, Obj[]>();
      for (const p of pods.filter(isPodActive)) {
        const n = targetNode(p) ?? '';
        byNode.set(n, [...(byNode.get(n) ?? []), p]);
      }
      for (const p of pods.filter((p) => phaseOf(p) === 'Failed' && !isDeleting(p))) {
        rt.recorder.warning(
          ds,
          SOURCE,
          'FailedDaemonPod',
          `Found failed daemon pod ${namespace}/${nameOf(p)} on node ${targetNode(p) ?? ''}, will try to kill it`,
        );
        rt.remove(podType(), namespace, nameOf(p));
      }
      const eligible = nodes.filter((n) => shouldRun(ds, n));
      const eligibleNames = new Set(eligible.map(nameOf));
      for (const [node, list] of byNode) {
        const excess = eligibleNames.has(node) ? list.slice(1) : list;
        for (const p of excess) {
          rt.remove(podType(), namespace, nameOf(p));
          rt.recorder.normal(ds, SOURCE, 'SuccessfulDelete', `Deleted pod: ${nameOf(p)}`);
        }
        if (excess.length === list.length) byNode.delete(node);
        else byNode.set(node, list.slice(0, 1));
      }
      const now = rt.now();
      const minReady = intAt(ds, 'spec.minReadySeconds') ?? 0;
      const rolling = (strAt(ds, 'spec.updateStrategy.type') ?? 'RollingUpdate') === 'RollingUpdate';
      const maxUnavailable = Math.max(
        1,
        scaledValue(objAt(ds, 'spec.updateStrategy.rollingUpdate').maxUnavailable ?? 1, eligible.length, true),
      );
      let unavailable = eligible.filter((n) => {
        const p = byNode.get(nameOf(n))?.[0];
        return !p || !isPodAvailable(p, minReady, now);
      }).length;
      for (const node of eligible) {
        const pod = byNode.get(nameOf(node))?.[0];
        if (!pod) {
          const made = rt.cluster.create(podType(), newPod(ds, nameOf(node), hash), { manager: CONTROLLER_MANAGER });
          byNode.set(nameOf(node), [made]);
          rt.recorder.normal(ds, SOURCE, 'SuccessfulCreate', `Created pod: ${nameOf(made)}`);
        } else if (rolling && labelsOf(pod)[REVISION_HASH_LABEL] !== hash) {
          const wasAvailable = isPodAvailable(pod, minReady, now);
          if (wasAvailable && unavailable >= maxUnavailable) continue;
          rt.remove(podType(), namespace, nameOf(pod));
          rt.recorder.normal(ds, SOURCE, 'SuccessfulDelete', `Deleted pod: ${nameOf(pod)}`);
          byNode.delete(nameOf(node));
          if (wasAvailable) unavailable++;
        }
      }
      const scheduled = eligible.map((n) => byNode.get(nameOf(n))?.[0]).filter((p): p is Obj => p !== undefined);
      const available = scheduled.filter((p) => isPodAvailable(p, minReady, now)).length;
      const status: Obj = {
        ...objAt(ds, 'status'),
        currentNumberScheduled: scheduled.length,
        desiredNumberScheduled: eligible.length,
        numberAvailable: available,
        numberMisscheduled: [...byNode.keys()].filter((n) => !eligibleNames.has(n)).length,
        numberReady: scheduled.filter(isPodReady).length,
        observedGeneration: intAt(ds, 'metadata.generation') ?? 1,
        updatedNumberScheduled: scheduled.filter((p) => labelsOf(p)[REVISION_HASH_LABEL] === hash).length,
        numberUnavailable: Math.max(0, eligible.length - available),
      };
      omitZero(status, ['numberAvailable', 'updatedNumberScheduled', 'numberUnavailable']);
      rt.writeStatus(dsType(), ds, status);
      pruneRevisions(rt, ds, revs.all, new Set([nameOf(revs.update)]));
      const waits = scheduled.map((p) => msUntilAvailable(p, minReady, now)).filter((x) => x !== undefined);
      return waits.length > 0 ? Math.min(...waits) + 1 : undefined;
    },
  };
}
