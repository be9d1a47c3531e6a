/**
 * Semantic validation of built-in objects, as the 1.32 registry strategies run it after
 * defaulting: validateObject on create, validateUpdate on update (complete on its own, in
 * kube's order), and the generation rule. Causes carry kube's field paths and message texts.
 */
import type { StatusCause } from '../errors.js';
import type { GroupVersionKind, Obj } from '../model.js';
import {
  validateDaemonSetSpec,
  validateDeploymentSpec,
  validateReplicaSetSpec,
  validateSelectorImmutable,
  validateStatefulSetSpec,
  validateStatefulSetUpdate,
} from './semantic-apps.js';
import { validateCronJob, validateJob, validateJobUpdate } from './semantic-batch.js';
import {
  validateConfigMap,
  validateImmutableData,
  validateNamespaceSpec,
  validatePVCSpec,
  validatePVCUpdate,
  validateSecret,
  validateSecretTypeUpdate,
} from './semantic-core.js';
import { dedupe } from './semantic-errors.js';
import { objAt } from './semantic-json.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './semantic-meta.js';
import {
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
  type NameCheck,
} from './semantic-names.js';
import { validateIngressSpec } from './semantic-networking.js';
import { validatePodSpec, validatePodTemplate, validatePodUpdate } from './semantic-pod.js';
import { validateServiceSpec, validateServiceUpdate } from './semantic-service.js';

export { hasGeneration, specChanged } from './semantic-generation.js';

function kindKey(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.kind}`;
}

/** The name rule each kind's strategy passes to ValidateObjectMeta. */
function nameRule(gvk: GroupVersionKind): NameCheck {
  switch (kindKey(gvk)) {
    case '/Namespace':
    case 'apps/StatefulSet':
      return nameIsDNSLabel;
    case '/Service':
      return nameIsDNS1035Label;
    case 'rbac.authorization.k8s.io/Role':
    case 'rbac.authorization.k8s.io/RoleBinding':
    case 'rbac.authorization.k8s.io/ClusterRole':
    case 'rbac.authorization.k8s.io/ClusterRoleBinding':
      return nameIsPathSegment;
    default:
      return nameIsDNSSubdomain;
  }
}

function spec(obj: Obj): Obj {
  return objAt(obj, 'spec') ?? {};
}

/** The kind-specific checks of a create (everything after ObjectMeta). */
function validateKind(gvk: GroupVersionKind, obj: Obj): StatusCause[] {
  switch (kindKey(gvk)) {
    case 'apps/Deployment':
      return validateDeploymentSpec(spec(obj));
    case 'apps/ReplicaSet':
      return validateReplicaSetSpec(spec(obj));
    case 'apps/StatefulSet':
      return validateStatefulSetSpec(spec(obj));
    case 'apps/DaemonSet':
      return validateDaemonSetSpec(spec(obj));
    case 'batch/Job':
      return validateJob(obj);
    case 'batch/CronJob':
      return validateCronJob(obj);
    case '/Pod':
      return validatePodSpec(spec(obj), 'spec');
    case '/PodTemplate':
      return validatePodTemplate(objAt(obj, 'template'), 'template');
    case '/Service':
      return validateServiceSpec(spec(obj));
    case '/ConfigMap':
      return validateConfigMap(obj);
    case '/Secret':
      return validateSecret(obj);
    case '/Namespace':
      return validateNamespaceSpec(obj);
    case '/PersistentVolumeClaim':
      return validatePVCSpec(objAt(obj, 'spec'));
    case 'networking.k8s.io/Ingress':
      return validateIngressSpec(spec(obj));
    default:
      return [];
  }
}

/**
 * Create-time validation. `namespaced` is the resource's scope; the caller must already have
 * cleared or filled metadata.namespace from the request URL, as the apiserver does first.
 */
export function validateObject(gvk: GroupVersionKind, obj: Obj, namespaced: boolean): StatusCause[] {
  const meta = objAt(obj, 'metadata') ?? {};
  const causes = validateObjectMeta(meta, namespaced, nameRule(gvk));
  causes.push(...validateKind(gvk, obj));
  return dedupe(causes);
}

/**
 * Update-time validation, complete on its own: metadata rules, the kind's spec checks on the
 * new object, and immutable fields — in the order kube reports them. Do not also call
 * validateObject on an update.
 */
export function validateUpdate(gvk: GroupVersionKind, obj: Obj, old: Obj): StatusCause[] {
  const meta = objAt(obj, 'metadata') ?? {};
  const oldMeta = objAt(old, 'metadata') ?? {};
  const metaUpdate = validateObjectMetaUpdate(meta, oldMeta);
  const namespaced = typeof meta.namespace === 'string' && meta.namespace !== '';
  const full = (): StatusCause[] => validateObject(gvk, obj, namespaced);
  const causes: StatusCause[] = [];
  switch (kindKey(gvk)) {
    case 'apps/Deployment':
    case 'apps/ReplicaSet':
      causes.push(...metaUpdate, ...validateKind(gvk, obj), ...validateSelectorImmutable(spec(obj), spec(old)));
      break;
    case 'apps/DaemonSet':
      causes.push(...metaUpdate, ...validateKind(gvk, obj), ...validateSelectorImmutable(spec(obj), spec(old)));
      break;
    case 'apps/StatefulSet':
      causes.push(...metaUpdate, ...validateKind(gvk, obj), ...validateStatefulSetUpdate(spec(obj), spec(old)));
      break;
    case 'batch/Job':
      causes.push(...full(), ...metaUpdate, ...validateJobUpdate(spec(obj), spec(old)));
      break;
    case 'batch/CronJob':
      causes.push(...metaUpdate, ...validateCronJob(obj, spec(old)));
      break;
    case '/Service':
      causes.push(...metaUpdate, ...validateServiceUpdate(spec(obj), spec(old)), ...full());
      break;
    case '/ConfigMap':
      causes.push(...metaUpdate, ...validateImmutableData(obj, old, ['data', 'binaryData']), ...full());
      break;
    case '/Secret':
      causes.push(
        ...metaUpdate,
        ...validateSecretTypeUpdate(obj, old),
        ...validateImmutableData(obj, old, ['data']),
        ...full(),
      );
      break;
    case '/PersistentVolumeClaim':
      causes.push(...metaUpdate, ...validatePVCUpdate(spec(obj), spec(old)));
      break;
    case '/Pod':
      causes.push(...metaUpdate, ...validateKind(gvk, obj), ...validatePodUpdate(spec(obj), spec(old)));
      break;
    case '/PodTemplate':
    case 'networking.k8s.io/Ingress':
      causes.push(...metaUpdate, ...validateKind(gvk, obj));
      break;
    default:
      causes.push(...metaUpdate);
  }
  return dedupe(causes);
}
