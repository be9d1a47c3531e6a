/**
 * metadata.generation as kube's registry strategies manage it: which kinds carry one at all
 * (set to 1 on create), and which changes bump it on update — the spec for most workloads,
 * also annotations for Deployments, anything outside metadata/status for custom resources.
 */
import { parseApiVersion, type GroupVersionKind, type Obj } from '../model.js';
import { jsonEqual, strAt } from './semantic-json.js';

const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'coordination.k8s.io',
  'storage.k8s.io',
  'apiextensions.k8s.io',
  'admissionregistration.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'scheduling.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'certificates.k8s.io',
  'node.k8s.io',
  'resource.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'internal.apiserver.k8s.io',
  'storagemigration.k8s.io',
]);

/** Built-in kinds whose strategy sets and bumps metadata.generation. */
const GENERATION_KINDS = new Set([
  'apps/Deployment',
  'apps/ReplicaSet',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'batch/Job',
  'batch/CronJob',
  '/ReplicationController',
  'networking.k8s.io/Ingress',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/NetworkPolicy',
  'policy/PodDisruptionBudget',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
]);

/** Whether objects of this kind carry metadata.generation (1 on create). ConfigMaps, Services, Pods... do not. */
export function hasGeneration(gvk: Pick<GroupVersionKind, 'group' | 'kind'>): boolean {
  if (!BUILTIN_GROUPS.has(gvk.group)) return true;
  return GENERATION_KINDS.has(`${gvk.group}/${gvk.kind}`);
}

function withoutMetaAndStatus(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'metadata' && k !== 'status'));
}

/** Whether an update from `before` to `after` must bump metadata.generation. Both are defaulted objects. */
export function specChanged(before: Obj, after: Obj): boolean {
  const { group } = parseApiVersion(strAt(after, 'apiVersion') ?? strAt(before, 'apiVersion') ?? '');
  const kind = strAt(after, 'kind') ?? strAt(before, 'kind') ?? '';
  if (!hasGeneration({ group, kind })) return false;
  if (!BUILTIN_GROUPS.has(group)) return !jsonEqual(withoutMetaAndStatus(before), withoutMetaAndStatus(after));
  if (!jsonEqual(before.spec, after.spec)) return true;
  if (group === 'apps' && kind === 'Deployment') {
    // Annotations are copied to the ReplicaSets, so the Deployment strategy bumps on them too.
    const annotations = (o: Obj): unknown =>
      typeof o.metadata === 'object' && o.metadata !== null ? (o.metadata as Obj).annotations : undefined;
    return !jsonEqual(annotations(before), annotations(after));
  }
  return false;
}
