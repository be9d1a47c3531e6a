/**
 * Printers for the core kinds that are not workloads or networking: Namespace, Node,
 * ConfigMap, Secret, ServiceAccount, ResourceQuota, Event, plus coordination's Lease. Column
 * names, order and cell formats follow pkg/printers/internalversion/printers.go (1.32).
 */
import type { Obj } from '../model.js';
import { formatTimestampSince, parseTimestamp } from './age.js';
import { AGE_COLUMN, NAME_COLUMN, NAME_DESCRIPTION, defineColumn, type Cell, type Printer } from './columns.js';
import {
  compareStrings,
  firstNonEmpty,
  formatAge,
  formatQuantity,
  readInt,
  readList,
  readMap,
  readObjects,
  readName,
  readPath,
  readString,
} from './format.js';

export const NAMESPACE_PRINTER: Printer = {
  columns: [NAME_COLUMN, defineColumn('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  // The apiserver stores every namespace with phase Active until it is being deleted.
  cells: (ns, now) => [readName(ns), readString(ns, 'status', 'phase') || 'Active', formatAge(ns, now)],
};

function findNodeRoles(node: Obj): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(readMap(node, 'metadata', 'labels'))) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (k === 'kubernetes.io/role' && typeof v === 'string' && v !== '') {
      roles.add(v);
    }
  }
  const list = [...roles].sort(compareStrings);
  return list.length === 0 ? '<none>' : list.join(',');
}

function formatNodeStatus(node: Obj): string {
  const status: string[] = [];
  // Later duplicates win, as in the printer's condition map.
  const ready = readObjects(node, 'status', 'conditions')
    .filter((c) => readString(c, 'type') === 'Ready')
    .pop();
  if (ready !== undefined) status.push(readString(ready, 'status') === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (readPath(node, 'spec', 'unschedulable') === true) status.push('SchedulingDisabled');
  return status.join(',');
}

function findNodeAddress(node: Obj, type: string): string {
  const addr = readObjects(node, 'status', 'addresses').find((a) => readString(a, 'type') === type);
  return addr === undefined ? '<none>' : readString(addr, 'address');
}

export const NODE_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Status', 'string', 'The status of the node'),
    defineColumn('Roles', 'string', 'The roles of the node'),
    AGE_COLUMN,
    defineColumn('Version', 'string', 'Kubelet Version reported by the node.'),
    defineColumn('Internal-IP', 'string', 'List of addresses reachable to the node.', { priority: 1 }),
    defineColumn('External-IP', 'string', 'List of addresses reachable to the node.', { priority: 1 }),
    defineColumn(
      'OS-Image',
      'string',
      'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
      {
        priority: 1,
      },
    ),
    defineColumn(
      'Kernel-Version',
      'string',
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
      {
        priority: 1,
      },
    ),
    defineColumn(
      'Container-Runtime',
      'string',
      'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
      {
        priority: 1,
      },
    ),
  ],
  cells(node, now) {
    const info = (k: string): string => readString(node, 'status', 'nodeInfo', k);
    return [
      readName(node),
      formatNodeStatus(node),
      findNodeRoles(node),
      formatAge(node, now),
      info('kubeletVersion'),
      findNodeAddress(node, 'InternalIP'),
      findNodeAddress(node, 'ExternalIP'),
      info('osImage') || '<unknown>',
      info('kernelVersion') || '<unknown>',
      info('containerRuntimeVersion') || '<unknown>',
    ];
  },
};

export const CONFIGMAP_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn(
      'Data',
      'string',
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
    ),
    AGE_COLUMN,
  ],
  cells: (cm, now) => [
    readName(cm),
    Object.keys(readMap(cm, 'data')).length + Object.keys(readMap(cm, 'binaryData')).length,
    formatAge(cm, now),
  ],
};

export const SECRET_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    defineColumn(
      'Data',
      'string',
      "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here.",
    ),
    AGE_COLUMN,
  ],
  cells(secret, now) {
    // stringData is merged into data on write; counting both keeps an unmerged object honest.
    const keys = new Set([...Object.keys(readMap(secret, 'data')), ...Object.keys(readMap(secret, 'stringData'))]);
    return [readName(secret), readString(secret, 'type') || 'Opaque', keys.size, formatAge(secret, now)];
  },
};

