/**
 * apps/v1 validation (pkg/apis/apps/validation): Deployment, ReplicaSet, StatefulSet and
 * DaemonSet specs — replicas, selector present and matching the template, strategies, the pod
 * template — and their update rules (immutable selector, StatefulSet's frozen fields).
 */
import type { StatusCause } from '../errors.js';
import type { Obj } from '../model.js';
import {
  checkNonNegative,
  forbidden,
  goLabelSelector,
  goQuote,
  goStringMap,
  goStruct,
  IMMUTABLE,
  invalid,
  notSupported,
  required,
} from './semantic-errors.js';
import { jsonEqual, objAt, strAt, stringMap } from './semantic-json.js';
import { selectorOf, validateAnnotations, validateLabels, validateLabelSelector } from './semantic-meta.js';
import { isValidPercent } from './semantic-names.js';
import { validatePodTemplate } from './semantic-pod.js';

/** spec.selector must be present, well-formed and not empty (the apps kinds share this check). */
function requireSelector(spec: Obj, kind: string): StatusCause[] {
  const selector = spec.selector;
  if (selector == null) return [required('spec.selector')];
  const out = validateLabelSelector(selector, 'spec.selector');
  const s = objAt(spec, 'selector') ?? {};
  const terms =
    Object.keys(objAt(s, 'matchLabels') ?? {}).length +
    (Array.isArray(s.matchExpressions) ? s.matchExpressions.length : 0);
  if (terms === 0) out.push(invalid('spec.selector', goLabelSelector(s), `empty selector is invalid for ${kind}`));
  return out;
}

