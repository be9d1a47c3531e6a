/**
 * The sync history of each app, kept as one Secret per revision in the state namespace (the format
 * is revision-codec.ts). Numbers are allocated by create, never by overwrite, so two writers can
 * never share one; a finished revision is made immutable and is never written again.
 */
import { isKubeError } from '../../adapters/kube/kube-error.js';
import type { Obj } from '../../core/snapshot.js';
import type { Clock } from '../../ports/clock.js';
import type { SyncCluster, SyncRecord, SyncTrigger } from '../sync/sync-types.js';
import { ensureStateNamespace } from '../status/state-namespace.js';
import { chooseRevisionsToTrim } from './choose-trim.js';
import {
  ANN_GIT_SHA,
  ANN_ROLLBACK_OF,
  ANN_STARTED_AT,
  ANN_FINISHED_AT,
  ANN_SUBJECT,
  ANN_TRIGGER,
  HistoryError,
  KIND_SYNC_REVISION,
  LABEL_APP,
  LABEL_KIND,
  LABEL_STATUS,
  RECORD_KEY,
  buildRevisionSecret,
  decodeRecord,
  encodeRecord,
  labelsOf,
  metaOf,
  nameOf,
  outcomeOf,
  revisionAnnotations,
  revisionOf,
  revisionLabels,
  revisionSecretName,
  stringMap,
} from './revision-codec.js';

export { HistoryError, redactRecord } from './revision-codec.js';

/** A revision without its objects and manifests: what `sextant history` lists. */
export type RevisionSummary = Pick<
  SyncRecord,
  'revision' | 'commit' | 'trigger' | 'rollbackOf' | 'startedAt' | 'finishedAt' | 'outcome' | 'message'
>;

export interface HistoryStore {
  /** Records a new revision as Running under the next free number (max existing + 1) and returns it. */
  begin(record: Omit<SyncRecord, 'revision'>): Promise<number>;
  /** Writes the final record and makes the revision immutable; HistoryError 'already-finished' if it was. */
  finish(record: SyncRecord): Promise<void>;
  /** Newest first. A record that cannot be read still appears, from its labels, with the reason as message. */
  list(app: string): Promise<RevisionSummary[]>;
  get(app: string, revision: number): Promise<SyncRecord | undefined>;
  /** Finishes every revision still Running (its daemon died mid-sync) as Interrupted; returns them. */
  markInterrupted(app: string): Promise<SyncRecord[]>;
  /** Deletes the oldest finished revisions beyond `limit`, keeping the newest Succeeded; returns their numbers. */
  trim(app: string, limit: number): Promise<number[]>;
}

const FIELD_MANAGER = 'sextant';
/** Concurrent writers each lose at most once per rival; this bounds a pathological race. */
const ALLOCATE_ATTEMPTS = 10;
const FINISH_ATTEMPTS = 3;

