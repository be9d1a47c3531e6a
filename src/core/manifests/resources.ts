/**
 * Plain Kubernetes objects under apps/<app>/: their identity, the app's namespace filled in for
 * namespaced kinds, Sextant kinds that strayed here, schema findings at their exact node, and the
 * same object declared twice. A `kind: List` (as `kubectl get -o yaml` writes) is read item by item.
 *
 * Scope rule for kinds nobody describes (no schema, no CRD in the repository): a namespace written
 * in the manifest is kept, else the app's namespace is used when it has one (custom resources are
 * mostly namespaced), else the object is taken as cluster-scoped.
 */
import type { ResourceValidator } from '../resource-validator.js';
import type { ManifestError, Obj, Resource } from '../snapshot.js';
import { SEXTANT_API_VERSION } from './application.js';
import { resourceIdentity } from './digest.js';
import { checkDnsLabel } from './formats.js';
import {
  errorAt,
  findingsToErrors,
  readHeader,
  sourceOf,
  subDoc,
  type Header,
  type ManifestDoc,
} from './manifest-doc.js';
import { decideScope, readCrdScope, type CrdScopes } from './scope.js';
import { formatPath, isObj } from './shape.js';
import { isWorkflowKind } from './workflow.js';

export interface ResourceContext {
  app: string;
  namespace?: string; // the app's spec.namespace
  validator?: ResourceValidator;
  crds: CrdScopes;
}

/** The resources one document of an app declares (several for a v1 List). */
export function readAppManifest(
  doc: ManifestDoc,
  ctx: ResourceContext,
): { resources: Resource[]; errors: ManifestError[] } {
  if (doc.value.apiVersion !== 'v1' || doc.value.kind !== 'List') {
    const header = readHeader(doc);
    return Array.isArray(header) ? { resources: [], errors: header } : readResource(doc, header, ctx);
  }
  const items = doc.value.items;
  if (!Array.isArray(items))
    return { resources: [], errors: [errorAt(doc, ['items'], 'wrong-type', 'items: a List needs a list of items')] };
  const out = { resources: [] as Resource[], errors: [] as ManifestError[] };
  items.forEach((item, i) => {
    if (!isObj(item)) {
      out.errors.push(errorAt(doc, ['items', i], 'wrong-type', `items[${i}]: expected mapping`));
      return;
    }
    const itemDoc = subDoc(doc, ['items', i], item);
    if (item.apiVersion === 'v1' && item.kind === 'List') {
      out.errors.push(errorAt(itemDoc, ['kind'], 'invalid-value', 'a List cannot contain another List'));
      return;
    }
    const itemHeader = readHeader(itemDoc);
    if (Array.isArray(itemHeader)) {
      out.errors.push(...itemHeader);
      return;
    }
    const read = readResource(itemDoc, itemHeader, ctx);
    out.resources.push(...read.resources);
    out.errors.push(...read.errors);
  });
  return out;
}

function readResource(
  doc: ManifestDoc,
  header: Header,
  ctx: ResourceContext,
): { resources: Resource[]; errors: ManifestError[] } {
  const misplaced = checkSextantKind(doc, header);
  if (misplaced) return { resources: [], errors: [misplaced] };
  const errors = checkSchema(doc, header, ctx.validator);
  const metadata = doc.value.metadata as Obj; // readHeader checked it is a mapping
  const written = metadata.namespace;
  if (written !== undefined && typeof written !== 'string') {
    errors.push(errorAt(doc, ['metadata', 'namespace'], 'wrong-type', 'metadata.namespace: expected string'));
    return { resources: [], errors };
  }
  if (written !== undefined) {
    const bad = checkDnsLabel(written);
    if (bad) errors.push(errorAt(doc, ['metadata', 'namespace'], 'invalid-value', `metadata.namespace: ${bad}`));
  }
  const scope = decideScope(header.apiVersion, header.kind, ctx.validator, ctx.crds);
  let namespace = written ?? ctx.namespace ?? '';
  if (scope === 'cluster') namespace = '';
  if (scope === 'namespaced' && namespace === '') {
    errors.push(
      errorAt(
        doc,
        ['metadata', 'namespace'],
        'missing-namespace',
        `${header.kind} "${header.name}" is namespaced, but it sets no metadata.namespace and app "${ctx.app}" sets no spec.namespace`,
      ),
    );
  }
  const resource: Resource = {
    apiVersion: header.apiVersion,
    kind: header.kind,
    name: header.name,
    namespace,
    object: withNamespace(doc.value, metadata, written, namespace),
    source: sourceOf(doc),
  };
  return { resources: [resource], errors };
}

