/**
 * The format of one recorded sync revision in the cluster (DESIGN.md, "Sync history"): a Secret
 * `sextant-rev-<app>-<N>` whose data key record.json.gz is the gzip of the SyncRecord's JSON, with
 * labels and annotations that make `kubectl get secret -L ...` readable. Encoding, decoding (with
 * errors that name the Secret), and the redacted view of a record for anything that prints it.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { redactSecret } from '../../core/diff/redact-secret.js';
import { isObj, type Obj } from '../../core/snapshot.js';
import type { SyncOutcome, SyncRecord } from '../sync/sync-types.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const REVISION_SECRET_TYPE = 'sextant.dev/sync-revision';
export const RECORD_KEY = 'record.json.gz';
export const LABEL_APP = 'sextant.dev/app';
export const LABEL_REVISION = 'sextant.dev/revision';
export const LABEL_STATUS = 'sextant.dev/status';
export const LABEL_KIND = 'sextant.dev/kind';
export const KIND_SYNC_REVISION = 'sync-revision';
export const ANN_GIT_SHA = 'sextant.dev/git-sha';
export const ANN_TRIGGER = 'sextant.dev/trigger';
export const ANN_STARTED_AT = 'sextant.dev/started-at';
export const ANN_FINISHED_AT = 'sextant.dev/finished-at';
export const ANN_SUBJECT = 'sextant.dev/subject';
export const ANN_ROLLBACK_OF = 'sextant.dev/rollback-of';

/** Kubernetes refuses a Secret whose data exceeds 1 MiB; say so before the API server does, and why. */
export const MAX_RECORD_BYTES = 1024 * 1024;
const SUBJECT_MAX = 200;

const OUTCOMES: readonly SyncOutcome[] = ['Running', 'Succeeded', 'Failed', 'Cancelled', 'Interrupted'];

export type HistoryErrorCode = 'corrupt' | 'too-large' | 'already-finished' | 'missing' | 'invalid';

/** A history failure with a stable code, so callers can tell "never rewrite" from "unreadable". */
export class HistoryError extends Error {
  readonly code: HistoryErrorCode;
  constructor(message: string, code: HistoryErrorCode, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'HistoryError';
    this.code = code;
  }
}

export function revisionSecretName(app: string, revision: number): string {
  return `sextant-rev-${app}-${revision}`;
}

export function isSyncOutcome(v: unknown): v is SyncOutcome {
  return typeof v === 'string' && (OUTCOMES as readonly string[]).includes(v);
}

/** base64 of gzip(JSON), the value of data[record.json.gz]. */
export async function encodeRecord(record: SyncRecord): Promise<string> {
  const gz = await gzipAsync(Buffer.from(JSON.stringify(record), 'utf8'));
  if (gz.length > MAX_RECORD_BYTES)
    throw new HistoryError(
      `revision ${record.revision} of app ${record.app}: the compressed record is ${gz.length} bytes, over the ` +
        `${MAX_RECORD_BYTES}-byte limit of a Kubernetes Secret`,
      'too-large',
    );
  return gz.toString('base64');
}

/** Reads data[record.json.gz] of the Secret `where` (namespace/name); every failure names that Secret. */
export async function decodeRecord(where: string, secret: Obj): Promise<SyncRecord> {
  const data = isObj(secret.data) ? secret.data : {};
  const b64 = data[RECORD_KEY];
  if (typeof b64 !== 'string' || !b64)
    throw new HistoryError(`history Secret ${where} has no data key ${RECORD_KEY}`, 'corrupt');
  let json: string;
  try {
    json = (await gunzipAsync(Buffer.from(b64, 'base64'))).toString('utf8');
  } catch (e) {
    throw new HistoryError(`history Secret ${where}: ${RECORD_KEY} is not valid gzip (${errText(e)})`, 'corrupt', e);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new HistoryError(`history Secret ${where}: ${RECORD_KEY} is not valid JSON (${errText(e)})`, 'corrupt', e);
  }
  const problem = checkRecordShape(parsed);
  if (problem)
    throw new HistoryError(`history Secret ${where}: ${RECORD_KEY} is not a sync record: ${problem}`, 'corrupt');
  return parsed as SyncRecord;
}