export function createHistoryStore(cluster: SyncCluster, opts: { namespace: string; clock: Clock }): HistoryStore {
  const { namespace, clock } = opts;
  const where = (name: string) => `${namespace}/${name}`;

  async function listSecrets(app: string, extraSelector = ''): Promise<Obj[]> {
    const labelSelector = `${LABEL_APP}=${app},${LABEL_KIND}=${KIND_SYNC_REVISION}${extraSelector}`;
    const { items } = await cluster.list('v1', 'Secret', { namespace, labelSelector });
    return items;
  }

  async function newestRevision(app: string): Promise<number> {
    return Math.max(0, ...(await listSecrets(app)).map(revisionOf).filter((n) => n > 0));
  }

  /** POST only: an existing Secret of that name is never touched. */
  async function createSecret(record: SyncRecord): Promise<void> {
    const secret = await buildRevisionSecret(record, namespace);
    try {
      await cluster.create(secret, { fieldManager: FIELD_MANAGER });
    } catch (e) {
      // The state namespace is made on first use; 404 on a create means the namespace is missing.
      if (!isKubeError(e, 'not-found')) throw e;
      await ensureStateNamespace(cluster, namespace);
      await cluster.create(secret, { fieldManager: FIELD_MANAGER });
    }
  }

  const store: HistoryStore = {
    async begin(input) {
      let n = (await newestRevision(input.app)) + 1;
      for (let attempt = 1; ; attempt++) {
        const record: SyncRecord = { ...input, revision: n, outcome: 'Running' };
        delete record.finishedAt; // a Running record has not finished, whatever the caller passed
        try {
          await createSecret(record);
          return n;
        } catch (e) {
          if (!isKubeError(e, 'already-exists') || attempt >= ALLOCATE_ATTEMPTS) throw e;
          n = Math.max(n + 1, (await newestRevision(input.app)) + 1);
        }
      }
    },

    async finish(given) {
      if (given.outcome === 'Running')
        throw new HistoryError(`finish: revision ${given.revision} of app ${given.app} has outcome Running`, 'invalid');
      const record: SyncRecord = { ...given, finishedAt: given.finishedAt ?? clock.now().toISOString() };
      const name = revisionSecretName(record.app, record.revision);
      const data = await encodeRecord(record);
      for (let attempt = 1; ; attempt++) {
        const live = await cluster.get('v1', 'Secret', namespace, name);
        if (!live)
          throw new HistoryError(`finish: history Secret ${where(name)} does not exist (begin() made none)`, 'missing');
        if (live.immutable === true)
          throw new HistoryError(
            `finish: revision ${record.revision} of app ${record.app} is already finished ` +
              `(${labelsOf(live)[LABEL_STATUS] ?? 'unknown outcome'}); recorded history is never rewritten`,
            'already-finished',
          );
        // The resourceVersion makes this a compare-and-swap: of two finishers, exactly one wins.
        // A merge patch replaces the whole value of record.json.gz and of each label it names.
        const patch = {
          metadata: {
            resourceVersion: metaOf(live).resourceVersion,
            labels: revisionLabels(record),
            annotations: revisionAnnotations(record),
          },
          data: { [RECORD_KEY]: data },
          immutable: true,
        };
        try {
          await cluster.mergePatch('v1', 'Secret', namespace, name, patch, FIELD_MANAGER);
          return;
        } catch (e) {
          if (!isKubeError(e, 'conflict') || attempt >= FINISH_ATTEMPTS) throw e;
        }
      }
    },

    async list(app) {
      const secrets = await listSecrets(app);
      const summaries = await Promise.all(secrets.map((s) => summarise(s)));
      return summaries.sort((a, b) => b.revision - a.revision);
    },

    async get(app, revision) {
      const name = revisionSecretName(app, revision);
      const secret = await cluster.get('v1', 'Secret', namespace, name);
      return secret ? decodeRecord(where(name), secret) : undefined;
    },

    async markInterrupted(app) {
      const running = await listSecrets(app, `,${LABEL_STATUS}=Running`);
      const found = clock.now().toISOString();
      const done: SyncRecord[] = [];
      for (const secret of running.sort((a, b) => revisionOf(a) - revisionOf(b))) {
        const record = await decodeRecord(where(nameOf(secret)), secret);
        const interrupted: SyncRecord = {
          ...record,
          outcome: 'Interrupted',
          finishedAt: found,
          message: `Interrupted: the sync never finished (the daemon stopped during it); found unfinished at ${found}`,
        };
        try {
          await store.finish(interrupted);
          done.push(interrupted);
        } catch (e) {
          // Another replica finished it first: it is recorded either way.
          if (!(e instanceof HistoryError && e.code === 'already-finished')) throw e;
        }
      }
      return done;
    },

    async trim(app, limit) {
      const revs = (await listSecrets(app))
        .map((s) => ({ revision: revisionOf(s), outcome: outcomeOf(s) }))
        .filter((r) => r.revision > 0);
      const doomed = chooseRevisionsToTrim(revs, limit);
      for (const n of doomed) {
        try {
          await cluster.delete('v1', 'Secret', namespace, revisionSecretName(app, n));
        } catch (e) {
          if (!isKubeError(e, 'not-found')) throw e; // a concurrent trim got there first
        }
      }
      return doomed;
    },
  };

  /** The summary from the record; from labels and annotations when the record is unreadable. */
  async function summarise(secret: Obj): Promise<RevisionSummary> {
    try {
      const r = await decodeRecord(where(nameOf(secret)), secret);
      return {
        revision: r.revision,
        commit: r.commit,
        trigger: r.trigger,
        ...(r.rollbackOf !== undefined ? { rollbackOf: r.rollbackOf } : {}),
        startedAt: r.startedAt,
        ...(r.finishedAt !== undefined ? { finishedAt: r.finishedAt } : {}),
        outcome: r.outcome,
        message: r.message,
      };
    } catch (e) {
      if (!(e instanceof HistoryError)) throw e;
      return summaryFromMetadata(secret, e.message);
    }
  }

  return store;
}

const TRIGGERS: readonly SyncTrigger[] = ['poll', 'webhook', 'self-heal', 'manual', 'rollback', 'auto-rollback'];

function summaryFromMetadata(secret: Obj, problem: string): RevisionSummary {
  const ann = stringMap(metaOf(secret).annotations);
  const trigger = ann[ANN_TRIGGER];
  const rollbackOf = Number(ann[ANN_ROLLBACK_OF]);
  return {
    revision: revisionOf(secret),
    commit: { sha: ann[ANN_GIT_SHA] ?? '', subject: ann[ANN_SUBJECT] ?? '', author: { name: '', email: '' } },
    trigger: TRIGGERS.find((t) => t === trigger) ?? 'manual',
    ...(Number.isInteger(rollbackOf) && rollbackOf > 0 ? { rollbackOf } : {}),
    startedAt: ann[ANN_STARTED_AT] ?? '',
    ...(ann[ANN_FINISHED_AT] ? { finishedAt: ann[ANN_FINISHED_AT] } : {}),
    outcome: outcomeOf(secret),
    message: problem,
  };
}
