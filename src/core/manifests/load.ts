/**
 * The manifest loader's entry point: a pure function from the files of one commit to a validated
 * Snapshot. It reads files (read-files), then applications and their resources, the app graph,
 * workflows and policies, and reports every error at once, sorted, as `file:line:column: message`.
 * A snapshot with errors still lists what could be read, for display; it is never applied.
 */
import type { ResourceValidator } from '../resource-validator.js';
import type {
  App,
  AppSpec,
  ManifestError,
  PolicyDoc,
  Provenance,
  Resource,
  Snapshot,
  SourceFile,
  WorkflowDoc,
} from '../snapshot.js';
import { checkAppGraph, type AppNode } from './app-graph.js';
import { checkApplication, readAppSpec } from './application.js';
import { digestApp } from './digest.js';
import { checkFolderKind } from './folder-kinds.js';
import { checkAppName } from './layout.js';
import { positionOf, readHeader, sourceOf, type Header, type ManifestDoc } from './manifest-doc.js';
import type { ParseCache } from './parse-cache.js';
import { checkPolicy } from './policy.js';
import { mergePolicies } from './policy-merge.js';
import { DEFAULT_LIMITS, readFiles, type LoadLimits, type PlacedDoc } from './read-files.js';
import { collectCrdScopes, findDuplicateResources, readAppManifest } from './resources.js';
import { isObj } from './shape.js';
import { checkWorkflow, isWorkflowKind } from './workflow.js';

export { createParseCache, type ParseCache } from './parse-cache.js';
export type { ParsedFile } from './parse-yaml.js';
export type { LoadLimits } from './read-files.js';

export interface LoadOptions {
  /** Checks plain resources against Kubernetes schemas; without one, schema checks are skipped. */
  validator?: ResourceValidator;
  limits?: Partial<LoadLimits>;
  /** Reuses parses across commits, keyed by blob id. */
  parseCache?: ParseCache;
  provenance?: Provenance;
}

export function loadSnapshot(files: SourceFile[], opts: LoadOptions = {}): Snapshot {
  const repo = readFiles(files, { ...DEFAULT_LIMITS, ...opts.limits }, opts.parseCache);
  const errors = [...repo.errors];
  const byArea = (area: PlacedDoc['place']['area']): PlacedDoc[] => repo.docs.filter((d) => d.place.area === area);

  const apps = readApps(repo.apps, byArea('app-spec'), byArea('app-resources'), opts.validator, errors);
  const workflows = readWorkflows(byArea('workflows'), errors);
  const policies = readPolicies(byArea('policies'), errors);

  const snapshot: Snapshot = { apps, workflows, policies, errors: sortErrors(errors) };
  if (opts.provenance) snapshot.provenance = opts.provenance;
  return snapshot;
}

/** Names of apps whose digest changed between two snapshots, including added and removed apps, sorted. */
export function appsChangedBetween(prev: Snapshot | undefined, next: Snapshot): string[] {
  const before = new Map((prev?.apps ?? []).map((a) => [a.name, a.digest]));
  const after = new Map(next.apps.map((a) => [a.name, a.digest]));
  const changed = new Set<string>();
  for (const [name, digest] of after) if (before.get(name) !== digest) changed.add(name);
  for (const name of before.keys()) if (!after.has(name)) changed.add(name);
  return [...changed].sort();
}

function readApps(
  folders: ReadonlyMap<string, string>,
  specDocs: PlacedDoc[],
  resourceDocs: PlacedDoc[],
  validator: ResourceValidator | undefined,
  errors: ManifestError[],
): App[] {
  const appDocs = readApplications(specDocs, errors);
  const crds = collectCrdScopes(resourceDocs.map((d) => d.doc.value));
  const drafts = new Map<string, { name: string; spec: AppSpec; doc?: ManifestDoc; resources: Resource[] }>();
  for (const [name, firstFile] of folders) {
    const bad = checkAppName(name);
    if (bad) errors.push({ file: firstFile, line: 1, column: 1, code: 'invalid-app-name', message: bad });
    const doc = appDocs.get(name);
    const spec = readAppSpec(doc);
    drafts.set(name, doc ? { name, spec, doc, resources: [] } : { name, spec, resources: [] });
  }
  for (const { place, doc } of resourceDocs) {
    if (place.area !== 'app-resources') continue;
    const draft = drafts.get(place.app);
    if (!draft) continue;
    const namespace = draft.spec.namespace;
    const context = namespace ? { app: draft.name, namespace, validator, crds } : { app: draft.name, validator, crds };
    const read = readAppManifest(doc, context);
    draft.resources.push(...read.resources);
    errors.push(...read.errors);
  }
  const allResources = [...drafts.values()].flatMap((d) => d.resources);
  errors.push(...findDuplicateResources(allResources.sort(bySource)));

  const nodes: AppNode[] = [...drafts.values()].map((d) => {
    const doc = d.doc;
    return {
      name: d.name,
      dependsOn: d.spec.dependsOn,
      locateDependency: (i) => (doc ? positionOf(doc, ['spec', 'dependsOn', i]) : { file: '', line: 1, column: 1 }),
    };
  });
  const graph = checkAppGraph(nodes);
  errors.push(...graph.errors);

  return graph.order.flatMap((name) => {
    const draft = drafts.get(name);
    if (!draft) return [];
    const { spec } = draft;
    const resources = draft.resources.sort(bySource);
    const app: App = { name, spec, resources, digest: digestApp(spec, resources) };
    if (draft.doc) app.source = sourceOf(draft.doc);
    return [app];
  });
}

