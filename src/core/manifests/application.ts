/**
 * The Application kind (apps/<app>/app.yaml): its full shape, its checks, and the defaults that
 * apply to every field it leaves out, or to an app without an app.yaml at all.
 */
import type { AppSpec, IgnoreDifference, ManifestError, SyncPolicy } from '../snapshot.js';
import { checkDnsLabel, checkDuration, checkJsonPointer } from './formats.js';
import { errorAt, findingsToErrors, type ManifestDoc } from './manifest-doc.js';
import { checkShape, isObj, metadataShape, stringList, type Shape } from './shape.js';

export const SEXTANT_API_VERSION = 'sextant.dev/v1alpha1';

const duration: Shape = { type: 'string', check: checkDuration };

const applicationShape: Shape = {
  type: 'object',
  fields: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: metadataShape,
    spec: {
      type: 'object',
      fields: {
        namespace: { type: 'string', check: checkDnsLabel },
        dependsOn: stringList,
        syncPolicy: {
          type: 'object',
          fields: {
            automated: { type: 'boolean' },
            prune: { type: 'boolean' },
            selfHeal: { type: 'boolean' },
            autoRollback: { type: 'boolean' },
            allowMassPrune: { type: 'boolean' },
            createNamespace: { type: 'boolean' },
            forceConflicts: { type: 'boolean' },
            retry: {
              type: 'object',
              fields: {
                limit: { type: 'integer', min: 0 },
                backoff: {
                  type: 'object',
                  fields: { duration, factor: { type: 'number', min: 1 }, maxDuration: duration },
                },
              },
            },
            timeout: duration,
          },
        },
        ignoreDifferences: {
          type: 'list',
          items: {
            type: 'object',
            fields: {
              group: { type: 'string' },
              kind: { type: 'string' },
              name: { type: 'string' },
              namespace: { type: 'string' },
              jsonPointers: { type: 'list', items: { type: 'string', check: checkJsonPointer } },
            },
            required: ['jsonPointers'],
          },
        },
        suspended: { type: 'boolean' },
        historyLimit: { type: 'integer', min: 1, max: 1000 },
      },
    },
  },
  required: ['metadata'],
};

export function defaultSyncPolicy(): SyncPolicy {
  return {
    automated: true,
    prune: true,
    selfHeal: false,
    autoRollback: false,
    retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
    timeout: '5m',
    allowMassPrune: false,
    createNamespace: false,
    forceConflicts: false,
  };
}

export function defaultAppSpec(): AppSpec {
  return { dependsOn: [], syncPolicy: defaultSyncPolicy(), ignoreDifferences: [], suspended: false, historyLimit: 10 };
}

/** Errors in an Application document read from apps/<app>/app.yaml. */
export function checkApplication(doc: ManifestDoc, app: string): ManifestError[] {
  const errors = findingsToErrors(doc, checkShape(doc.value, applicationShape));
  const metadata = doc.value.metadata;
  if (isObj(metadata) && typeof metadata.name === 'string' && metadata.name !== app) {
    errors.push(
      errorAt(
        doc,
        ['metadata', 'name'],
        'name-mismatch',
        `Application is named "${metadata.name}" but lives in apps/${app}/: metadata.name must be "${app}"`,
      ),
    );
  }
  return errors;
}

/**
 * The spec with defaults filled in. Reads leniently (a field of the wrong type is taken as absent),
 * because checkApplication has already reported it and a snapshot with errors is never applied.
 */
export function readAppSpec(doc: ManifestDoc | undefined): AppSpec {
  return readAppSpecValue(doc?.value.spec);
}

/** The same for a spec value alone (one recorded in a history revision). */
export function readAppSpecValue(value: unknown): AppSpec {
  const spec = defaultAppSpec();
  const raw = isObj(value) ? value : {};
  if (typeof raw.namespace === 'string') spec.namespace = raw.namespace;
  if (Array.isArray(raw.dependsOn)) spec.dependsOn = raw.dependsOn.filter((d) => typeof d === 'string');
  if (typeof raw.suspended === 'boolean') spec.suspended = raw.suspended;
  if (typeof raw.historyLimit === 'number') spec.historyLimit = raw.historyLimit;
  if (isObj(raw.syncPolicy)) readSyncPolicy(raw.syncPolicy, spec.syncPolicy);
  if (Array.isArray(raw.ignoreDifferences)) {
    spec.ignoreDifferences = raw.ignoreDifferences.filter(isObj).map(readIgnoreDifference);
  }
  return spec;
}

function readSyncPolicy(raw: Record<string, unknown>, into: SyncPolicy): void {
  const flags = [
    'automated',
    'prune',
    'selfHeal',
    'autoRollback',
    'allowMassPrune',
    'createNamespace',
    'forceConflicts',
  ] as const;
  for (const flag of flags) {
    const value = raw[flag];
    if (typeof value === 'boolean') into[flag] = value;
  }
  if (typeof raw.timeout === 'string') into.timeout = raw.timeout;
  const retry = raw.retry;
  if (!isObj(retry)) return;
  if (typeof retry.limit === 'number') into.retry.limit = retry.limit;
  const backoff = retry.backoff;
  if (!isObj(backoff)) return;
  if (typeof backoff.duration === 'string') into.retry.backoff.duration = backoff.duration;
  if (typeof backoff.factor === 'number') into.retry.backoff.factor = backoff.factor;
  if (typeof backoff.maxDuration === 'string') into.retry.backoff.maxDuration = backoff.maxDuration;
}

function readIgnoreDifference(raw: Record<string, unknown>): IgnoreDifference {
  const rule: IgnoreDifference = {
    jsonPointers: Array.isArray(raw.jsonPointers) ? raw.jsonPointers.filter((p) => typeof p === 'string') : [],
  };
  for (const key of ['group', 'kind', 'name', 'namespace'] as const) {
    const value = raw[key];
    if (typeof value === 'string') rule[key] = value;
  }
  return rule;
}
