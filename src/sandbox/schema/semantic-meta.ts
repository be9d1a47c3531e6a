/**
 * ObjectMeta, label and label-selector validation as apimachinery and core's ValidateObjectMeta
 * do it on create and update (names, namespace, labels, annotations, owner references,
 * finalizers), plus label-selector matching used by the workload checks.
 */
import type { StatusCause } from '../errors.js';
import { isObj, type Obj } from '../model.js';
import {
  child,
  forbidden,
  goQuote,
  goStringSlice,
  IMMUTABLE,
  index,
  invalid,
  NEGATIVE,
  required,
  tooLong,
} from './semantic-errors.js';
import { arrAt, objAt, strAt } from './semantic-json.js';
import { byteLength, isQualifiedName, isValidLabelValue, nameIsDNSLabel, type NameCheck } from './semantic-names.js';

const TOTAL_ANNOTATION_SIZE = 256 * 1024;
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export function validateLabels(labels: unknown, path: string): StatusCause[] {
  if (!isObj(labels)) return [];
  const out: StatusCause[] = [];
  for (const [k, v] of Object.entries(labels)) {
    out.push(...validateLabelName(k, path));
    const value = typeof v === 'string' ? v : String(v);
    for (const msg of isValidLabelValue(value)) out.push(invalid(path, goQuote(value), msg));
  }
  return out;
}

export function validateLabelName(k: string, path: string): StatusCause[] {
  return isQualifiedName(k).map((msg) => invalid(path, goQuote(k), msg));
}

export function validateAnnotations(annotations: unknown, path: string): StatusCause[] {
  if (!isObj(annotations)) return [];
  const out: StatusCause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    // Annotation keys follow qualified-name rules, case-insensitively.
    for (const msg of isQualifiedName(k.toLowerCase())) out.push(invalid(path, goQuote(k), msg));
    size += byteLength(k) + byteLength(typeof v === 'string' ? v : String(v));
  }
  if (size > TOTAL_ANNOTATION_SIZE) out.push(tooLong(path, TOTAL_ANNOTATION_SIZE));
  return out;
}

