/**
 * Which kinds each Sextant folder may hold: app.yaml one Application, workflows/ the three
 * workflow kinds, policies/ Policy documents. A kind in the wrong folder is an error that says
 * where it belongs. (Kinds under apps/<app>/ are checked with the resources.)
 */
import type { ManifestError } from '../snapshot.js';
import { SEXTANT_API_VERSION } from './application.js';
import { errorAt, type Header, type ManifestDoc } from './manifest-doc.js';
import { WORKFLOW_API_VERSIONS, isWorkflowKind } from './workflow.js';

export type FolderKind = 'application' | 'workflow' | 'policy';

export function checkFolderKind(doc: ManifestDoc, header: Header, folder: FolderKind): ManifestError | undefined {
  const sextant = header.group === 'sextant.dev';
  if (sextant && header.apiVersion !== SEXTANT_API_VERSION) {
    return errorAt(
      doc,
      ['apiVersion'],
      'invalid-value',
      `unsupported apiVersion "${header.apiVersion}" (Sextant reads ${SEXTANT_API_VERSION})`,
    );
  }
  switch (folder) {
    case 'application':
      if (sextant && header.kind === 'Application') return undefined;
      return errorAt(
        doc,
        ['kind'],
        'misplaced-kind',
        `app.yaml holds the app's Application (${SEXTANT_API_VERSION}), not a ${header.kind}; put it in another file of the app`,
      );
    case 'workflow':
      if (WORKFLOW_API_VERSIONS.includes(header.apiVersion) && isWorkflowKind(header.kind)) return undefined;
      return misplaced(doc, header, 'workflows/ holds only Workflow, CronWorkflow and WorkflowTemplate documents');
    case 'policy':
      if (sextant && header.kind === 'Policy') return undefined;
      return misplaced(doc, header, `policies/ holds only Policy documents (${SEXTANT_API_VERSION})`);
  }
}

function misplaced(doc: ManifestDoc, header: Header, otherwise: string): ManifestError {
  const sextant = header.group === 'sextant.dev';
  let message = otherwise;
  if (sextant && header.kind === 'Application') message = 'an Application belongs in apps/<app>/app.yaml';
  else if (sextant && header.kind === 'Policy') message = 'a Policy belongs under policies/';
  else if (sextant && isWorkflowKind(header.kind)) message = `a ${header.kind} belongs under workflows/`;
  else if (!sextant) message = `${otherwise}; plain Kubernetes objects belong under apps/<app>/`;
  return errorAt(doc, ['kind'], 'misplaced-kind', message);
}