/** The Application of each app that has a valid one, by app name. */
function readApplications(specDocs: PlacedDoc[], errors: ManifestError[]): Map<string, ManifestDoc> {
  const appDocs = new Map<string, ManifestDoc>();
  for (const { place, doc, index } of specDocs) {
    if (place.area !== 'app-spec') continue;
    if (index > 0) {
      errors.push({
        ...sourceOf(doc),
        code: 'misplaced-kind',
        message: 'app.yaml holds exactly one document: the Application',
      });
      continue;
    }
    const header = readChecked(doc, errors, (h) => checkFolderKind(doc, h, 'application'));
    if (!header) continue;
    errors.push(...checkApplication(doc, place.app));
    appDocs.set(place.app, doc);
  }
  return appDocs;
}

function readWorkflows(docs: PlacedDoc[], errors: ManifestError[]): WorkflowDoc[] {
  const workflows: WorkflowDoc[] = [];
  const seen = new Map<string, WorkflowDoc>();
  for (const { doc } of docs) {
    const generated = generatedName(doc);
    const header = readChecked(
      generated ? { ...doc, value: { ...doc.value, metadata: generated } } : doc,
      errors,
      (h) => checkFolderKind(doc, h, 'workflow'),
    );
    if (!header || !isWorkflowKind(header.kind)) continue;
    const found = checkWorkflow(doc, header.kind);
    errors.push(...found);
    const workflow: WorkflowDoc = {
      apiVersion: header.apiVersion,
      kind: header.kind,
      name: header.name,
      object: doc.value,
      source: sourceOf(doc),
    };
    workflows.push(workflow);
    if (generated) continue; // each submission gets a fresh name, so two can share a prefix
    const metadata = isObj(doc.value.metadata) ? doc.value.metadata : {};
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
    const key = `${header.kind}/${namespace}/${header.name}`;
    const first = seen.get(key);
    if (first) errors.push(duplicateError(`${header.kind} "${header.name}"`, first.source, workflow.source));
    else seen.set(key, workflow);
  }
  return workflows;
}

/** A Workflow may name itself by `generateName` only; it stands in for the name. */
function generatedName(doc: ManifestDoc): Record<string, unknown> | undefined {
  const metadata = doc.value.metadata;
  if (doc.value.kind !== 'Workflow' || !isObj(metadata) || metadata.name !== undefined) return undefined;
  return typeof metadata.generateName === 'string' && metadata.generateName !== ''
    ? { ...metadata, name: metadata.generateName }
    : undefined;
}

function readPolicies(docs: PlacedDoc[], errors: ManifestError[]): PolicyDoc[] {
  const policies: PolicyDoc[] = [];
  const locators = new Map<PolicyDoc, ManifestDoc>();
  const seen = new Map<string, PolicyDoc>();
  for (const { doc } of docs) {
    const header = readChecked(doc, errors, (h) => checkFolderKind(doc, h, 'policy'));
    if (!header) continue;
    errors.push(...checkPolicy(doc));
    if (!isObj(doc.value.spec)) continue;
    const policy: PolicyDoc = { name: header.name, spec: doc.value.spec, source: sourceOf(doc) };
    const first = seen.get(header.name);
    if (first) {
      errors.push(duplicateError(`Policy "${header.name}"`, first.source, policy.source));
      continue;
    }
    seen.set(header.name, policy);
    policies.push(policy);
    locators.set(policy, doc);
  }
  const merged = mergePolicies(policies, (policy, path) => {
    const doc = locators.get(policy);
    return doc ? positionOf(doc, path) : policy.source;
  });
  errors.push(...merged.errors);
  return policies;
}

/** The header of a document that passed the folder's rule, or undefined after recording why not. */
function readChecked(
  doc: ManifestDoc,
  errors: ManifestError[],
  rule: (h: Header) => ManifestError | undefined,
): Header | undefined {
  const header = readHeader(doc);
  if (Array.isArray(header)) {
    errors.push(...header);
    return undefined;
  }
  const wrong = rule(header);
  if (wrong) {
    errors.push(wrong);
    return undefined;
  }
  return header;
}

function duplicateError(what: string, first: WorkflowDoc['source'], again: WorkflowDoc['source']): ManifestError {
  const at = (s: WorkflowDoc['source']): string => `${s.file}:${s.line}:${s.column}`;
  return {
    ...again,
    code: 'duplicate-object',
    message: `${what} is declared twice: at ${at(first)} and at ${at(again)}`,
  };
}

function bySource(a: Resource, b: Resource): number {
  const s = a.source;
  const t = b.source;
  if (s.file !== t.file) return s.file < t.file ? -1 : 1;
  return s.line - t.line || s.column - t.column;
}

function sortErrors(errors: ManifestError[]): ManifestError[] {
  return [...errors].sort((a, b) => {
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    return a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
  });
}
