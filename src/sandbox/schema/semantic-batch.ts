/**
 * batch/v1 validation (pkg/apis/batch/validation, 1.32): Job specs, the generated selector and
 * labels, the pod template's restart policy, CronJob specs (schedule parsing lives in
 * semantic-cron.ts) and the Job update rules.
 */
import type { StatusCause } from '../errors.js';
import type { Obj } from '../model.js';
import {
  checkNonNegative,
  child,
  goLabelSelector,
  goQuote,
  goStringMap,
  goStruct,
  IMMUTABLE,
  invalid,
  notSupported,
  required,
  text,
} from './semantic-errors.js';
import { jsonEqual, objAt, strAt, stringMap } from './semantic-json.js';
import { selectorOf, validateLabelSelector } from './semantic-meta.js';
import { isDNS1123Label } from './semantic-names.js';
import { parseCronError, validateTimeZone } from './semantic-cron.js';
import { validatePodTemplate } from './semantic-pod.js';

function validateJobSpecCommon(spec: Obj, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished'])
    out.push(...checkNonNegative(child(path, f), spec[f]));
  const mode = spec.completionMode;
  if (typeof mode === 'string') {
    if (mode !== 'NonIndexed' && mode !== 'Indexed')
      out.push(notSupported(child(path, 'completionMode'), goQuote(mode), ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (spec.completions == null) out.push(required(child(path, 'completions'), 'when completion mode is Indexed'));
      if (typeof spec.parallelism === 'number' && spec.parallelism > 100000)
        out.push(
          invalid(
            child(path, 'parallelism'),
            String(spec.parallelism),
            'must be less than or equal to 100000 when completion mode is Indexed',
          ),
        );
    }
  }
  const replacement = strAt(spec, 'podReplacementPolicy');
  if (replacement !== undefined) {
    if (objAt(spec, 'podFailurePolicy')) {
      if (replacement !== 'Failed')
        out.push(notSupported(child(path, 'podReplacementPolicy'), goQuote(replacement), ['Failed']));
    } else if (replacement !== 'Failed' && replacement !== 'TerminatingOrFailed') {
      out.push(
        notSupported(child(path, 'podReplacementPolicy'), goQuote(replacement), ['Failed', 'TerminatingOrFailed']),
      );
    }
  }
  const template = objAt(spec, 'template');
  out.push(...validatePodTemplate(template, child(path, 'template')));
  const restartPolicy = strAt(objAt(template, 'spec'), 'restartPolicy') ?? '';
  const rpPath = child(path, 'template', 'spec', 'restartPolicy');
  // The pod-spec default is Always, so an unset policy also lands here.
  if (restartPolicy === 'Always' || restartPolicy === '')
    out.push(required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never')
    out.push(notSupported(rpPath, goQuote(restartPolicy), ['OnFailure', 'Never']));
  else if (objAt(spec, 'podFailurePolicy') && restartPolicy !== 'Never')
    out.push(invalid(rpPath, goQuote(restartPolicy), 'only "Never" is supported when podFailurePolicy is specified'));
  return out;
}

function hasLabel(
  labels: Record<string, string>,
  k: string,
  expected: string,
  path: string,
  raw: unknown,
): StatusCause[] {
  const p = `${child(path, 'labels')}[${k}]`;
  if (!(k in labels)) return [required(p, `must be '${expected}'`)];
  if (labels[k] !== expected) return [invalid(p, goStringMap(raw), `must be '${expected}'`)];
  return [];
}

/** validateGeneratedSelector: without manualSelector the selector and labels must be kube's own. */
function validateGeneratedSelector(job: Obj): StatusCause[] {
  const spec = objAt(job, 'spec') ?? {};
  if (spec.manualSelector === true || spec.selector == null) return [];
  const meta = objAt(job, 'metadata') ?? {};
  const uid = strAt(meta, 'uid') ?? '';
  const name = strAt(meta, 'name') ?? '';
  const out: StatusCause[] = [];
  if (!uid) out.push(required('metadata.uid'));
  const raw = objAt(objAt(spec.template, 'metadata'), 'labels');
  const labels = stringMap(raw) ?? {};
  const tpl = 'spec.template.metadata';
  out.push(...hasLabel(labels, 'controller-uid', uid, tpl, raw));
  out.push(...hasLabel(labels, 'job-name', name, tpl, raw));
  out.push(...hasLabel(labels, 'batch.kubernetes.io/controller-uid', uid, tpl, raw));
  out.push(...hasLabel(labels, 'batch.kubernetes.io/job-name', name, tpl, raw));
  const expected = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
  const sel = selectorOf(spec.selector);
  if (sel && !sel.matches(expected))
    out.push(invalid('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'));
  return out;
}

export function validateJob(job: Obj): StatusCause[] {
  const spec = objAt(job, 'spec') ?? {};
  const out = validateGeneratedSelector(job);
  out.push(...validateJobSpecCommon(spec, 'spec'));
  if (spec.selector == null) out.push(required('spec.selector'));
  else out.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const sel = selectorOf(spec.selector);
  if (sel) {
    if (sel.empty) out.push(required('spec.selector'));
    const labels = objAt(objAt(spec.template, 'metadata'), 'labels');
    if (!sel.matches(stringMap(labels) ?? {}))
      out.push(
        invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'),
      );
  }
  const name = strAt(objAt(job, 'metadata'), 'name') ?? '';
  if (spec.completionMode === 'Indexed' && typeof spec.completions === 'number' && spec.completions > 0) {
    // Indexed pods are named <job>-<index>; the longest one must still be a DNS label.
    const longest = `${name}-${spec.completions - 1}`;
    if (isDNS1123Label(longest).length)
      out.push(
        invalid('metadata.name', goQuote(name), `will not able to create pod with invalid DNS label: ${longest}`),
      );
  }
  return out;
}

export function validateJobUpdate(spec: Obj, oldSpec: Obj): StatusCause[] {
  const out: StatusCause[] = [];
  const suspended = spec.suspend === true;
  if (!jsonEqual(spec.completions, oldSpec.completions))
    out.push(invalid('spec.completions', spec.completions == null ? 'null' : text(spec.completions), IMMUTABLE));
  if (!jsonEqual(spec.selector, oldSpec.selector))
    out.push(invalid('spec.selector', goLabelSelector(spec.selector), IMMUTABLE));
  // A suspended Job may change its template's scheduling directives; anything else is frozen.
  const stripScheduling = (t: unknown): unknown => {
    if (!suspended || typeof t !== 'object' || t === null) return t;
    const copy = structuredClone(t) as Obj;
    const s = objAt(copy, 'spec');
    if (s) for (const f of ['nodeSelector', 'tolerations', 'affinity', 'schedulingGates']) delete s[f];
    const m = objAt(copy, 'metadata');
    if (m) {
      delete m.labels;
      delete m.annotations;
    }
    return copy;
  };
  if (!jsonEqual(stripScheduling(spec.template), stripScheduling(oldSpec.template)))
    out.push(invalid('spec.template', goStruct('core.PodTemplateSpec', spec.template), IMMUTABLE));
  for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    if (!jsonEqual(spec[f], oldSpec[f])) {
      const v = spec[f];
      out.push(
        invalid(`spec.${f}`, typeof v === 'string' ? goQuote(v) : v == null ? 'null' : goStruct('', v), IMMUTABLE),
      );
    }
  }
  return out;
}

export function validateCronJob(cronJob: Obj, oldSpec?: Obj): StatusCause[] {
  const spec = objAt(cronJob, 'spec') ?? {};
  const out: StatusCause[] = [];
  const schedule = strAt(spec, 'schedule') ?? '';
  if (!schedule) out.push(required('spec.schedule'));
  else {
    const err = parseCronError(schedule);
    if (err) out.push(invalid('spec.schedule', goQuote(schedule), err));
    const allowTZ = (strAt(oldSpec, 'schedule') ?? '').includes('TZ');
    if (allowTZ && schedule.includes('TZ') && spec.timeZone != null)
      out.push(
        invalid('spec.schedule', goQuote(schedule), 'cannot use both timeZone field and TZ or CRON_TZ in schedule'),
      );
    else if (!allowTZ && schedule.includes('TZ'))
      out.push(
        invalid('spec.schedule', goQuote(schedule), 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'),
      );
  }
  out.push(...checkNonNegative('spec.startingDeadlineSeconds', spec.startingDeadlineSeconds));
  const tz = strAt(spec, 'timeZone');
  if (tz !== undefined && (!oldSpec || oldSpec.timeZone !== tz)) out.push(...validateTimeZone(tz));
  const policy = strAt(spec, 'concurrencyPolicy') ?? '';
  if (!policy) out.push(required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy))
    out.push(notSupported('spec.concurrencyPolicy', goQuote(policy), ['Allow', 'Forbid', 'Replace']));
  const jobSpec = objAt(objAt(spec, 'jobTemplate'), 'spec') ?? {};
  out.push(...validateJobSpecCommon(jobSpec, 'spec.jobTemplate.spec'));
  if (jobSpec.selector != null)
    out.push(
      invalid('spec.jobTemplate.spec.selector', goLabelSelector(jobSpec.selector), '`selector` will be auto-generated'),
    );
  if (jobSpec.manualSelector === true)
    out.push(notSupported('spec.jobTemplate.spec.manualSelector', 'true', ['nil', 'false']));
  out.push(...checkNonNegative('spec.successfulJobsHistoryLimit', spec.successfulJobsHistoryLimit));
  out.push(...checkNonNegative('spec.failedJobsHistoryLimit', spec.failedJobsHistoryLimit));
  const name = strAt(objAt(cronJob, 'metadata'), 'name') ?? '';
  // Jobs get an 11-character suffix, and a Job name must fit a 63-character label.
  if (!oldSpec && name.length > 52)
    out.push(invalid('metadata.name', goQuote(name), 'must be no more than 52 characters'));
  return out;
}
