/**
 * The desired state read from one Git commit: applications with their resources, workflows,
 * policies, where it came from, and every problem found. Plain data, produced by the pure loader
 * (core/manifests) and consumed by diff, plan and the daemon. A snapshot with errors is never applied.
 */

export type Obj = Record<string, unknown>;

/** A JSON object (not null, not a list): the guard every reader of parsed YAML and live JSON needs. */
export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A place in a repository file; line and column are 1-based. */
export interface SourcePosition {
  file: string; // repository path, relative to the configured sub-path, with '/' separators
  line: number;
  column: number;
}

/** One problem, printed as `file:line:column: message`. */
export interface ManifestError extends SourcePosition {
  /** Stable machine-readable code, e.g. 'yaml-syntax', 'missing-field', 'unknown-field', 'duplicate-object'. */
  code: string;
  message: string;
}

export function formatError(e: ManifestError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}

/** One file of the repository as the Git source hands it over. */
export interface SourceFile {
  path: string; // relative to the configured sub-path
  content: Uint8Array;
  /** Git blob id: equal ids mean equal content, so parses can be reused across commits. */
  blobId: string;
}

export interface Provenance {
  commit: string; // full sha
  subject: string; // first line of the commit message
  author: { name: string; email: string };
  time: string; // RFC 3339 commit time
  ref: string; // what was followed: branch, tag or commit as given
}

/** A Kubernetes object declared in Git, with where it was declared. */
export interface Resource {
  apiVersion: string;
  kind: string;
  name: string;
  /** Set for namespaced kinds (the app's namespace when the manifest gave none); '' for cluster-scoped ones. */
  namespace: string;
  object: Obj; // exactly what the file says, plus the defaulted namespace
  source: SourcePosition;
}

export interface RetryPolicy {
  limit: number;
  backoff: { duration: string; factor: number; maxDuration: string };
}

export interface SyncPolicy {
  automated: boolean;
  prune: boolean;
  selfHeal: boolean;
  autoRollback: boolean;
  retry: RetryPolicy;
  timeout: string;
  /** Consent to prune more than half of the app, or to sync an app that suddenly has no resources. */
  allowMassPrune: boolean;
  /** Create the namespaces the app's objects live in when they do not exist (never pruned). */
  createNamespace: boolean;
  /** Take over fields another field manager owns instead of failing with a conflict. */
  forceConflicts: boolean;
}

export interface IgnoreDifference {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  jsonPointers: string[];
}

export interface AppSpec {
  namespace?: string;
  dependsOn: string[];
  syncPolicy: SyncPolicy;
  ignoreDifferences: IgnoreDifference[];
  suspended: boolean;
  historyLimit: number;
}

export interface App {
  name: string;
  spec: AppSpec;
  resources: Resource[];
  /** Digest of the app's rendered resources and spec: equal digests mean nothing to sync. */
  digest: string;
  /** app.yaml, when the app has one. */
  source?: SourcePosition;
}

/** A Workflow, CronWorkflow or WorkflowTemplate document, structurally checked. */
export interface WorkflowDoc {
  apiVersion: string;
  kind: 'Workflow' | 'CronWorkflow' | 'WorkflowTemplate';
  name: string;
  object: Obj;
  source: SourcePosition;
}

export interface PolicyDoc {
  name: string;
  spec: Obj;
  source: SourcePosition;
}

export interface Snapshot {
  provenance?: Provenance;
  apps: App[]; // in dependsOn order: every app after the apps it depends on
  workflows: WorkflowDoc[];
  policies: PolicyDoc[];
  errors: ManifestError[]; // sorted by file, line, column
}