export const SERVICE_ACCOUNT_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    ),
    AGE_COLUMN,
  ],
  cells: (sa, now) => [readName(sa), readList(sa, 'secrets').length, formatAge(sa, now)],
};

function formatQuotaColumns(quota: Obj): [string, string] {
  const hard = readMap(quota, 'status', 'hard');
  const used = readMap(quota, 'status', 'used');
  const request: string[] = [];
  const limit: string[] = [];
  for (const resource of Object.keys(hard).sort(compareStrings)) {
    const pieces = resource.split('.');
    const target = pieces.length > 1 && pieces[0] === 'limits' ? limit : request;
    target.push(`${resource}: ${formatQuantity(used[resource])}/${formatQuantity(hard[resource])}`);
  }
  return [request.join(', '), limit.join(', ')];
}

export const RESOURCE_QUOTA_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn(
      'Request',
      'string',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    defineColumn(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
    AGE_COLUMN,
  ],
  cells(quota, now) {
    const [request, limit] = formatQuotaColumns(quota);
    return [readName(quota), request, limit, formatAge(quota, now)];
  },
};

function formatEventTimes(ev: Obj, now: Date): { first: string; last: string; count: number } {
  const firstTs = readPath(ev, 'firstTimestamp');
  const first =
    parseTimestamp(firstTs) === undefined
      ? formatTimestampSince(readPath(ev, 'eventTime'), now)
      : formatTimestampSince(firstTs, now);
  const lastTs = readPath(ev, 'lastTimestamp');
  let last = parseTimestamp(lastTs) === undefined ? first : formatTimestampSince(lastTs, now);
  let count = readInt(ev, 'count');
  const series = readPath(ev, 'series');
  if (series !== undefined && series !== null) {
    last = formatTimestampSince(readPath(series, 'lastObservedTime'), now);
    count = readInt(series, 'count');
  } else if (count === 0) {
    // Singleton events of the events.k8s.io API carry no count.
    count = 1;
  }
  return { first, last, count };
}

function formatEventSource(ev: Obj): string {
  const component = firstNonEmpty(readString(ev, 'source', 'component'), readString(ev, 'reportingComponent'));
  const instance = firstNonEmpty(readString(ev, 'source', 'host'), readString(ev, 'reportingInstance'));
  return instance === '' ? component : `${component}, ${instance}`;
}

export const EVENT_PRINTER: Printer = {
  columns: [
    defineColumn('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    defineColumn('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    defineColumn(
      'Reason',
      'string',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    defineColumn('Object', 'string', 'The object that this event is about.'),
    defineColumn(
      'Subobject',
      'string',
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].',
      { priority: 1 },
    ),
    defineColumn(
      'Source',
      'string',
      'The component reporting this event. Should be a short machine understandable string.',
      { priority: 1 },
    ),
    defineColumn('Message', 'string', 'A human-readable description of the status of this operation.'),
    defineColumn(
      'First Seen',
      'string',
      'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
      { priority: 1 },
    ),
    defineColumn('Count', 'string', 'The number of times this event has occurred.', { priority: 1 }),
    defineColumn('Name', 'string', NAME_DESCRIPTION, { priority: 1, format: 'name' }),
  ],
  cells(ev, now): Cell[] {
    const { first, last, count } = formatEventTimes(ev, now);
    const kind = readString(ev, 'involvedObject', 'kind').toLowerCase();
    const name = readString(ev, 'involvedObject', 'name');
    return [
      last,
      readString(ev, 'type'),
      readString(ev, 'reason'),
      name === '' ? kind : `${kind}/${name}`,
      readString(ev, 'involvedObject', 'fieldPath'),
      formatEventSource(ev),
      readString(ev, 'message').trim(),
      first,
      count,
      readName(ev),
    ];
  },
};

export const LEASE_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn(
      'Holder',
      'string',
      'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.',
    ),
    AGE_COLUMN,
  ],
  cells: (lease, now) => [readName(lease), readString(lease, 'spec', 'holderIdentity'), formatAge(lease, now)],
};