function validateOwnerReferences(refs: unknown[], path: string): StatusCause[] {
  const out: StatusCause[] = [];
  let firstController = '';
  for (const r of refs) {
    const ref = isObj(r) ? r : {};
    const apiVersion = strAt(ref, 'apiVersion') ?? '';
    const kind = strAt(ref, 'kind') ?? '';
    const name = strAt(ref, 'name') ?? '';
    const uid = strAt(ref, 'uid') ?? '';
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (!version) out.push(invalid(child(path, 'apiVersion'), goQuote(apiVersion), 'version must not be empty'));
    if (!kind) out.push(invalid(child(path, 'kind'), goQuote(kind), 'must not be empty'));
    if (!name) out.push(invalid(child(path, 'name'), goQuote(name), 'must not be empty'));
    if (!uid) out.push(invalid(child(path, 'uid'), goQuote(uid), 'must not be empty'));
    if (apiVersion === 'v1' && kind === 'Event')
      out.push(invalid(path, goQuote(`${kind}/${name}`), '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller === true) {
      const current = `${kind}/${name}`;
      if (firstController)
        out.push(
          invalid(
            path,
            '[]v1.OwnerReference{...}',
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      else firstController = current;
    }
  }
  return out;
}

function validateFinalizers(finalizers: unknown[], path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const names = finalizers.filter((f): f is string => typeof f === 'string');
  for (const f of names) for (const msg of isQualifiedName(f)) out.push(invalid(path, goQuote(f), msg));
  if (names.includes('orphan') && names.includes('foregroundDeletion'))
    out.push(invalid(path, goStringSlice(names), 'finalizer orphan and foregroundDeletion cannot be both set'));
  names.forEach((f, i) => out.push(...validateKubeFinalizerName(f, index(path, i))));
  return out;
}

/** Finalizers without a '/' must be one of kube's own. */
export function validateKubeFinalizerName(f: string, path: string): StatusCause[] {
  if (f.split('/').length === 1 && !STANDARD_FINALIZERS.has(f))
    return [invalid(path, goQuote(f), 'name is neither a standard finalizer name nor is it fully qualified')];
  return [];
}

/** core's ValidateObjectMeta for a create. */
export function validateObjectMeta(meta: Obj, namespaced: boolean, nameFn: NameCheck): StatusCause[] {
  const out: StatusCause[] = [];
  const generateName = strAt(meta, 'generateName') ?? '';
  const name = strAt(meta, 'name') ?? '';
  const namespace = strAt(meta, 'namespace') ?? '';
  if (generateName)
    for (const msg of nameFn(generateName, true))
      out.push(invalid('metadata.generateName', goQuote(generateName), msg));
  if (!name) out.push(required('metadata.name', 'name or generateName is required'));
  else for (const msg of nameFn(name, false)) out.push(invalid('metadata.name', goQuote(name), msg));
  if (namespaced) {
    if (!namespace) out.push(required('metadata.namespace'));
    else
      for (const msg of nameIsDNSLabel(namespace, false))
        out.push(invalid('metadata.namespace', goQuote(namespace), msg));
  } else if (namespace) {
    out.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
  out.push(...validateMetaCommon(meta));
  return out;
}

function validateMetaCommon(meta: Obj): StatusCause[] {
  const out: StatusCause[] = [];
  const generation = meta.generation;
  if (typeof generation === 'number' && generation < 0)
    out.push(invalid('metadata.generation', String(generation), NEGATIVE));
  out.push(...validateLabels(meta.labels, 'metadata.labels'));
  out.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  out.push(...validateOwnerReferences(arrAt(meta, 'ownerReferences'), 'metadata.ownerReferences'));
  out.push(...validateFinalizers(arrAt(meta, 'finalizers'), 'metadata.finalizers'));
  return out;
}

/** ValidateObjectMetaUpdate: identity fields are immutable; labels and the rest are re-checked. */
export function validateObjectMetaUpdate(meta: Obj, old: Obj): StatusCause[] {
  const out: StatusCause[] = [];
  if (old.deletionTimestamp) {
    const before = new Set(arrAt(old, 'finalizers').filter((f) => typeof f === 'string'));
    const extra = arrAt(meta, 'finalizers').filter((f): f is string => typeof f === 'string' && !before.has(f));
    if (extra.length)
      out.push(
        forbidden(
          'metadata.finalizers',
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice([...new Set(extra)].sort())}`,
        ),
      );
  }
  for (const f of ['name', 'namespace'] as const) {
    const now = strAt(meta, f) ?? '';
    if (now !== (strAt(old, f) ?? '')) out.push(invalid(`metadata.${f}`, goQuote(now), IMMUTABLE));
  }
  // An empty uid is filled from the stored object before validation, so only a different one counts.
  const uid = strAt(meta, 'uid');
  if (uid && uid !== (strAt(old, 'uid') ?? '')) out.push(invalid('metadata.uid', goQuote(uid), IMMUTABLE));
  out.push(...validateLabels(meta.labels, 'metadata.labels'));
  out.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  out.push(...validateOwnerReferences(arrAt(meta, 'ownerReferences'), 'metadata.ownerReferences'));
  out.push(...validateFinalizers(arrAt(meta, 'finalizers'), 'metadata.finalizers'));
  return out;
}

/** ValidateLabelSelector (strict: selector values must be valid label values). */
export function validateLabelSelector(sel: unknown, path: string): StatusCause[] {
  if (!isObj(sel)) return [];
  const out = validateLabels(sel.matchLabels, child(path, 'matchLabels'));
  arrAt(sel, 'matchExpressions').forEach((e, i) => {
    const p = index(child(path, 'matchExpressions'), i);
    const req = isObj(e) ? e : {};
    const op = strAt(req, 'operator') ?? '';
    const values = arrAt(req, 'values');
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0)
        out.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0)
        out.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      out.push(invalid(child(p, 'operator'), goQuote(op), 'not a valid selector operator'));
    }
    out.push(...validateLabelName(strAt(req, 'key') ?? '', child(p, 'key')));
    values.forEach((v, j) => {
      const s = typeof v === 'string' ? v : String(v);
      for (const msg of isValidLabelValue(s)) out.push(invalid(index(child(p, 'values'), j), goQuote(s), msg));
    });
  });
  return out;
}

/**
 * metav1.LabelSelectorAsSelector followed by Matches: an absent selector matches nothing, an
 * empty one everything. Returns undefined when the selector cannot be converted.
 */
export interface Selector {
  empty: boolean;
  matches(labels: Record<string, string>): boolean;
}

export function selectorOf(sel: unknown): Selector | undefined {
  if (!isObj(sel)) return { empty: false, matches: () => false };
  if (validateLabelSelector(sel, 'x').length) return undefined;
  const matchLabels = objAt(sel, 'matchLabels') ?? {};
  const exprs = arrAt(sel, 'matchExpressions').filter(isObj);
  return {
    empty: Object.keys(matchLabels).length === 0 && exprs.length === 0,
    matches(labels) {
      for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
      return exprs.every((e) => {
        const k = strAt(e, 'key') ?? '';
        const values = arrAt(e, 'values').map(String);
        const present = Object.prototype.hasOwnProperty.call(labels, k);
        switch (strAt(e, 'operator')) {
          case 'In':
            return present && values.includes(labels[k] ?? '');
          case 'NotIn':
            return !present || !values.includes(labels[k] ?? '');
          case 'Exists':
            return present;
          case 'DoesNotExist':
            return !present;
          default:
            return false;
        }
      });
    },
  };
}
