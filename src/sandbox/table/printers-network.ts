/**
 * Printers for Service, Endpoints, Ingress, IngressClass and NetworkPolicy: EXTERNAL-IP
 * "<none>"/"<pending>", PORT(S) "80/TCP,443:30443/TCP", endpoint lists "+ N more...", ingress
 * hosts and ports, as pkg/printers/internalversion/printers.go (1.32) prints them.
 */
import type { Obj } from '../model.js';
import { AGE_COLUMN, NAME_COLUMN, defineColumn, type Printer } from './columns.js';
import {
  compareStrings,
  formatAge,
  formatLabelSelector,
  formatLabels,
  readInt,
  readList,
  readName,
  readObjects,
  readPath,
  readString,
} from './format.js';

/** The LB ingress points as a sorted, de-duplicated list; the apiserver prints wide, so never clipped. */
function formatLoadBalancerIngress(obj: Obj): string {
  const set = new Set<string>();
  for (const ing of readObjects(obj, 'status', 'loadBalancer', 'ingress')) {
    const ip = readString(ing, 'ip');
    const host = readString(ing, 'hostname');
    if (ip !== '') set.add(ip);
    else if (host !== '') set.add(host);
  }
  return [...set].sort(compareStrings).join(',');
}

function formatServiceExternalIP(svc: Obj, type: string): string {
  const externalIPs = readList(svc, 'spec', 'externalIPs').filter((x): x is string => typeof x === 'string');
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = formatLoadBalancerIngress(svc);
      if (externalIPs.length > 0) return [...(lb === '' ? [] : lb.split(',')), ...externalIPs].join(',');
      return lb === '' ? '<pending>' : lb;
    }
    case 'ExternalName':
      return readString(svc, 'spec', 'externalName');
    default:
      return '<unknown>';
  }
}

function formatServicePorts(svc: Obj): string {
  const pieces = readObjects(svc, 'spec', 'ports').map((p) => {
    // Protocol defaults to TCP on write.
    const protocol = readString(p, 'protocol') || 'TCP';
    const nodePort = readInt(p, 'nodePort');
    const port = readInt(p, 'port');
    return nodePort > 0 ? `${port}:${nodePort}/${protocol}` : `${port}/${protocol}`;
  });
  return pieces.length === 0 ? '<none>' : pieces.join(',');
}

function readClusterIP(svc: Obj): string {
  const ips = readList(svc, 'spec', 'clusterIPs');
  if (ips.length > 0) return typeof ips[0] === 'string' ? ips[0] : '';
  return readString(svc, 'spec', 'clusterIP') || '<none>';
}

export const SERVICE_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP.'),
    defineColumn(
      'Cluster-IP',
      'string',
      'clusterIP is the IP address of the service and is usually assigned randomly.',
    ),
    defineColumn(
      'External-IP',
      'string',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    defineColumn('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    defineColumn(
      'Selector',
      'string',
      'Route service traffic to pods with label keys and values matching this selector.',
      { priority: 1 },
    ),
  ],
  cells(svc, now) {
    const type = readString(svc, 'spec', 'type') || 'ClusterIP';
    return [
      readName(svc),
      type,
      readClusterIP(svc),
      formatServiceExternalIP(svc, type),
      formatServicePorts(svc),
      formatAge(svc, now),
      formatLabels(readPath(svc, 'spec', 'selector')),
    ];
  },
};

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** formatEndpoints: up to three "ip:port" entries, then "+ N more...". */
function formatEndpoints(ep: Obj): string {
  const subsets = readObjects(ep, 'subsets');
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = readObjects(ss, 'addresses');
    const ports = readObjects(ss, 'ports');
    if (ports.length === 0) {
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(readString(addr, 'ip'));
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(readString(addr, 'ip'), readInt(port, 'port')));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const ENDPOINTS_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
    AGE_COLUMN,
  ],
  cells: (ep, now) => [readName(ep), formatEndpoints(ep), formatAge(ep, now)],
};

function formatIngressHosts(ing: Obj): string {
  const rules = readObjects(ing, 'spec', 'rules');
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    const host = readString(rule, 'host');
    if (!more && host !== '') list.push(host);
  }
  if (list.length === 0) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${rules.length - max} more...` : ret;
}

export const INGRESS_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn(
      'Class',
      'string',
      'The name of the IngressClass resource that should be used for additional configuration',
    ),
    defineColumn('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    defineColumn('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    defineColumn('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE_COLUMN,
  ],
  cells: (ing, now) => [
    readName(ing),
    readString(ing, 'spec', 'ingressClassName') || '<none>',
    formatIngressHosts(ing),
    formatLoadBalancerIngress(ing),
    readList(ing, 'spec', 'tls').length > 0 ? '80, 443' : '80',
    formatAge(ing, now),
  ],
};

function formatIngressClassParameters(ic: Obj): string {
  const params = readPath(ic, 'spec', 'parameters');
  if (params === undefined || params === null) return '<none>';
  const group = readPath(params, 'apiGroup');
  const kind = readString(params, 'kind') + (typeof group === 'string' ? `.${group}` : '');
  return `${kind}/${readString(params, 'name')}`;
}

export const INGRESS_CLASS_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Controller', 'string', 'Controller that is responsible for handling this class'),
    defineColumn('Parameters', 'string', 'A reference to a resource with additional parameters'),
    AGE_COLUMN,
  ],
  cells: (ic, now) => [
    readName(ic),
    readString(ic, 'spec', 'controller'),
    formatIngressClassParameters(ic),
    formatAge(ic, now),
  ],
};

export const NETWORK_POLICY_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies.'),
    AGE_COLUMN,
  ],
  cells: (np, now) => [
    readName(np),
    formatLabelSelector(readPath(np, 'spec', 'podSelector') ?? {}),
    formatAge(np, now),
  ],
};
