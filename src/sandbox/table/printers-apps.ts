/**
 * Printers for the apps/v1 kinds: Deployment (READY "2/3", UP-TO-DATE, AVAILABLE), ReplicaSet,
 * StatefulSet, DaemonSet and ControllerRevision, with the wide CONTAINERS / IMAGES / SELECTOR
 * columns, as pkg/printers/internalversion/printers.go (1.32) prints them.
 */
import { parseApiVersion, type Obj } from '../model.js';
import { AGE_COLUMN, NAME_COLUMN, defineColumn, defineWideTemplateColumns, type Printer } from './columns.js';
import {
  findControllerRef,
  formatAge,
  formatContainerCells,
  formatLabelSelector,
  formatLabels,
  formatSelectorRequirements,
  readInt,
  readList,
  readName,
  readOptionalInt,
  readPath,
  readString,
} from './format.js';

/** spec.replicas as the apiserver stores it: defaulted to 1 when omitted. */
function readDesiredReplicas(obj: Obj): number {
  return readOptionalInt(obj, 'spec', 'replicas') ?? 1;
}

function readTemplateContainers(obj: Obj): [string, string] {
  return formatContainerCells(readList(obj, 'spec', 'template', 'spec', 'containers'));
}

export const DEPLOYMENT_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Ready', 'string', 'Number of the pod with ready state'),
    defineColumn(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    defineColumn(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    AGE_COLUMN,
    ...defineWideTemplateColumns(
      'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
    ),
  ],
  cells(d, now) {
    const [containers, images] = readTemplateContainers(d);
    // printDeployment prints selector.String() itself: "" for an empty selector, "<invalid>" on error.
    const selector = formatSelectorRequirements(readPath(d, 'spec', 'selector')) ?? '<invalid>';
    return [
      readName(d),
      `${readInt(d, 'status', 'readyReplicas')}/${readDesiredReplicas(d)}`,
      readInt(d, 'status', 'updatedReplicas'),
      readInt(d, 'status', 'availableReplicas'),
      formatAge(d, now),
      containers,
      images,
      selector,
    ];
  },
};

export const REPLICASET_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Desired', 'integer', 'Replicas is the number of desired replicas.'),
    defineColumn('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    defineColumn('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE_COLUMN,
    ...defineWideTemplateColumns('Selector is a label query over pods that should match the replica count.'),
  ],
  cells(rs, now) {
    const [containers, images] = readTemplateContainers(rs);
    return [
      readName(rs),
      readDesiredReplicas(rs),
      readInt(rs, 'status', 'replicas'),
      readInt(rs, 'status', 'readyReplicas'),
      formatAge(rs, now),
      containers,
      images,
      formatLabelSelector(readPath(rs, 'spec', 'selector')),
    ];
  },
};

export const STATEFULSET_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Ready', 'string', 'Number of the pod with ready state'),
    AGE_COLUMN,
    ...defineWideTemplateColumns(),
  ],
  cells(sts, now) {
    const [containers, images] = readTemplateContainers(sts);
    return [
      readName(sts),
      `${readInt(sts, 'status', 'readyReplicas')}/${readDesiredReplicas(sts)}`,
      formatAge(sts, now),
      containers,
      images,
    ];
  },
};

export const DAEMONSET_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn(
      'Desired',
      'integer',
      'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).',
    ),
    defineColumn(
      'Current',
      'integer',
      'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
    ),
    defineColumn(
      'Ready',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    ),
    defineColumn('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    defineColumn(
      'Available',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
    ),
    defineColumn(
      'Node Selector',
      'string',
      "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node.",
    ),
    AGE_COLUMN,
    ...defineWideTemplateColumns('A label query over pods that are managed by the daemon set.'),
  ],
  cells(ds, now) {
    const [containers, images] = readTemplateContainers(ds);
    const status = (k: string): number => readInt(ds, 'status', k);
    return [
      readName(ds),
      status('desiredNumberScheduled'),
      status('currentNumberScheduled'),
      status('numberReady'),
      status('updatedNumberScheduled'),
      status('numberAvailable'),
      formatLabels(readPath(ds, 'spec', 'template', 'spec', 'nodeSelector')),
      formatAge(ds, now),
      containers,
      images,
      formatLabelSelector(readPath(ds, 'spec', 'selector')),
    ];
  },
};

/** formatResourceName(groupKind, name, true): "statefulset.apps/web", "pod/x" for the core group. */
function formatControllerName(rev: Obj): string {
  const ref = findControllerRef(rev);
  if (ref === undefined) return '<none>';
  const { group } = parseApiVersion(readString(ref, 'apiVersion'));
  const kind = readString(ref, 'kind');
  const name = readString(ref, 'name');
  if (kind === '' && group === '') return name;
  return `${(group === '' ? kind : `${kind}.${group}`).toLowerCase()}/${name}`;
}

export const CONTROLLER_REVISION_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Controller', 'string', 'Controller of the object'),
    defineColumn('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'),
    AGE_COLUMN,
  ],
  cells: (rev, now) => [readName(rev), formatControllerName(rev), readInt(rev, 'revision'), formatAge(rev, now)],
};
