/**
 * The Policy kind (policies/**): quotas, namespaces, sync windows and gates. Checks the full shape
 * of one document, including cron schedules and time zones of sync windows; merging several
 * documents and their conflicts are in policy-merge.ts.
 */
import type { ManifestError } from '../snapshot.js';
import { checkDnsLabel, checkDuration } from './formats.js';
import { checkQuantity } from '../quantity.js';
import { errorAt, findingsToErrors, type ManifestDoc } from './manifest-doc.js';
import { checkCronExpression, isValidTimeZone } from './schedule.js';
import { checkShape, isObj, metadataShape, stringList, type Shape } from './shape.js';

const resourceList: Shape = { type: 'map', values: { type: 'quantity', check: checkQuantity } };

const policyShape: Shape = {
  type: 'object',
  fields: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: metadataShape,
    spec: {
      type: 'object',
      fields: {
        quotas: {
          type: 'list',
          items: {
            type: 'object',
            fields: {
              name: { type: 'string' },
              scope: { type: 'object', fields: { namespaces: stringList, apps: stringList } },
              hard: resourceList,
            },
            required: ['name', 'hard'],
          },
        },
        namespaces: {
          type: 'list',
          items: {
            type: 'object',
            fields: {
              name: { type: 'string', check: checkDnsLabel },
              labels: { type: 'map', values: { type: 'string' } },
              quota: resourceList,
              allowedApps: stringList,
            },
            required: ['name'],
          },
        },
        syncWindows: {
          type: 'list',
          items: {
            type: 'object',
            fields: {
              kind: { type: 'string', enum: ['allow', 'deny'] },
              schedule: { type: 'string' }, // checked below, with a cron-specific message
              duration: { type: 'string', check: checkDuration },
              timeZone: { type: 'string' },
              apps: stringList,
              manualSync: { type: 'boolean' },
            },
            required: ['kind', 'schedule', 'duration'],
          },
        },
        gates: {
          type: 'list',
          items: {
            type: 'object',
            fields: { apps: stringList, approval: { type: 'string', enum: ['manual'] } },
            required: ['apps', 'approval'],
          },
        },
      },
    },
  },
  required: ['metadata', 'spec'],
};

/** Errors in one Policy document. */
export function checkPolicy(doc: ManifestDoc): ManifestError[] {
  const errors = findingsToErrors(doc, checkShape(doc.value, policyShape));
  const spec = doc.value.spec;
  const windows = isObj(spec) && Array.isArray(spec.syncWindows) ? spec.syncWindows : [];
  windows.forEach((window, i) => {
    if (!isObj(window)) return;
    const path = ['spec', 'syncWindows', i];
    if (typeof window.schedule === 'string') {
      const problem = checkCronExpression(window.schedule);
      if (problem) {
        errors.push(
          errorAt(
            doc,
            [...path, 'schedule'],
            'invalid-schedule',
            `invalid cron schedule "${window.schedule}": ${problem}`,
          ),
        );
      }
    }
    if (typeof window.timeZone === 'string' && !isValidTimeZone(window.timeZone)) {
      errors.push(
        errorAt(
          doc,
          [...path, 'timeZone'],
          'invalid-time-zone',
          `unknown time zone "${window.timeZone}" (use an IANA name such as UTC or Europe/Paris)`,
        ),
      );
    }
  });
  return errors;
}
