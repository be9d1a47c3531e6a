/**
 * Normalise an object before diffing: drop what the API server or Sextant's own bookkeeping writes
 * (so they never count as drift), apply the app's ignoreDifferences, and fold a Secret's stringData
 * into data the way the API server does, so Git and live speak the same shape.
 */

import { cloneJson, isObj, removeAtPointer, type Obj } from './json-value.js';
import { groupOf } from '../api-version.js';

/** An app's ignoreDifferences entry: unset selectors match anything. */
export interface IgnoreRule {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  jsonPointers: string[];
}

const SERVER_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

const BOOKKEEPING_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'sextant.dev/revision',
  'sextant.dev/history-revision',
  'sextant.dev/synced-at',
  'sextant.dev/health',
];

function groupOfObject(obj: Obj): string {
  return groupOf(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
}

function metadataOf(obj: Obj): Obj {
  return isObj(obj.metadata) ? obj.metadata : {};
}

function matchesRule(obj: Obj, rule: IgnoreRule): boolean {
  const meta = metadataOf(obj);
  return (
    (rule.group === undefined || rule.group === groupOfObject(obj)) &&
    (rule.kind === undefined || rule.kind === obj.kind) &&
    (rule.name === undefined || rule.name === meta.name) &&
    (rule.namespace === undefined || rule.namespace === (meta.namespace ?? ''))
  );
}

export function isSecret(obj: Obj | undefined): boolean {
  return obj !== undefined && obj.kind === 'Secret' && (obj.apiVersion ?? 'v1') === 'v1';
}

/** stringData is write-only: the server base64-encodes it into data (stringData wins on a clash). */
function foldStringData(obj: Obj): void {
  if (!isSecret(obj) || !isObj(obj.stringData)) return;
  const data: Obj = isObj(obj.data) ? { ...obj.data } : {};
  for (const [key, value] of Object.entries(obj.stringData)) {
    if (typeof value === 'string') data[key] = Buffer.from(value, 'utf8').toString('base64');
  }
  obj.data = data;
  delete obj.stringData;
}

/**
 * A normalised copy; the caller's object is untouched. Only the top level, metadata and a Secret's data
 * are copied (the walk never mutates), unless an ignore rule must cut into nested fields.
 */
export function normalizeObject(input: Obj, ignore: readonly IgnoreRule[] = []): Obj {
  const rules = ignore.filter((rule) => matchesRule(input, rule) && rule.jsonPointers.length > 0);
  const { status: _status, ...rest } = input;
  const obj: Obj = rules.length > 0 ? cloneJson(rest) : rest;
  if (isObj(obj.metadata)) {
    const meta: Obj = { ...obj.metadata };
    for (const field of SERVER_METADATA) delete meta[field];
    if (isObj(meta.annotations)) {
      const annotations: Obj = { ...meta.annotations };
      for (const a of BOOKKEEPING_ANNOTATIONS) delete annotations[a];
      if (Object.keys(annotations).length === 0) delete meta.annotations;
      else meta.annotations = annotations;
    }
    obj.metadata = meta;
  }
  foldStringData(obj);
  for (const rule of rules) {
    for (const pointer of rule.jsonPointers) removeAtPointer(obj, pointer);
  }
  return obj;
}
