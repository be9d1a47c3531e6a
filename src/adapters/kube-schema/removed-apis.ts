/**
 * API versions Kubernetes stopped serving, from the Kubernetes deprecated API migration guide. An
 * old manifest using one would be refused by the cluster ("no matches for kind"); saying so at
 * validation, with the version to move to, beats both that and a generic "unknown kind".
 * Only consulted for kinds the served table (builtin-kinds.ts) does not list, so a group/version
 * that still serves other kinds (coordination.k8s.io/v1beta1 LeaseCandidate) stays valid.
 */
import { parseApiVersion } from '../../core/api-version.js';
import { findBuiltinKind } from '../../core/kube-kinds.js';

interface RemovedApi {
  apiVersion: string;
  /** Kinds this entry is about; all kinds of apiVersion when absent. */
  kinds?: readonly string[];
  removedIn: string; // Kubernetes minor version
  /** What to write instead. */
  use: string;
}

const PSA = 'nothing: PodSecurityPolicy is gone, use Pod Security Admission';

const REMOVED: readonly RemovedApi[] = [
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'],
    removedIn: '1.16',
    use: 'apps/v1',
  },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], removedIn: '1.16', use: 'networking.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.16', use: PSA },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: '1.22', use: 'networking.k8s.io/v1' },
  { apiVersion: 'apps/v1beta1', removedIn: '1.16', use: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', removedIn: '1.16', use: 'apps/v1' },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    removedIn: '1.22',
    use: 'admissionregistration.k8s.io/v1',
  },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', removedIn: '1.22', use: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', removedIn: '1.22', use: 'apiregistration.k8s.io/v1' },
  {
    apiVersion: 'authentication.k8s.io/v1beta1',
    kinds: ['TokenReview'],
    removedIn: '1.22',
    use: 'authentication.k8s.io/v1',
  },
  { apiVersion: 'authorization.k8s.io/v1beta1', removedIn: '1.22', use: 'authorization.k8s.io/v1' },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['CertificateSigningRequest'],
    removedIn: '1.22',
    use: 'certificates.k8s.io/v1',
  },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], removedIn: '1.22', use: 'coordination.k8s.io/v1' },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress', 'IngressClass'],
    removedIn: '1.22',
    use: 'networking.k8s.io/v1',
  },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', removedIn: '1.22', use: 'scheduling.k8s.io/v1' },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    removedIn: '1.22',
    use: 'storage.k8s.io/v1',
  },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25', use: 'batch/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', removedIn: '1.25', use: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', removedIn: '1.25', use: 'events.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', removedIn: '1.25', use: 'autoscaling/v2' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.25', use: PSA },
  { apiVersion: 'policy/v1beta1', removedIn: '1.25', use: 'policy/v1' },
  { apiVersion: 'node.k8s.io/v1beta1', removedIn: '1.25', use: 'node.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta2', removedIn: '1.26', use: 'autoscaling/v2' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', removedIn: '1.26', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removedIn: '1.27', use: 'storage.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', removedIn: '1.29', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', removedIn: '1.32', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'resource.k8s.io/v1alpha2', removedIn: '1.31', use: 'resource.k8s.io/v1' },
];

/** Why apiVersion/kind is no longer served and what to use instead, or undefined when it is not a known removal. */
export function describeRemovedApi(apiVersion: string, kind: string): string | undefined {
  // An entry for a whole group/version covers only kinds the group still has, so a typo stays a typo.
  const known = findBuiltinKind(parseApiVersion(apiVersion).group, kind) !== undefined;
  const hit = REMOVED.find((r) => r.apiVersion === apiVersion && (r.kinds?.includes(kind) ?? known));
  if (hit === undefined) return undefined;
  return `${apiVersion} ${kind} is no longer served (removed in Kubernetes ${hit.removedIn}); use ${hit.use}`;
}
