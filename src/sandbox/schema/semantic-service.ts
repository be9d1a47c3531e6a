/**
 * Service validation (core ValidateService / ValidateServiceUpdate, 1.32): ports and their
 * names, types, session affinity, cluster IPs, node ports within 30000-32767, traffic policies,
 * and the update rules for allocated addresses.
 */
import type { StatusCause } from '../errors.js';
import type { Obj } from '../model.js';
import {
  child,
  duplicate,
  forbidden,
  goQuote,
  goStringSlice,
  index,
  invalid,
  notSupported,
  required,
  text,
} from './semantic-errors.js';
import { arrAt, objAt, objsAt, strAt } from './semantic-json.js';
import { validateLabels } from './semantic-meta.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
} from './semantic-names.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

function isHeadless(spec: Obj): boolean {
  return arrAt(spec, 'clusterIPs')[0] === 'None' || spec.clusterIP === 'None';
}

/** Go prints a core.ServicePort key by value in duplicate-port errors. */
function goServicePortKey(protocol: string, port: unknown): string {
  return `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${String(port)}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

function validatePort(p: Obj, requireName: boolean, names: Set<string>, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const name = strAt(p, 'name') ?? '';
  if (requireName && !name) out.push(required(child(path, 'name')));
  else if (name) {
    out.push(...isDNS1123Label(name).map((m) => invalid(child(path, 'name'), goQuote(name), m)));
    if (names.has(name)) out.push(duplicate(child(path, 'name'), goQuote(name)));
    else names.add(name);
  }
  const port = typeof p.port === 'number' ? p.port : 0;
  out.push(...isValidPortNum(port).map((m) => invalid(child(path, 'port'), String(port), m)));
  const protocol = strAt(p, 'protocol') ?? '';
  if (!protocol) out.push(required(child(path, 'protocol')));
  else if (!PROTOCOLS.includes(protocol)) out.push(notSupported(child(path, 'protocol'), goQuote(protocol), PROTOCOLS));
  const target = p.targetPort;
  const targetPath = child(path, 'targetPort');
  if (typeof target === 'number')
    out.push(...isValidPortNum(target).map((m) => invalid(targetPath, String(target), m)));
  else if (typeof target === 'string')
    out.push(...isValidPortName(target).map((m) => invalid(targetPath, goQuote(target), m)));
  const appProtocol = strAt(p, 'appProtocol');
  if (appProtocol !== undefined)
    out.push(...isQualifiedName(appProtocol).map((m) => invalid(child(path, 'appProtocol'), goQuote(appProtocol), m)));
  return out;
}

export function validateServiceSpec(spec: Obj): StatusCause[] {
  const out: StatusCause[] = [];
  const type = strAt(spec, 'type') ?? '';
  const ports = objsAt(spec, 'ports');
  const headless = isHeadless(spec);
  if (ports.length === 0 && !headless && type !== 'ExternalName') out.push(required('spec.ports'));
  const firstIP = goQuote(text(arrAt(spec, 'clusterIPs')[0] ?? spec.clusterIP ?? ''));
  if (type === 'LoadBalancer') {
    ports.forEach((p, i) => {
      if (p.port === 10250)
        out.push(
          invalid(index('spec.ports', i), '10250', 'may not expose port 10250 externally since it is used by kubelet'),
        );
    });
    if (headless)
      out.push(invalid('spec.clusterIPs[0]', firstIP, "may not be set to 'None' for LoadBalancer services"));
  } else if (type === 'NodePort') {
    if (headless) out.push(invalid('spec.clusterIPs[0]', firstIP, "may not be set to 'None' for NodePort services"));
  } else if (type === 'ExternalName') {
    if (arrAt(spec, 'clusterIPs').length > 0 || spec.clusterIP)
      out.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (arrAt(spec, 'ipFamilies').length > 0)
      out.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy != null)
      out.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = (strAt(spec, 'externalName') ?? '').replace(/\.$/, '');
    if (cname) out.push(...isDNS1123Subdomain(cname).map((m) => invalid('spec.externalName', goQuote(cname), m)));
    else out.push(required('spec.externalName'));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => out.push(...validatePort(p, ports.length > 1, names, index('spec.ports', i))));
  if (spec.selector != null) out.push(...validateLabels(spec.selector, 'spec.selector'));
  const affinity = strAt(spec, 'sessionAffinity') ?? '';
  if (!affinity) out.push(required('spec.sessionAffinity'));
  else if (affinity !== 'ClientIP' && affinity !== 'None')
    out.push(notSupported('spec.sessionAffinity', goQuote(affinity), ['ClientIP', 'None']));
  if (affinity === 'ClientIP') {
    const timeout = objAt(objAt(spec, 'sessionAffinityConfig'), 'clientIP')?.timeoutSeconds;
    if (typeof timeout === 'number' && (timeout <= 0 || timeout > 86400))
      out.push(
        invalid(
          'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
          String(timeout),
          'must be greater than 0 and less than 86400',
        ),
      );
  } else if (affinity === 'None' && spec.sessionAffinityConfig != null) {
    out.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  out.push(...validateClusterIPs(spec));
  if (!type) out.push(required('spec.type'));
  else if (!TYPES.includes(type)) out.push(notSupported('spec.type', goQuote(type), TYPES));
  if (type === 'ClusterIP')
    ports.forEach((p, i) => {
      if (p.nodePort)
        out.push(forbidden(child(index('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const k = `${strAt(p, 'protocol') ?? ''}/${text(p.nodePort)}`;
    if (nodePorts.has(k)) out.push(duplicate(child(index('spec.ports', i), 'nodePort'), text(p.nodePort)));
    nodePorts.add(k);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const protocol = strAt(p, 'protocol') ?? '';
    const k = `${protocol}/${String(p.port)}`;
    if (seen.has(k)) out.push(duplicate(index('spec.ports', i), goServicePortKey(protocol, p.port)));
    seen.add(k);
  });
  out.push(...validateTrafficPolicies(spec, type));
  return out.length ? out : validateAllocation(spec, type, ports);
}

/**
 * What the IP and port allocators refuse. They run after validation in kube's REST storage,
 * so these errors only show when the object is otherwise valid.
 */
function validateAllocation(spec: Obj, type: string, ports: Obj[]): StatusCause[] {
  const out: StatusCause[] = [];
  const selector = objAt(spec, 'selector');
  const headlessSelectorless = isHeadless(spec) && (!selector || Object.keys(selector).length === 0);
  if (spec.ipFamilyPolicy === 'RequireDualStack' && !headlessSelectorless)
    out.push(
      invalid(
        'spec.ipFamilyPolicy',
        goQuote('RequireDualStack'),
        'this cluster is not configured for dual-stack services',
      ),
    );
  ports.forEach((p, i) => {
    const np = p.nodePort;
    if (typeof np === 'number' && np !== 0 && type !== 'ClusterIP' && (np < NODE_PORT_MIN || np > NODE_PORT_MAX))
      out.push(
        invalid(
          child(index('spec.ports', i), 'nodePort'),
          String(np),
          `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
        ),
      );
  });
  return out;
}

