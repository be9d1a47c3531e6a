/**
 * A model of the built-in Go API types, reduced to what merging needs: which lists are maps
 * (and their keys), sets or atomic, which maps and structs are atomic, and the strategic merge
 * patch tags. Fields not modelled here are scalars or atomic lists, which is the default.
 */
import type { GroupVersionKind } from '../model.js';
import type { ListStrategy } from './list-types.js';

export type TypeNode =
  | { kind: 'struct'; fields: Record<string, TypeNode>; atomic?: boolean; smpReplace?: boolean }
  | { kind: 'map'; elem?: TypeNode; atomic?: boolean }
  | { kind: 'list'; strategy: ListStrategy; elem?: TypeNode };
const struct = (fields: Record<string, TypeNode>, opts: { atomic?: boolean; smpReplace?: boolean } = {}): TypeNode => ({
  kind: 'struct',
  fields,
  ...opts,
});
const MAP: TypeNode = { kind: 'map' };
const ATOMIC_MAP: TypeNode = { kind: 'map', atomic: true };
const ATOMIC_STRUCT: TypeNode = struct({}, { atomic: true });
const ATOMIC: TypeNode = { kind: 'list', strategy: { type: 'atomic' } };
/** A list SSA treats as atomic but SMP merges by key (Job conditions, Node addresses). */
const atomicSmpKeyed = (smpKey: string): TypeNode => ({ kind: 'list', strategy: { type: 'atomic', smpKey } });
const set = (smpMerge = false): TypeNode => ({
  kind: 'list',
  strategy: smpMerge ? { type: 'set', smpMerge } : { type: 'set' },
});
/** +listType=map; SMP merges by the first key unless smpKey says otherwise (or null: SMP replaces). */
function mapList(
  keys: string[],
  elem?: TypeNode,
  opts: { smpKey?: string | null; keyDefaults?: Record<string, unknown> } = {},
): TypeNode {
  const smpKey = opts.smpKey === undefined ? keys[0] : opts.smpKey;
  const strategy: ListStrategy = {
    type: 'map',
    keys,
    ...(opts.keyDefaults ? { keyDefaults: opts.keyDefaults } : {}),
    ...(smpKey ? { smpKey } : {}),
  };
  return { kind: 'list', strategy, ...(elem ? { elem } : {}) };
}

// metav1
const SELECTOR_FIELDS = { matchLabels: MAP, matchExpressions: ATOMIC };
const LABEL_SELECTOR = struct(SELECTOR_FIELDS, { atomic: true });
export const OBJECT_META = struct({
  labels: MAP,
  annotations: MAP,
  ownerReferences: mapList(['uid'], ATOMIC_STRUCT),
  finalizers: set(true),
  managedFields: ATOMIC,
});
const CONDITIONS = mapList(['type']);

