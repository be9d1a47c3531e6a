/**
 * The kinds Kubernetes itself serves: their API group, the versions that serve them and whether
 * they live in a namespace. Derived once from the request paths of @kubernetes/client-node 2.0.1
 * (generated from Kubernetes 1.36, so it includes APIs newer than 1.32 and alpha/beta versions)
 * and the kinds of kubernetes-models 4.5.1; subresource-only kinds (Scale, Eviction, TokenRequest,
 * DeploymentRollback) and versions Kubernetes no longer serves (see removed-apis.ts) are left out.
 * test/adapters/kube-schema-kinds.test.ts checks this table against both packages. Pure data: the
 * manifest loader reads scopes from it, the schema validator which kinds exist.
 */
import type { ApiVersion } from './api-version.js';

export interface BuiltinKind {
  namespaced: boolean;
  versions: readonly string[];
}

const ns = (...versions: string[]): BuiltinKind => ({ namespaced: true, versions });
const cluster = (...versions: string[]): BuiltinKind => ({ namespaced: false, versions });

/** Keyed by API group ('' is the core group), then kind. */
export const BUILTIN_KINDS: Readonly<Record<string, Readonly<Record<string, BuiltinKind>>>> = {
  '': {
    Binding: ns('v1'),
    ComponentStatus: cluster('v1'),
    ConfigMap: ns('v1'),
    Endpoints: ns('v1'),
    Event: ns('v1'),
    LimitRange: ns('v1'),
    Namespace: cluster('v1'),
    Node: cluster('v1'),
    PersistentVolume: cluster('v1'),
    PersistentVolumeClaim: ns('v1'),
    Pod: ns('v1'),
    PodTemplate: ns('v1'),
    ReplicationController: ns('v1'),
    ResourceQuota: ns('v1'),
    Secret: ns('v1'),
    Service: ns('v1'),
    ServiceAccount: ns('v1'),
  },
  'admissionregistration.k8s.io': {
    MutatingAdmissionPolicy: cluster('v1', 'v1beta1', 'v1alpha1'),
    MutatingAdmissionPolicyBinding: cluster('v1', 'v1beta1', 'v1alpha1'),
    MutatingWebhookConfiguration: cluster('v1'),
    ValidatingAdmissionPolicy: cluster('v1'),
    ValidatingAdmissionPolicyBinding: cluster('v1'),
    ValidatingWebhookConfiguration: cluster('v1'),
  },
  'apiextensions.k8s.io': { CustomResourceDefinition: cluster('v1') },
  'apiregistration.k8s.io': { APIService: cluster('v1') },
  apps: {
    ControllerRevision: ns('v1'),
    DaemonSet: ns('v1'),
    Deployment: ns('v1'),
    ReplicaSet: ns('v1'),
    StatefulSet: ns('v1'),
  },
  'authentication.k8s.io': {
    SelfSubjectReview: cluster('v1', 'v1beta1', 'v1alpha1'),
    TokenReview: cluster('v1'),
  },
  'authorization.k8s.io': {
    LocalSubjectAccessReview: ns('v1'),
    SelfSubjectAccessReview: cluster('v1'),
    SelfSubjectRulesReview: cluster('v1'),
    SubjectAccessReview: cluster('v1'),
  },
  autoscaling: { HorizontalPodAutoscaler: ns('v2', 'v1') },
  batch: { CronJob: ns('v1'), Job: ns('v1') },
  'certificates.k8s.io': {
    CertificateSigningRequest: cluster('v1'),
    ClusterTrustBundle: cluster('v1beta1', 'v1alpha1'),
    PodCertificateRequest: ns('v1beta1'),
  },
  'coordination.k8s.io': { Lease: ns('v1'), LeaseCandidate: ns('v1beta1', 'v1alpha2') },
  'discovery.k8s.io': { EndpointSlice: ns('v1') },
  'events.k8s.io': { Event: ns('v1') },
  'flowcontrol.apiserver.k8s.io': { FlowSchema: cluster('v1'), PriorityLevelConfiguration: cluster('v1') },
  'internal.apiserver.k8s.io': { StorageVersion: cluster('v1alpha1') },
  'networking.k8s.io': {
    IPAddress: cluster('v1', 'v1beta1', 'v1alpha1'),
    Ingress: ns('v1'),
    IngressClass: cluster('v1'),
    NetworkPolicy: ns('v1'),
    ServiceCIDR: cluster('v1', 'v1beta1', 'v1alpha1'),
  },
  'node.k8s.io': { RuntimeClass: cluster('v1') },
  policy: { PodDisruptionBudget: ns('v1') },
  'rbac.authorization.k8s.io': {
    ClusterRole: cluster('v1'),
    ClusterRoleBinding: cluster('v1'),
    Role: ns('v1'),
    RoleBinding: ns('v1'),
  },
  'resource.k8s.io': {
    DeviceClass: cluster('v1', 'v1beta2', 'v1beta1'),
    DeviceTaintRule: cluster('v1beta2', 'v1alpha3'),
    ResourceClaim: ns('v1', 'v1beta2', 'v1beta1'),
    ResourceClaimTemplate: ns('v1', 'v1beta2', 'v1beta1'),
    ResourcePoolStatusRequest: cluster('v1alpha3'),
    ResourceSlice: cluster('v1', 'v1beta2', 'v1beta1'),
  },
  'scheduling.k8s.io': {
    PodGroup: ns('v1alpha2'),
    PriorityClass: cluster('v1'),
    Workload: ns('v1alpha2', 'v1alpha1'),
  },
  'storage.k8s.io': {
    CSIDriver: cluster('v1'),
    CSINode: cluster('v1'),
    CSIStorageCapacity: ns('v1'),
    StorageClass: cluster('v1'),
    VolumeAttachment: cluster('v1'),
    VolumeAttributesClass: cluster('v1', 'v1beta1', 'v1alpha1'),
  },
  'storagemigration.k8s.io': { StorageVersionMigration: cluster('v1beta1', 'v1alpha1') },
  // A retired group: nothing is served, but an object there is a stale manifest, not a custom resource.
  extensions: {},
};

/** Whether the group belongs to Kubernetes itself; a suffix such as gateway.networking.k8s.io does not. */
export function isBuiltinGroupName(group: string): boolean {
  return Object.hasOwn(BUILTIN_KINDS, group);
}

/** The kind's entry when its group knows it, whatever the version. */
export function findBuiltinKind(group: string, kind: string): BuiltinKind | undefined {
  const kinds = BUILTIN_KINDS[group];
  return kinds !== undefined && Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
}

/** Whether this exact group, version and kind is served. */
export function isServedKind(api: ApiVersion, kind: string): boolean {
  return findBuiltinKind(api.group, kind)?.versions.includes(api.version) ?? false;
}