function isIP(s: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s))
    return s.split('.').every((o) => Number(o) <= 255 && (o === '0' || !o.startsWith('0')));
  return s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s);
}

function validateClusterIPs(spec: Obj): StatusCause[] {
  if (spec.type === 'ExternalName') return [];
  const out: StatusCause[] = [];
  const ips = arrAt(spec, 'clusterIPs').map(String);
  const primary = strAt(spec, 'clusterIP') ?? '';
  if (ips.length > 0 && primary !== ips[0])
    out.push(invalid('spec.clusterIPs', goStringSlice(ips), 'first value must match `clusterIP`'));
  ips.forEach((ip, i) => {
    if (ip === 'None') {
      if (i > 0 || ips.length > 1)
        out.push(invalid('spec.clusterIPs', goStringSlice(ips), "'None' must be the first and only value"));
    } else if (!isIP(ip))
      out.push(
        invalid(
          index('spec.clusterIPs', i),
          goQuote(ip),
          'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        ),
      );
  });
  const policy = spec.ipFamilyPolicy;
  if (typeof policy === 'string' && !['SingleStack', 'PreferDualStack', 'RequireDualStack'].includes(policy))
    out.push(
      notSupported('spec.ipFamilyPolicy', goQuote(policy), ['PreferDualStack', 'RequireDualStack', 'SingleStack']),
    );
  arrAt(spec, 'ipFamilies').forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6')
      out.push(notSupported(index('spec.ipFamilies', i), goQuote(String(f)), ['IPv4', 'IPv6']));
  });
  return out;
}

function validateTrafficPolicies(spec: Obj, type: string): StatusCause[] {
  const out: StatusCause[] = [];
  const external = type === 'NodePort' || type === 'LoadBalancer' || arrAt(spec, 'externalIPs').length > 0;
  const etp = strAt(spec, 'externalTrafficPolicy');
  if (!external) {
    if (etp)
      out.push(
        invalid('spec.externalTrafficPolicy', goQuote(etp), 'may only be set for externally-accessible services'),
      );
  } else if (!etp) out.push(required('spec.externalTrafficPolicy'));
  else if (etp !== 'Cluster' && etp !== 'Local')
    out.push(notSupported('spec.externalTrafficPolicy', goQuote(etp), ['Cluster', 'Local']));
  const hc = spec.healthCheckNodePort;
  if (typeof hc === 'number' && hc !== 0 && !(type === 'LoadBalancer' && etp === 'Local'))
    out.push(
      invalid(
        'spec.healthCheckNodePort',
        String(hc),
        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
      ),
    );
  const itp = strAt(spec, 'internalTrafficPolicy');
  if ((type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') && !itp)
    out.push(required('spec.internalTrafficPolicy'));
  else if (itp && itp !== 'Cluster' && itp !== 'Local')
    out.push(notSupported('spec.internalTrafficPolicy', goQuote(itp), ['Cluster', 'Local']));
  return out;
}

/** validateUpgradeDowngradeClusterIPs: the primary cluster IP never changes (ExternalName aside). */
export function validateServiceUpdate(spec: Obj, oldSpec: Obj): StatusCause[] {
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  const ips = arrAt(spec, 'clusterIPs').map(String);
  const oldIPs = arrAt(oldSpec, 'clusterIPs').map(String);
  const out: StatusCause[] = [];
  if (oldIPs.length > 0 && ips.length === 0)
    out.push(
      invalid('spec.clusterIPs[0]', goStringSlice(ips.length ? ips : null), 'primary clusterIP can not be unset'),
    );
  else if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0])
    out.push(invalid('spec.clusterIPs[0]', goStringSlice(ips), 'may not change once set'));
  const families = arrAt(spec, 'ipFamilies').map(String);
  const oldFamilies = arrAt(oldSpec, 'ipFamilies').map(String);
  if (oldFamilies.length > 0 && families.length > 0 && families[0] !== oldFamilies[0])
    out.push(invalid('spec.ipFamilies[0]', goQuote(families[0] ?? ''), 'may not change once set'));
  return out;
}