/** What is wrong with a decoded value that should be a SyncRecord, or '' when it looks right. */
function checkRecordShape(v: unknown): string {
  if (!isObj(v)) return 'not an object';
  if (typeof v.app !== 'string') return 'app is not a string';
  if (typeof v.revision !== 'number' || !Number.isInteger(v.revision)) return 'revision is not an integer';
  if (!isSyncOutcome(v.outcome)) return `unknown outcome ${JSON.stringify(v.outcome)}`;
  if (!isObj(v.commit) || typeof v.commit.sha !== 'string') return 'commit.sha is missing';
  if (typeof v.startedAt !== 'string') return 'startedAt is missing';
  if (!Array.isArray(v.objects) || !Array.isArray(v.manifests)) return 'objects or manifests is not a list';
  return '';
}

/** The labels of a revision Secret; status follows the outcome so `-l sextant.dev/status=Failed` works. */
export function revisionLabels(record: SyncRecord): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'sextant',
    [LABEL_KIND]: KIND_SYNC_REVISION,
    [LABEL_APP]: record.app,
    [LABEL_REVISION]: String(record.revision),
    [LABEL_STATUS]: record.outcome,
  };
}

/** Readable annotations for `kubectl get secret -o yaml` and custom columns; the record stays the truth. */
export function revisionAnnotations(record: SyncRecord): Record<string, string> {
  const subject = record.commit.subject.split('\n', 1)[0] ?? '';
  return {
    [ANN_GIT_SHA]: record.commit.sha,
    [ANN_TRIGGER]: record.trigger,
    [ANN_STARTED_AT]: record.startedAt,
    ...(record.finishedAt ? { [ANN_FINISHED_AT]: record.finishedAt } : {}),
    [ANN_SUBJECT]: subject.length > SUBJECT_MAX ? `${subject.slice(0, SUBJECT_MAX - 1)}…` : subject,
    ...(record.rollbackOf !== undefined ? { [ANN_ROLLBACK_OF]: String(record.rollbackOf) } : {}),
  };
}

/** The whole Secret for a record, as created by begin(). */
export async function buildRevisionSecret(record: SyncRecord, namespace: string): Promise<Obj> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: revisionSecretName(record.app, record.revision),
      namespace,
      labels: revisionLabels(record),
      annotations: revisionAnnotations(record),
    },
    type: REVISION_SECRET_TYPE,
    data: { [RECORD_KEY]: await encodeRecord(record) },
  };
}

/** A copy of the record safe to print: values of Secrets among the manifests are masked, keys kept. */
export function redactRecord(r: SyncRecord): SyncRecord {
  return { ...r, manifests: r.manifests.map((m) => redactSecret(m)) };
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// Readers of a revision Secret's metadata, for listing without decoding every record.

export function metaOf(o: Obj): Obj {
  return isObj(o.metadata) ? o.metadata : {};
}

export function nameOf(o: Obj): string {
  const name = metaOf(o).name;
  return typeof name === 'string' ? name : '';
}

export function stringMap(v: unknown): Record<string, string> {
  if (!isObj(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function labelsOf(o: Obj): Record<string, string> {
  return stringMap(metaOf(o).labels);
}

/** N from the revision label; 0 when it is missing or not a positive integer. */
export function revisionOf(o: Obj): number {
  const n = Number(labelsOf(o)[LABEL_REVISION]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** An unknown status label counts as Running, so trim never deletes what it cannot judge. */
export function outcomeOf(o: Obj): SyncOutcome {
  const s = labelsOf(o)[LABEL_STATUS];
  return isSyncOutcome(s) ? s : 'Running';
}