// core/v1: pods and their templates
const RESOURCES = struct({ limits: MAP, requests: MAP, claims: mapList(['name'], undefined, { smpKey: null }) });
const HANDLER = struct({ exec: struct({ command: ATOMIC }), httpGet: struct({ httpHeaders: ATOMIC }) });
const PROBE = HANDLER;
const KEY_REF = ATOMIC_STRUCT;
const CONTAINER = struct({
  command: ATOMIC,
  args: ATOMIC,
  ports: mapList(['containerPort', 'protocol'], undefined, {
    smpKey: 'containerPort',
    keyDefaults: { protocol: 'TCP' },
  }),
  envFrom: ATOMIC,
  env: mapList(
    ['name'],
    struct({
      valueFrom: struct({
        fieldRef: KEY_REF,
        resourceFieldRef: KEY_REF,
        configMapKeyRef: KEY_REF,
        secretKeyRef: KEY_REF,
      }),
    }),
  ),
  resources: RESOURCES,
  resizePolicy: ATOMIC,
  volumeMounts: mapList(['mountPath']),
  volumeDevices: mapList(['devicePath']),
  livenessProbe: PROBE,
  readinessProbe: PROBE,
  startupProbe: PROBE,
  lifecycle: struct({ postStart: HANDLER, preStop: HANDLER }),
  securityContext: struct({ capabilities: struct({ add: ATOMIC, drop: ATOMIC }) }),
});
const NODE_SELECTOR = struct({ nodeSelectorTerms: ATOMIC }, { atomic: true });
const POD_AFFINITY = struct({
  requiredDuringSchedulingIgnoredDuringExecution: ATOMIC,
  preferredDuringSchedulingIgnoredDuringExecution: ATOMIC,
});
const VOLUME = struct({
  configMap: struct({ items: ATOMIC }),
  secret: struct({ items: ATOMIC }),
  projected: struct({ sources: ATOMIC }),
  downwardAPI: struct({ items: ATOMIC }),
  csi: struct({ volumeAttributes: MAP, nodePublishSecretRef: ATOMIC_STRUCT }),
});
const POD_SPEC = struct({
  volumes: mapList(['name'], VOLUME),
  initContainers: mapList(['name'], CONTAINER),
  containers: mapList(['name'], CONTAINER),
  ephemeralContainers: mapList(['name'], CONTAINER),
  nodeSelector: ATOMIC_MAP,
  securityContext: struct({ supplementalGroups: ATOMIC, sysctls: ATOMIC }),
  imagePullSecrets: mapList(['name'], ATOMIC_STRUCT),
  affinity: struct({
    nodeAffinity: struct({
      requiredDuringSchedulingIgnoredDuringExecution: NODE_SELECTOR,
      preferredDuringSchedulingIgnoredDuringExecution: ATOMIC,
    }),
    podAffinity: POD_AFFINITY,
    podAntiAffinity: POD_AFFINITY,
  }),
  tolerations: ATOMIC,
  hostAliases: mapList(['ip'], struct({ hostnames: ATOMIC })),
  dnsConfig: struct({ nameservers: ATOMIC, searches: ATOMIC, options: ATOMIC }),
  readinessGates: ATOMIC,
  overhead: MAP,
  topologySpreadConstraints: mapList(
    ['topologyKey', 'whenUnsatisfiable'],
    struct({ labelSelector: LABEL_SELECTOR, matchLabelKeys: ATOMIC }),
  ),
  schedulingGates: mapList(['name']),
  resourceClaims: mapList(['name']),
  resources: RESOURCES,
});
const POD_TEMPLATE = struct({ metadata: OBJECT_META, spec: POD_SPEC });
const POD_STATUS = struct({
  conditions: CONDITIONS,
  containerStatuses: ATOMIC,
  initContainerStatuses: ATOMIC,
  ephemeralContainerStatuses: ATOMIC,
  podIPs: mapList(['ip']),
  hostIPs: mapList(['ip']),
  resourceClaimStatuses: mapList(['name']),
});

// Workloads
const WORKLOAD_STATUS = struct({ conditions: CONDITIONS });
const JOB_SPEC = struct({
  selector: LABEL_SELECTOR,
  template: POD_TEMPLATE,
  podFailurePolicy: struct({ rules: ATOMIC }),
  successPolicy: struct({ rules: ATOMIC }),
});
const LB_STATUS = struct({ ingress: ATOMIC });

