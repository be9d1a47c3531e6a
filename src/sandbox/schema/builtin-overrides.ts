/**
 * Corrections applied to the generated models when building the built-in field tree: the models
 * come from newer Kubernetes releases than the 1.32 apiserver we imitate, and they flatten a few Go
 * types (resource.Quantity, RawExtension, ...) into plain `string`/`any`.
 */

/**
 * Fields the generated models (client-node 2.0.1 = release-1.36) have but a 1.32 apiserver does not
 * know: a 1.32 server reports them as unknown fields, so the sandbox must too.
 */
export const FIELDS_AFTER_1_32: Readonly<Record<string, readonly string[]>> = {
  V1PodSpec: ['hostnameOverride', 'schedulingGroup'],
  V1Container: ['restartPolicyRules'],
  V1EphemeralContainer: ['restartPolicyRules'],
  V1EnvVarSource: ['fileKeyRef'],
  V1VolumeProjection: ['podCertificate'],
  V1Lifecycle: ['stopSignal'],
  V1PodStatus: [
    'allocatedResources',
    'extendedResourceClaimStatus',
    'nodeAllocatableResourceClaimStatuses',
    'resources',
    'observedGeneration',
  ],
  V1PodCondition: ['observedGeneration'],
  V1ContainerStatus: ['stopSignal'],
  V1DeploymentStatus: ['terminatingReplicas'],
  V1ReplicaSetStatus: ['terminatingReplicas'],
  V2HPAScalingRules: ['tolerance'],
  V1NodeStatus: ['declaredFeatures'],
  V1ResourceHealth: ['message'],
  V1VolumeMountStatus: ['volumeStatus'],
  V1CustomResourceDefinitionStatus: ['observedGeneration'],
  V1CustomResourceDefinitionCondition: ['observedGeneration'],
};

/**
 * resource.Quantity fields (a single value, or the values of a ResourceList map). The models type
 * them as strings, but the apiserver also accepts JSON numbers (`cpu: 1`). Taken from the
 * kubernetes-models declarations, which keep the Quantity type.
 */
export const QUANTITY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  V1ContainerStatus: ['allocatedResources'],
  V1EmptyDirVolumeSource: ['sizeLimit'],
  V1LimitRangeItem: ['default', 'defaultRequest', 'max', 'maxLimitRequestRatio', 'min'],
  V1NodeStatus: ['allocatable', 'capacity'],
  V1PersistentVolumeClaimStatus: ['allocatedResources', 'capacity'],
  V1PersistentVolumeSpec: ['capacity'],
  V1PodSpec: ['overhead'],
  V1ResourceFieldSelector: ['divisor'],
  V1ResourceQuotaSpec: ['hard'],
  V1ResourceQuotaStatus: ['hard', 'used'],
  V1ResourceRequirements: ['limits', 'requests'],
  V1VolumeResourceRequirements: ['limits', 'requests'],
  V2MetricTarget: ['averageValue', 'value'],
  V2MetricValueStatus: ['averageValue', 'value'],
  V1Overhead: ['podFixed'],
};

/** What the models' `any` fields really are (OpenAPI name of the Go type); all accept any JSON. */
export const RAW_FIELDS: Readonly<Record<string, string>> = {
  'V1ControllerRevision.data': 'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'V1ManagedFieldsEntry.fieldsV1': 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  'V1CustomResourceSubresources.status':
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceSubresourceStatus',
  'V1JSONSchemaProps.additionalItems': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool',
  'V1JSONSchemaProps.additionalProperties':
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool',
  'V1JSONSchemaProps.items': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray',
  'V1JSONSchemaProps.dependencies':
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray',
};

export const RAW_DEFAULT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON';

/**
 * Fields the OpenAPI documents mark required although the apiserver accepts them absent (a Go zero
 * value that validation allows). Flagging them would reject manifests a real cluster accepts.
 */
export const NOT_REALLY_REQUIRED: ReadonlySet<string> = new Set([
  'V1NetworkPolicySpec.podSelector',
  'V1ControllerRevision.revision',
]);