/**
 * The object as written, with the namespace it will really have: the app's one filled in, or the
 * one a cluster-scoped object wrongly carries removed (the API server would drop it, and the diff
 * would then never settle).
 */
function withNamespace(obj: Obj, metadata: Obj, written: string | undefined, namespace: string): Obj {
  if ((written ?? '') === namespace) return obj;
  const { namespace: _dropped, ...rest } = metadata;
  const nextMetadata = Object.freeze(namespace === '' ? rest : { ...rest, namespace });
  return Object.freeze({ ...obj, metadata: nextMetadata });
}

function checkSextantKind(doc: ManifestDoc, header: Header): ManifestError | undefined {
  if (header.group !== 'sextant.dev') return undefined;
  if (header.kind === 'Application') {
    return errorAt(doc, ['kind'], 'misplaced-kind', 'an Application belongs in apps/<app>/app.yaml, and only there');
  }
  if (isWorkflowKind(header.kind)) {
    return errorAt(doc, ['kind'], 'misplaced-kind', `a ${header.kind} belongs under workflows/, not in an application`);
  }
  if (header.kind === 'Policy')
    return errorAt(doc, ['kind'], 'misplaced-kind', 'a Policy belongs under policies/, not in an application');
  if (header.apiVersion !== SEXTANT_API_VERSION) {
    return errorAt(
      doc,
      ['apiVersion'],
      'invalid-value',
      `unsupported apiVersion "${header.apiVersion}" (Sextant reads ${SEXTANT_API_VERSION})`,
    );
  }
  return errorAt(doc, ['kind'], 'unknown-kind', `unknown Sextant kind "${header.kind}"`);
}

function checkSchema(doc: ManifestDoc, header: Header, validator: ResourceValidator | undefined): ManifestError[] {
  if (!validator) return [];
  const findings = validator.validate(doc.value);
  if (findings) {
    return findingsToErrors(
      doc,
      findings.map((f) => ({ ...f, message: f.path.length > 0 ? `${formatPath(f.path)}: ${f.message}` : f.message })),
    );
  }
  if (!validator.isBuiltinGroup(header.apiVersion)) return []; // a custom resource whose definition is not known
  return [errorAt(doc, ['kind'], 'unknown-kind', `Kubernetes has no kind "${header.kind}" in ${header.apiVersion}`)];
}

/** The same object (group, kind, namespace, name) declared more than once, anywhere in the snapshot. */
export function findDuplicateResources(resources: readonly Resource[]): ManifestError[] {
  const first = new Map<string, Resource>();
  const errors: ManifestError[] = [];
  for (const r of resources) {
    const key = resourceIdentity(r);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, r);
      continue;
    }
    const what = r.namespace === '' ? `${r.kind} "${r.name}"` : `${r.kind} "${r.namespace}/${r.name}"`;
    const at = (s: Resource['source']): string => `${s.file}:${s.line}:${s.column}`;
    errors.push({
      ...r.source,
      code: 'duplicate-object',
      message: `${what} is declared twice: at ${at(earlier.source)} and at ${at(r.source)}`,
    });
  }
  return errors;
}

/** `group/Kind` scopes declared by CustomResourceDefinitions among the documents, List items included. */
export function collectCrdScopes(values: readonly Obj[]): Map<string, 'namespaced' | 'cluster'> {
  const scopes = new Map<string, 'namespaced' | 'cluster'>();
  for (const value of values) {
    const objects =
      value.apiVersion === 'v1' && value.kind === 'List' && Array.isArray(value.items)
        ? value.items.filter(isObj)
        : [value];
    for (const obj of objects) {
      const found = readCrdScope(obj);
      if (found) scopes.set(found[0], found[1]);
    }
  }
  return scopes;
}