/** ValidatePodTemplateSpecForReplicaSet, shared by Deployment and ReplicaSet. */
function validateReplicatedTemplate(spec: Obj, kind: string): StatusCause[] {
  const out: StatusCause[] = [];
  const selector = spec.selector;
  out.push(...requireSelector(spec, 'deployment'));
  const sel = selectorOf(selector);
  const template = objAt(spec, 'template');
  if (!sel) out.push(invalid('spec.selector', goLabelSelector(selector), 'invalid label selector'));
  else {
    const labels = objAt(template, 'metadata')?.labels;
    if (!sel.empty && !sel.matches(stringMap(labels) ?? {}))
      out.push(
        invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'),
      );
    out.push(...validatePodTemplate(template, 'spec.template'));
    const restartPolicy = strAt(objAt(template, 'spec'), 'restartPolicy') ?? '';
    if (restartPolicy !== 'Always')
      out.push(notSupported('spec.template.spec.restartPolicy', goQuote(restartPolicy), ['Always']));
    if (objAt(template, 'spec')?.activeDeadlineSeconds != null)
      out.push(
        forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kind} is not Supported`),
      );
  }
  return out;
}

/** IntOrString implements fmt.Stringer, which field.Error prefers: the raw text, unquoted. */
function intOrPercent(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

function percentValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && isValidPercent(v).length === 0) return Number(v.slice(0, -1));
  return undefined;
}

function validatePositiveIntOrPercent(v: unknown, path: string): StatusCause[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(path, intOrPercent(v), m));
  return checkNonNegative(path, v);
}

function validateDeploymentStrategy(strategy: Obj | undefined): StatusCause[] {
  const type = strAt(strategy, 'type') ?? '';
  const ru = objAt(strategy, 'rollingUpdate');
  if (type === 'Recreate') {
    return ru
      ? [forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'")]
      : [];
  }
  if (type !== 'RollingUpdate')
    return [
      notSupported(
        'spec.strategy',
        `apps.DeploymentStrategy{Type:${goQuote(type)}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`,
        ['Recreate', 'RollingUpdate'],
      ),
    ];
  if (!ru) return [required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil')];
  const out = validatePositiveIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable');
  out.push(...validatePositiveIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'));
  if ((percentValue(ru.maxUnavailable) ?? 0) === 0 && (percentValue(ru.maxSurge) ?? 0) === 0)
    out.push(
      invalid(
        'spec.strategy.rollingUpdate.maxUnavailable',
        intOrPercent(ru.maxUnavailable),
        'may not be 0 when `maxSurge` is 0',
      ),
    );
  if (typeof ru.maxUnavailable === 'string' && (percentValue(ru.maxUnavailable) ?? 0) > 100)
    out.push(
      invalid(
        'spec.strategy.rollingUpdate.maxUnavailable',
        intOrPercent(ru.maxUnavailable),
        'must not be greater than 100%',
      ),
    );
  return out;
}

export function validateDeploymentSpec(spec: Obj): StatusCause[] {
  const out = checkNonNegative('spec.replicas', spec.replicas);
  out.push(...validateReplicatedTemplate(spec, 'ReplicaSet'));
  out.push(...validateDeploymentStrategy(objAt(spec, 'strategy')));
  out.push(...checkNonNegative('spec.minReadySeconds', spec.minReadySeconds));
  out.push(...checkNonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit));
  const deadline = spec.progressDeadlineSeconds;
  if (typeof deadline === 'number') {
    out.push(...checkNonNegative('spec.progressDeadlineSeconds', deadline));
    const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    if (deadline <= minReady)
      out.push(invalid('spec.progressDeadlineSeconds', String(deadline), 'must be greater than minReadySeconds'));
  }
  return out;
}

export function validateReplicaSetSpec(spec: Obj): StatusCause[] {
  const out = checkNonNegative('spec.replicas', spec.replicas);
  out.push(...checkNonNegative('spec.minReadySeconds', spec.minReadySeconds));
  out.push(...validateReplicatedTemplate(spec, 'ReplicaSet'));
  return out;
}

export function validateStatefulSetSpec(spec: Obj): StatusCause[] {
  const out: StatusCause[] = [];
  const pmp = strAt(spec, 'podManagementPolicy') ?? '';
  if (!pmp) out.push(required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel')
    out.push(invalid('spec.podManagementPolicy', goQuote(pmp), "must be 'OrderedReady' or 'Parallel'"));
  const strategy = objAt(spec, 'updateStrategy');
  const type = strAt(strategy, 'type') ?? '';
  if (!type) out.push(required('spec.updateStrategy'));
  else if (type === 'OnDelete' && objAt(strategy, 'rollingUpdate'))
    out.push(
      invalid(
        'spec.updateStrategy.rollingUpdate',
        goStruct('apps.RollingUpdateStatefulSetStrategy', objAt(strategy, 'rollingUpdate')),
        "only allowed for updateStrategy 'RollingUpdate'",
      ),
    );
  else if (type === 'RollingUpdate')
    out.push(
      ...checkNonNegative('spec.updateStrategy.rollingUpdate.partition', objAt(strategy, 'rollingUpdate')?.partition),
    );
  else if (type !== 'OnDelete')
    out.push(
      invalid(
        'spec.updateStrategy',
        `apps.StatefulSetUpdateStrategy{Type:${goQuote(type)}}`,
        "must be 'RollingUpdate' or 'OnDelete'",
      ),
    );
  const retention = objAt(spec, 'persistentVolumeClaimRetentionPolicy');
  for (const f of ['whenDeleted', 'whenScaled']) {
    const v = strAt(retention, f);
    if (retention && v !== 'Retain' && v !== 'Delete')
      out.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, goQuote(v ?? ''), ['Retain', 'Delete']));
  }
  out.push(...checkNonNegative('spec.replicas', spec.replicas));
  out.push(...checkNonNegative('spec.minReadySeconds', spec.minReadySeconds));
  const selector = spec.selector;
  out.push(...requireSelector(spec, 'statefulset'));
  const sel = selectorOf(selector);
  const template = objAt(spec, 'template');
  if (!sel) out.push(invalid('spec.selector', goLabelSelector(selector), ''));
  else {
    const labels = objAt(template, 'metadata')?.labels;
    if (!sel.empty && !sel.matches(stringMap(labels) ?? {}))
      out.push(
        invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'),
      );
    // kube leaves the StatefulSet pod spec unchecked (its mounts may name claim templates):
    // only the template's labels and annotations are validated.
    const meta = objAt(template, 'metadata');
    out.push(...validateLabels(meta?.labels, 'spec.template.labels'));
    out.push(...validateAnnotations(meta?.annotations, 'spec.template.annotations'));
  }
  const restartPolicy = strAt(objAt(template, 'spec'), 'restartPolicy') ?? '';
  if (restartPolicy !== 'Always')
    out.push(notSupported('spec.template.spec.restartPolicy', goQuote(restartPolicy), ['Always']));
  if (objAt(template, 'spec')?.activeDeadlineSeconds != null)
    out.push(
      forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'),
    );
  return out;
}

export function validateDaemonSetSpec(spec: Obj): StatusCause[] {
  const out = validateLabelSelector(spec.selector, 'spec.selector');
  const sel = selectorOf(spec.selector);
  const template = objAt(spec, 'template');
  const labels = objAt(template, 'metadata')?.labels;
  if (sel && !sel.matches(stringMap(labels) ?? {}))
    out.push(
      invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'),
    );
  const s = objAt(spec, 'selector');
  if (
    s &&
    Object.keys(objAt(s, 'matchLabels') ?? {}).length +
      (Array.isArray(s.matchExpressions) ? s.matchExpressions.length : 0) ===
      0
  )
    out.push(invalid('spec.selector', goLabelSelector(s), 'empty selector is invalid for daemonset'));
  out.push(...validatePodTemplate(template, 'spec.template'));
  const restartPolicy = strAt(objAt(template, 'spec'), 'restartPolicy') ?? '';
  if (restartPolicy !== 'Always')
    out.push(notSupported('spec.template.spec.restartPolicy', goQuote(restartPolicy), ['Always']));
  if (objAt(template, 'spec')?.activeDeadlineSeconds != null)
    out.push(
      forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'),
    );
  out.push(...checkNonNegative('spec.minReadySeconds', spec.minReadySeconds));
  const strategy = objAt(spec, 'updateStrategy');
  const type = strAt(strategy, 'type') ?? '';
  if (type === 'RollingUpdate') {
    const ru = objAt(strategy, 'rollingUpdate');
    if (!ru) out.push(required('spec.updateStrategy.rollingUpdate'));
    else {
      const base = 'spec.updateStrategy.rollingUpdate';
      out.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${base}.maxUnavailable`));
      out.push(...validatePositiveIntOrPercent(ru.maxSurge, `${base}.maxSurge`));
      const hasUnavailable = (percentValue(ru.maxUnavailable) ?? 0) !== 0;
      const hasSurge = (percentValue(ru.maxSurge) ?? 0) !== 0;
      if (hasUnavailable && hasSurge)
        out.push(
          invalid(`${base}.maxSurge`, intOrPercent(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'),
        );
      if (!hasUnavailable && !hasSurge) out.push(required(`${base}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
    }
  } else if (type !== 'OnDelete') {
    out.push(
      notSupported('spec.updateStrategy', `apps.DaemonSetUpdateStrategy{Type:${goQuote(type)}}`, [
        'RollingUpdate',
        'OnDelete',
      ]),
    );
  }
  out.push(...checkNonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit));
  return out;
}

/** apps/v1 selectors cannot change after creation. */
export function validateSelectorImmutable(spec: Obj, oldSpec: Obj): StatusCause[] {
  return jsonEqual(spec.selector, oldSpec.selector)
    ? []
    : [invalid('spec.selector', goLabelSelector(spec.selector), IMMUTABLE)];
}

export function validateStatefulSetUpdate(spec: Obj, oldSpec: Obj): StatusCause[] {
  const mutable = [
    'replicas',
    'ordinals',
    'template',
    'updateStrategy',
    'persistentVolumeClaimRetentionPolicy',
    'minReadySeconds',
  ];
  const strip = (s: Obj): Obj => Object.fromEntries(Object.entries(s).filter(([k]) => !mutable.includes(k)));
  if (jsonEqual(strip(spec), strip(oldSpec))) return [];
  return [
    forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}