const ROOTS: Record<string, Record<string, TypeNode>> = {
  Pod: { spec: POD_SPEC, status: POD_STATUS },
  PodTemplate: { template: POD_TEMPLATE },
  Deployment: {
    spec: struct({ selector: LABEL_SELECTOR, template: POD_TEMPLATE }),
    status: WORKLOAD_STATUS,
  },
  ReplicaSet: { spec: struct({ selector: LABEL_SELECTOR, template: POD_TEMPLATE }), status: WORKLOAD_STATUS },
  ReplicationController: { spec: struct({ selector: MAP, template: POD_TEMPLATE }), status: WORKLOAD_STATUS },
  StatefulSet: {
    spec: struct({ selector: LABEL_SELECTOR, template: POD_TEMPLATE, volumeClaimTemplates: ATOMIC }),
    status: WORKLOAD_STATUS,
  },
  DaemonSet: { spec: struct({ selector: LABEL_SELECTOR, template: POD_TEMPLATE }), status: WORKLOAD_STATUS },
  ControllerRevision: { data: ATOMIC_MAP },
  Job: { spec: JOB_SPEC, status: struct({ conditions: atomicSmpKeyed('type') }) },
  CronJob: {
    spec: struct({ jobTemplate: struct({ metadata: OBJECT_META, spec: JOB_SPEC }) }),
    status: struct({ active: ATOMIC }),
  },
  Service: {
    spec: struct({
      ports: mapList(['port', 'protocol'], undefined, { smpKey: 'port', keyDefaults: { protocol: 'TCP' } }),
      selector: ATOMIC_MAP,
      clusterIPs: ATOMIC,
      externalIPs: ATOMIC,
      loadBalancerSourceRanges: ATOMIC,
      ipFamilies: ATOMIC,
    }),
    status: struct({ loadBalancer: LB_STATUS, conditions: CONDITIONS }),
  },
  Endpoints: { subsets: ATOMIC },
  ServiceAccount: { secrets: mapList(['name'], ATOMIC_STRUCT), imagePullSecrets: ATOMIC },
  Namespace: { spec: struct({ finalizers: ATOMIC }), status: struct({ conditions: CONDITIONS }) },
  Node: {
    spec: struct({ podCIDRs: set(true), taints: ATOMIC }),
    status: struct({
      conditions: CONDITIONS,
      addresses: atomicSmpKeyed('type'),
      capacity: MAP,
      allocatable: MAP,
      images: ATOMIC,
      volumesInUse: ATOMIC,
      volumesAttached: ATOMIC,
    }),
  },
  ConfigMap: { data: MAP, binaryData: MAP },
  Secret: { data: MAP, stringData: MAP },
  Event: { involvedObject: ATOMIC_STRUCT, related: ATOMIC_STRUCT },
  PersistentVolumeClaim: {
    spec: struct({
      accessModes: ATOMIC,
      selector: LABEL_SELECTOR,
      resources: struct({ limits: MAP, requests: MAP }),
      dataSource: ATOMIC_STRUCT,
    }),
    status: struct({ accessModes: ATOMIC, capacity: MAP, allocatedResources: MAP, conditions: CONDITIONS }),
  },
  PersistentVolume: {
    spec: struct({
      accessModes: ATOMIC,
      mountOptions: ATOMIC,
      capacity: MAP,
      nodeAffinity: struct({ required: NODE_SELECTOR }),
    }),
  },
  ResourceQuota: {
    spec: struct({ hard: MAP, scopes: ATOMIC, scopeSelector: ATOMIC_STRUCT }),
    status: struct({ hard: MAP, used: MAP }),
  },
  LimitRange: { spec: struct({ limits: ATOMIC }) },
  HorizontalPodAutoscaler: {
    spec: struct({
      metrics: ATOMIC,
      behavior: struct({ scaleUp: struct({ policies: ATOMIC }), scaleDown: struct({ policies: ATOMIC }) }),
    }),
    status: struct({ currentMetrics: ATOMIC, conditions: CONDITIONS }),
  },
  Ingress: { spec: struct({ tls: ATOMIC, rules: ATOMIC }), status: struct({ loadBalancer: LB_STATUS }) },
  NetworkPolicy: {
    spec: struct({ podSelector: LABEL_SELECTOR, ingress: ATOMIC, egress: ATOMIC, policyTypes: ATOMIC }),
  },
  PodDisruptionBudget: {
    spec: struct({ selector: struct(SELECTOR_FIELDS, { atomic: true, smpReplace: true }) }),
    status: struct({ conditions: CONDITIONS, disruptedPods: MAP }),
  },
  Role: { rules: ATOMIC },
  ClusterRole: { rules: ATOMIC, aggregationRule: struct({ clusterRoleSelectors: ATOMIC }) },
  RoleBinding: { subjects: ATOMIC, roleRef: ATOMIC_STRUCT },
  ClusterRoleBinding: { subjects: ATOMIC, roleRef: ATOMIC_STRUCT },
  StorageClass: { parameters: MAP, mountOptions: ATOMIC, allowedTopologies: ATOMIC },
  CustomResourceDefinition: {
    spec: struct({
      versions: ATOMIC,
      names: struct({ shortNames: ATOMIC, categories: ATOMIC }),
      conversion: struct({ webhook: struct({ conversionReviewVersions: ATOMIC }) }),
    }),
    status: struct({
      conditions: mapList(['type'], undefined, { smpKey: null }),
      storedVersions: ATOMIC,
      acceptedNames: struct({ shortNames: ATOMIC, categories: ATOMIC }),
    }),
  },
};

/** The type model of a built-in kind. */
export function builtinRoot(gvk: GroupVersionKind): TypeNode {
  return struct({ metadata: OBJECT_META, ...(ROOTS[gvk.kind] ?? {}) });
}
