/**
 * Printers for Job (STATUS / COMPLETIONS / DURATION), CronJob, HorizontalPodAutoscaler (TARGETS
 * "cpu: 40%/80%") and PodDisruptionBudget, as pkg/printers/internalversion/printers.go (1.32)
 * prints them.
 */
import type { Obj } from '../model.js';
import { formatHumanDuration, formatTimestampSince, parseTimestamp } from './age.js';
import { AGE_COLUMN, NAME_COLUMN, defineColumn, defineWideTemplateColumns, type Printer } from './columns.js';
import {
  formatAge,
  formatContainerCells,
  formatIntOrString,
  formatLabelSelector,
  formatQuantity,
  isDeleting,
  readBool,
  readInt,
  readList,
  readName,
  readObjects,
  readOptionalInt,
  readPath,
  readString,
} from './format.js';

/** hasJobCondition: the first condition of that type decides. */
function hasJobCondition(job: Obj, type: string): boolean {
  const cond = readObjects(job, 'status', 'conditions').find((c) => readString(c, 'type') === type);
  return cond !== undefined && readString(cond, 'status') === 'True';
}

function formatJobStatus(job: Obj): string {
  if (hasJobCondition(job, 'Complete')) return 'Complete';
  if (hasJobCondition(job, 'Failed')) return 'Failed';
  if (isDeleting(job)) return 'Terminating';
  if (hasJobCondition(job, 'Suspended')) return 'Suspended';
  if (hasJobCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function formatJobCompletions(job: Obj): string {
  const succeeded = readInt(job, 'status', 'succeeded');
  const completions = readOptionalInt(job, 'spec', 'completions');
  if (completions !== undefined) return `${succeeded}/${completions}`;
  const parallelism = readOptionalInt(job, 'spec', 'parallelism') ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function formatJobDuration(job: Obj, now: Date): string {
  const start = parseTimestamp(readPath(job, 'status', 'startTime'));
  if (start === undefined) return '';
  const end = parseTimestamp(readPath(job, 'status', 'completionTime'));
  return formatHumanDuration((end ?? now.getTime()) - start);
}

export const JOB_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Status', 'string', 'Status of the job.'),
    defineColumn('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    defineColumn('Duration', 'string', 'Time required to complete the job.'),
    AGE_COLUMN,
    ...defineWideTemplateColumns('A label query over pods that should match the pod count.'),
  ],
  cells(job, now) {
    const [containers, images] = formatContainerCells(readList(job, 'spec', 'template', 'spec', 'containers'));
    return [
      readName(job),
      formatJobStatus(job),
      formatJobCompletions(job),
      formatJobDuration(job, now),
      formatAge(job, now),
      containers,
      images,
      formatLabelSelector(readPath(job, 'spec', 'selector')),
    ];
  },
};

export const CRONJOB_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    defineColumn(
      'Timezone',
      'string',
      'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.',
    ),
    defineColumn(
      'Suspend',
      'boolean',
      'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.',
    ),
    defineColumn('Active', 'integer', 'A list of pointers to currently running jobs.'),
    defineColumn('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COLUMN,
    ...defineWideTemplateColumns('A label query over pods that should match the pod count.'),
  ],
  cells(cj, now) {
    const jobSpec = readPath(cj, 'spec', 'jobTemplate', 'spec');
    const [containers, images] = formatContainerCells(readList(jobSpec, 'template', 'spec', 'containers'));
    const last = readPath(cj, 'status', 'lastScheduleTime');
    // spec.suspend is defaulted to false on write, so "<unset>" never shows on a real cluster.
    const suspend = readBool(cj, 'spec', 'suspend') ?? false;
    return [
      readName(cj),
      readString(cj, 'spec', 'schedule'),
      readString(cj, 'spec', 'timeZone') || '<none>',
      suspend ? 'True' : 'False',
      readList(cj, 'status', 'active').length,
      last === undefined || last === null ? '<none>' : formatTimestampSince(last, now),
      formatAge(cj, now),
      containers,
      images,
      formatLabelSelector(readPath(jobSpec, 'selector')),
    ];
  },
};

/** autoscaling/v2 defaulting: no metrics means the default 80% CPU utilization target. */
const DEFAULT_HPA_METRICS: Obj[] = [
  { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
];

function formatMetric(spec: Obj, status: Obj | undefined): string {
  const current = (source: string, ...keys: string[]): unknown => readPath(status, source, 'current', ...keys);
  const hasSource = (source: string): boolean => status !== undefined && readPath(status, source) !== undefined;
  switch (readString(spec, 'type')) {
    case 'External':
    case 'Object': {
      const source = readString(spec, 'type') === 'External' ? 'external' : 'object';
      const target = readPath(spec, source, 'target');
      const avg = readPath(target, 'averageValue');
      if (avg !== undefined) {
        const cur = hasSource(source) ? formatQuantity(current(source, 'averageValue'), '<unknown>') : '<unknown>';
        return `${cur}/${formatQuantity(avg, '<nil>')} (avg)`;
      }
      const cur = hasSource(source) ? formatQuantity(current(source, 'value'), '<nil>') : '<unknown>';
      return `${cur}/${formatQuantity(readPath(target, 'value'), '<nil>')}`;
    }
    case 'Pods': {
      const cur = hasSource('pods') ? formatQuantity(current('pods', 'averageValue'), '<nil>') : '<unknown>';
      return `${cur}/${formatQuantity(readPath(spec, 'pods', 'target', 'averageValue'), '<nil>')}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const source = readString(spec, 'type') === 'Resource' ? 'resource' : 'containerResource';
      const name = readString(spec, source, 'name');
      const target = readPath(spec, source, 'target');
      const avg = readPath(target, 'averageValue');
      if (avg !== undefined) {
        const cur = hasSource(source) ? formatQuantity(current(source, 'averageValue'), '<nil>') : '<unknown>';
        return `${name}: ${cur}/${formatQuantity(avg, '<nil>')}`;
      }
      const util = readOptionalInt(status, source, 'current', 'averageUtilization');
      const cur = hasSource(source) && util !== undefined ? `${util}%` : '<unknown>';
      const targetUtil = readOptionalInt(target, 'averageUtilization');
      return `${name}: ${cur}/${targetUtil === undefined ? '<auto>' : `${targetUtil}%`}`;
    }
    default:
      return '<unknown type>';
  }
}

/** formatHPAMetrics: at most two targets, then "+ N more...". */
function formatHpaTargets(hpa: Obj): string {
  const raw = readPath(hpa, 'spec', 'metrics');
  const specs = raw === undefined || raw === null ? DEFAULT_HPA_METRICS : readObjects(hpa, 'spec', 'metrics');
  if (specs.length === 0) return '<none>';
  const statuses = readObjects(hpa, 'status', 'currentMetrics');
  const list = specs.map((spec, i) => formatMetric(spec, statuses[i]));
  const max = 2;
  return list.length > max ? `${list.slice(0, max).join(', ')} + ${list.length - max} more...` : list.join(', ');
}

export const HPA_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn(
      'Reference',
      'string',
      'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.',
    ),
    defineColumn(
      'Targets',
      'string',
      'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).',
    ),
    defineColumn(
      'MinPods',
      'string',
      'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.',
    ),
    defineColumn(
      'MaxPods',
      'string',
      'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.',
    ),
    defineColumn(
      'Replicas',
      'string',
      'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.',
    ),
    AGE_COLUMN,
  ],
  cells(hpa, now) {
    const ref = `${readString(hpa, 'spec', 'scaleTargetRef', 'kind')}/${readString(hpa, 'spec', 'scaleTargetRef', 'name')}`;
    // minReplicas is defaulted to 1 on write.
    const min = readOptionalInt(hpa, 'spec', 'minReplicas') ?? 1;
    return [
      readName(hpa),
      ref,
      formatHpaTargets(hpa),
      String(min),
      readInt(hpa, 'spec', 'maxReplicas'),
      readInt(hpa, 'status', 'currentReplicas'),
      formatAge(hpa, now),
    ];
  },
};

export const PDB_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    defineColumn('Min Available', 'string', 'The minimum number of pods that must be available.'),
    defineColumn('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    defineColumn('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE_COLUMN,
  ],
  cells(pdb, now) {
    const min = readPath(pdb, 'spec', 'minAvailable');
    const max = readPath(pdb, 'spec', 'maxUnavailable');
    return [
      readName(pdb),
      min === undefined || min === null ? 'N/A' : formatIntOrString(min),
      max === undefined || max === null ? 'N/A' : formatIntOrString(max),
      readInt(pdb, 'status', 'disruptionsAllowed'),
      formatAge(pdb, now),
    ];
  },
};
