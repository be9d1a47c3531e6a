/**
 * Service defaulting: SetDefaults_Service plus what the Service REST storage does on write in
 * a single-stack IPv4 cluster — cluster IP and IP family fields, node ports, health-check port —
 * and, on update, carrying allocated values over from the stored object (patchAllocatedValues).
 */
import type { Obj } from '../model.js';
import { ensureObj, objAt, objsAt, setDefault, setDefaultString, strAt } from './semantic-json.js';

export interface ServiceAllocators {
  allocateClusterIP(): string;
  allocateNodePort(): number;
}

function needsClusterIP(spec: Obj | undefined): boolean {
  return strAt(spec, 'type') !== 'ExternalName';
}

function needsNodePort(spec: Obj | undefined): boolean {
  const type = strAt(spec, 'type');
  if (type === 'NodePort') return true;
  return type === 'LoadBalancer' && spec?.allocateLoadBalancerNodePorts !== false;
}

function needsHealthCheckPort(spec: Obj | undefined): boolean {
  return strAt(spec, 'type') === 'LoadBalancer' && strAt(spec, 'externalTrafficPolicy') === 'Local';
}

export function defaultService(obj: Obj, alloc: ServiceAllocators, old: Obj | undefined): void {
  const spec = ensureObj(obj, 'spec');
  setDefaultString(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const clientIP = objAt(objAt(spec, 'sessionAffinityConfig'), 'clientIP');
    if (!clientIP || typeof clientIP.timeoutSeconds !== 'number')
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  setDefaultString(spec, 'type', 'ClusterIP');
  for (const p of objsAt(spec, 'ports')) {
    setDefaultString(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '')
      p.targetPort = p.port;
  }
  const type = spec.type;
  if (isExternallyAccessible(spec)) setDefaultString(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP')
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);

  const oldSpec = objAt(old, 'spec');
  if (oldSpec) {
    dropTypeDependentFields(spec, oldSpec);
    carryAllocatedValues(spec, oldSpec);
  }
  allocateClusterIPs(spec, alloc);
  if (needsNodePort(spec))
    for (const p of objsAt(spec, 'ports')) if (!p.nodePort) p.nodePort = alloc.allocateNodePort();
  if (needsHealthCheckPort(spec) && !spec.healthCheckNodePort) spec.healthCheckNodePort = alloc.allocateNodePort();
  // The strategy resets status on create; an empty ServiceStatus still serializes its load balancer.
  const status = ensureObj(obj, 'status');
  if (spec.type !== 'LoadBalancer' || !status.loadBalancer) status.loadBalancer = {};
}

function nodePortsOf(spec: Obj): Set<unknown> {
  return new Set(
    objsAt(spec, 'ports')
      .map((p) => p.nodePort)
      .filter(Boolean),
  );
}

function isExternallyAccessible(spec: Obj): boolean {
  const type = spec.type;
  return (
    type === 'NodePort' || type === 'LoadBalancer' || (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0)
  );
}

/** The strategy's dropTypeDependentFields: values kube set for the old type go when the type no longer needs them. */
function dropTypeDependentFields(spec: Obj, oldSpec: Obj): void {
  if (needsClusterIP(oldSpec) && !needsClusterIP(spec)) {
    if (
      spec.clusterIP === oldSpec.clusterIP &&
      JSON.stringify(spec.clusterIPs ?? []) === JSON.stringify(oldSpec.clusterIPs ?? [])
    ) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (JSON.stringify(spec.ipFamilies ?? []) === JSON.stringify(oldSpec.ipFamilies ?? [])) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === oldSpec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(oldSpec) && !needsNodePort(spec)) {
    const before = nodePortsOf(oldSpec);
    if ([...nodePortsOf(spec)].every((p) => before.has(p))) for (const p of objsAt(spec, 'ports')) delete p.nodePort;
  }
  if (oldSpec.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (
      typeof spec.allocateLoadBalancerNodePorts === 'boolean' &&
      spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts
    )
      delete spec.allocateLoadBalancerNodePorts;
  }
  if (
    needsHealthCheckPort(oldSpec) &&
    !needsHealthCheckPort(spec) &&
    spec.healthCheckNodePort === oldSpec.healthCheckNodePort
  )
    delete spec.healthCheckNodePort;
  if (
    isExternallyAccessible(oldSpec) &&
    !isExternallyAccessible(spec) &&
    spec.externalTrafficPolicy === oldSpec.externalTrafficPolicy
  )
    delete spec.externalTrafficPolicy;
}

function allocateClusterIPs(spec: Obj, alloc: ServiceAllocators): void {
  if (!needsClusterIP(spec)) return;
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs.filter((x): x is string => typeof x === 'string') : [];
  let primary = strAt(spec, 'clusterIP') ?? '';
  if (!primary && ips[0]) primary = ips[0];
  if (!primary) primary = alloc.allocateClusterIP();
  spec.clusterIP = primary;
  spec.clusterIPs = ips.length ? ips : [primary];
  const headless = primary === 'None';
  const selector = objAt(spec, 'selector');
  if (headless && (!selector || Object.keys(selector).length === 0)) {
    // Headless and selectorless: kube asks for both families even on a single-stack cluster.
    setDefault(spec, 'ipFamilyPolicy', 'RequireDualStack');
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0)
      spec.ipFamilies = spec.ipFamilyPolicy === 'SingleStack' ? ['IPv4'] : ['IPv4', 'IPv6'];
    return;
  }
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0)
    spec.ipFamilies = [primary.includes(':') ? 'IPv6' : 'IPv4'];
}

/** patchAllocatedValues: an update that omits allocated values keeps the stored ones. */
function carryAllocatedValues(spec: Obj, oldSpec: Obj | undefined): void {
  if (!oldSpec) return;
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    const ips = spec.clusterIPs;
    if ((!Array.isArray(ips) || ips.length === 0) && Array.isArray(oldSpec.clusterIPs) && oldSpec.clusterIPs.length)
      spec.clusterIPs = [...(oldSpec.clusterIPs as unknown[])];
  }
  if (needsNodePort(oldSpec) && needsNodePort(spec)) {
    const used = (s: Obj): Set<unknown> =>
      new Set(
        objsAt(s, 'ports')
          .map((p) => p.nodePort)
          .filter(Boolean),
      );
    const newUsed = used(spec);
    const inBoth = new Set([...used(oldSpec)].filter((p) => newUsed.has(p)));
    const byName = new Map<string, unknown>();
    for (const p of objsAt(oldSpec, 'ports')) byName.set(strAt(p, 'name') ?? '', p.nodePort);
    for (const p of objsAt(spec, 'ports')) {
      if (p.nodePort) continue;
      const previous = byName.get(strAt(p, 'name') ?? '');
      if (previous && !inBoth.has(previous)) p.nodePort = previous;
    }
  }
  if (needsHealthCheckPort(oldSpec) && needsHealthCheckPort(spec) && !spec.healthCheckNodePort)
    spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
}
