/**
 * Defaulting of apps/v1 and batch/v1 workloads (apps/v1 and batch/v1 defaults.go), plus the
 * create-time work of their registry strategies that changes what a client reads back: the
 * Job's generated selector and labels, and the DaemonSet's template-generation annotation.
 */
import type { Obj } from '../model.js';
import { defaultPodTemplate, defaultPVCSpec } from './defaults-pod.js';
import { ensureObj, jsonEqual, objAt, objsAt, setDefault, setDefaultString, strAt } from './semantic-json.js';

export function defaultDeployment(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = ensureObj(spec, 'strategy');
  setDefaultString(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = ensureObj(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(ensureObj(spec, 'template'));
}

export function defaultReplicaSet(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(ensureObj(spec, 'template'));
}

export function defaultStatefulSet(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  setDefaultString(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = ensureObj(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    setDefault(strategy, 'rollingUpdate', {});
  }
  const ru = objAt(strategy, 'rollingUpdate');
  if (strategy.type === 'RollingUpdate' && ru) setDefault(ru, 'partition', 0);
  // StatefulSetAutoDeletePVC is on by default in 1.32.
  const retention = ensureObj(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefaultString(retention, 'whenDeleted', 'Retain');
  setDefaultString(retention, 'whenScaled', 'Retain');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(ensureObj(spec, 'template'));
  for (const claim of objsAt(spec, 'volumeClaimTemplates')) {
    // Claim templates are whole PVC objects: they get the PVC defaults, status included.
    const meta = ensureObj(claim, 'metadata');
    if (meta.creationTimestamp === undefined) meta.creationTimestamp = null;
    defaultPVCSpec(ensureObj(claim, 'spec'));
    setDefaultString(ensureObj(claim, 'status'), 'phase', 'Pending');
  }
}

export function defaultDaemonSet(obj: Obj, old: Obj | undefined): void {
  const spec = ensureObj(obj, 'spec');
  const strategy = ensureObj(spec, 'updateStrategy');
  setDefaultString(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = ensureObj(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(ensureObj(spec, 'template'));
  // The internal spec.templateGeneration surfaces in apps/v1 as this annotation; the strategy
  // starts it at 1 and bumps it whenever the pod template changes.
  const annotations = ensureObj(ensureObj(obj, 'metadata'), 'annotations');
  const KEY = 'deprecated.daemonset.template.generation';
  if (!old) {
    const current = Number(annotations[KEY] ?? 0);
    annotations[KEY] = String(current >= 1 ? current : 1);
    return;
  }
  const previous = Number(objAt(objAt(old, 'metadata'), 'annotations')?.[KEY] ?? 1) || 1;
  const changed = !jsonEqual(spec.template, objAt(old, 'spec')?.template);
  annotations[KEY] = String(changed ? previous + 1 : previous);
}

export function defaultJobSpec(spec: Obj, isJobObject: boolean): void {
  if (isJobObject) {
    if (spec.completions == null && spec.parallelism == null) {
      spec.completions = 1;
      spec.parallelism = 1;
    }
    setDefault(spec, 'parallelism', 1);
    setDefault(spec, 'backoffLimit', spec.backoffLimitPerIndex != null ? 2147483647 : 6);
    setDefault(spec, 'completionMode', 'NonIndexed');
    setDefault(spec, 'suspend', false);
    const policy = objAt(spec, 'podFailurePolicy');
    for (const rule of objsAt(policy, 'rules'))
      for (const pattern of objsAt(rule, 'onPodConditions')) setDefaultString(pattern, 'status', 'True');
    setDefault(spec, 'podReplacementPolicy', policy ? 'Failed' : 'TerminatingOrFailed');
  }
  defaultPodTemplate(ensureObj(spec, 'template'));
}

export function defaultJob(obj: Obj, old: Obj | undefined): void {
  const spec = ensureObj(obj, 'spec');
  defaultJobSpec(spec, true);
  if (!old && spec.manualSelector !== true) generateJobSelector(obj, spec);
  // SetDefaults_Job copies the template labels when the Job has none; kube also re-runs this
  // when it decodes the stored object, so the generated labels end up on the Job itself.
  const meta = ensureObj(obj, 'metadata');
  const templateLabels = objAt(objAt(spec.template, 'metadata'), 'labels');
  const jobLabels = objAt(meta, 'labels');
  if (templateLabels && (!jobLabels || Object.keys(jobLabels).length === 0)) meta.labels = { ...templateLabels };
}

/** jobStrategy.PrepareForCreate: selector on the uid, and the matching labels on the template. */
function generateJobSelector(obj: Obj, spec: Obj): void {
  const meta = ensureObj(obj, 'metadata');
  const name = strAt(meta, 'name') ?? '';
  const uid = strAt(meta, 'uid') ?? '';
  const labels = ensureObj(ensureObj(ensureObj(spec, 'template'), 'metadata'), 'labels');
  for (const k of ['job-name', 'batch.kubernetes.io/job-name']) if (!(k in labels)) labels[k] = name;
  for (const k of ['controller-uid', 'batch.kubernetes.io/controller-uid']) if (!(k in labels)) labels[k] = uid;
  const matchLabels = ensureObj(ensureObj(spec, 'selector'), 'matchLabels');
  if (!('batch.kubernetes.io/controller-uid' in matchLabels)) matchLabels['batch.kubernetes.io/controller-uid'] = uid;
}

export function defaultCronJob(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  setDefaultString(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = ensureObj(spec, 'jobTemplate');
  const meta = ensureObj(jobTemplate, 'metadata');
  if (meta.creationTimestamp === undefined) meta.creationTimestamp = null;
  defaultJobSpec(ensureObj(jobTemplate, 'spec'), false);
}
