/**
 * Whether a kind is namespaced, asked in order of authority: the schema validator, then the
 * CustomResourceDefinitions declared in the same snapshot, then a built-in table of the
 * cluster-scoped kinds of Kubernetes itself (so that loading without a validator still defaults
 * namespaces right). 'unknown' is left to the caller's rule for custom kinds nobody describes.
 */
import type { ResourceValidator } from '../resource-validator.js';
import type { Obj } from '../snapshot.js';
import { groupOf } from '../api-version.js';
import { isObj } from './shape.js';

export type Scope = 'namespaced' | 'cluster' | 'unknown';

const BUILTIN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

const CLUSTER_SCOPED = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'authentication.k8s.io/TokenReview',
  'authentication.k8s.io/SelfSubjectReview',
  'authorization.k8s.io/SubjectAccessReview',
  'authorization.k8s.io/SelfSubjectAccessReview',
  'authorization.k8s.io/SelfSubjectRulesReview',
  'certificates.k8s.io/CertificateSigningRequest',
  'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'internal.apiserver.k8s.io/StorageVersion',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/IPAddress',
  'networking.k8s.io/ServiceCIDR',
  'node.k8s.io/RuntimeClass',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'resource.k8s.io/DeviceClass',
  'resource.k8s.io/ResourceSlice',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
  'storagemigration.k8s.io/StorageVersionMigration',
]);

/** `group/Kind` to scope, from the CustomResourceDefinitions in a snapshot. */
export type CrdScopes = ReadonlyMap<string, 'namespaced' | 'cluster'>;

export function readCrdScope(obj: Obj): [string, 'namespaced' | 'cluster'] | undefined {
  if (groupOf(String(obj.apiVersion)) !== 'apiextensions.k8s.io' || obj.kind !== 'CustomResourceDefinition')
    return undefined;
  const spec = obj.spec;
  if (!isObj(spec) || typeof spec.group !== 'string' || !isObj(spec.names) || typeof spec.names.kind !== 'string') {
    return undefined;
  }
  return [`${spec.group}/${spec.names.kind}`, spec.scope === 'Cluster' ? 'cluster' : 'namespaced'];
}

export function decideScope(
  apiVersion: string,
  kind: string,
  validator: ResourceValidator | undefined,
  crds: CrdScopes,
): Scope {
  const known = validator?.isNamespaced(apiVersion, kind);
  if (known !== undefined) return known ? 'namespaced' : 'cluster';
  const group = groupOf(apiVersion);
  const declared = crds.get(`${group}/${kind}`);
  if (declared) return declared;
  if (BUILTIN_GROUPS.has(group)) return CLUSTER_SCOPED.has(`${group}/${kind}`) ? 'cluster' : 'namespaced';
  return 'unknown';
}
