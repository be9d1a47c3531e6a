/**
 * syncApp: make the cluster equal to what Git declares for one app. Inspect the live state; do nothing
 * at all when every object is already Synced; otherwise record a history revision, refuse unsafe syncs
 * before any write (mass prune, a cycle, a missing namespace), run the plan health-gated, run SyncFail
 * hooks on failure, and leave the outcome in history, in the app-status ConfigMap and as Events.
 */
import { groupOf } from '../../core/api-version.js';
import { parseDuration } from '../../core/manifests/formats.js';
import type { SyncPlan } from '../../core/plan/plan-sync.js';
import type { App, Obj } from '../../core/snapshot.js';
import type { Clock } from '../../ports/clock.js';
import { buildAppStatus, typesToSearch } from './app-status.js';
import { writeHealthAnnotations } from './health-annotations.js';
import { inspectApp } from './inspect-app.js';
import type { ActionContext } from './object-actions.js';
import { planApp, pendingWork } from './plan-app.js';
import { prepareNamespaces } from './prepare-namespaces.js';
import { runPlan, type RunPlanResult } from './run-plan.js';
import { runSyncFailHooks } from './sync-fail.js';
import type {
  AppStatus,
  CommitInfo,
  LiveState,
  ObjectOutcome,
  SyncCluster,
  SyncRecord,
  SyncTrigger,
} from './sync-types.js';
import type { PlanNode } from '../../core/plan/plan-types.js';

/** Where revisions go (the history store satisfies it). */
export interface RevisionRecorder {
  begin(record: Omit<SyncRecord, 'revision'>): Promise<number>;
  finish(record: SyncRecord): Promise<void>;
  trim(app: string, limit: number): Promise<number[]>;
}
export interface StatusWriter {
  write(status: AppStatus): Promise<void>;
}
export interface EventRecorder {
  record(app: string, reason: string, message: string, type?: 'Normal' | 'Warning'): Promise<void>;
}

export type SyncProgress =
  | { type: 'started'; app: string; revision: number; plan: SyncPlan }
  | { type: 'node-started'; app: string; node: PlanNode }
  | { type: 'node-retrying'; app: string; node: PlanNode; error: string; delayMs: number }
  | { type: 'node-finished'; app: string; outcome: ObjectOutcome };

export interface SyncAppInput {
  app: App;
  commit: CommitInfo;
  trigger: SyncTrigger;
  rollbackOf?: number;
  cluster: SyncCluster;
  live: LiveState;
  clock: Clock;
  history: RevisionRecorder;
  status: StatusWriter;
  events: EventRecorder;
  /** The app's last status: its objects name the types to search for Extraneous objects. */
  previous?: AppStatus;
  concurrency?: number;
  /** Sync (record a revision, wait on health) even when nothing differs: resuming an interrupted sync. */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Failures of status side-writes (events, health annotations) that must not fail a sync. */
  onWarning?: (message: string, err: unknown) => void;
}

export interface SyncAppResult {
  app: string;
  /** 'NoOp': nothing differed, nothing was written, no revision recorded. */
  outcome: SyncRecord['outcome'] | 'NoOp';
  message: string;
  record?: SyncRecord;
  status: AppStatus;
  plan?: SyncPlan;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

function countBy(outcomes: readonly ObjectOutcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o.result, (counts.get(o.result) ?? 0) + 1);
  const words: Record<string, string> = {
    Applied: 'applied',
    Unchanged: 'unchanged',
    Pruned: 'pruned',
    HookSucceeded: 'hooks run',
    HookFailed: 'hooks failed',
    Failed: 'failed',
    Skipped: 'skipped',
    Cancelled: 'cancelled',
  };
  return [...counts].map(([k, n]) => `${n} ${words[k] ?? k}`).join(', ') || 'nothing to do';
}

export async function syncApp(input: SyncAppInput): Promise<SyncAppResult> {
  const { app, clock, commit } = input;
  const prune = app.spec.syncPolicy.prune;
  const warn = (message: string, err: unknown): void => input.onWarning?.(message, err);
  const inspection = await inspectApp(app, input.live, typesToSearch(input.previous));

  const work = pendingWork(app, inspection);
  if (!input.force && work.changed === 0 && work.toPrune === 0) {
    const status = buildAppStatus({
      app: app.name,
      inspection,
      now: clock.now(),
      prune,
      revision: commit.sha,
      historyRevision: input.previous?.historyRevision ?? 0,
      syncedAt: input.previous?.syncedAt ?? '',
    });
    await writeHealthAnnotations(input.cluster, inspection, clock.now(), warn);
    await input.status.write(status);
    return { app: app.name, outcome: 'NoOp', message: `app ${app.name} is already in sync`, status };
  }

  const startedAt = clock.now().toISOString();
  const base: Omit<SyncRecord, 'revision'> = {
    app: app.name,
    commit,
    trigger: input.trigger,
    ...(input.rollbackOf !== undefined ? { rollbackOf: input.rollbackOf } : {}),
    startedAt,
    outcome: 'Running',
    message: '',
    objects: [],
    manifests: inspection.declared.map((d) => d.desired),
    appSpec: JSON.parse(JSON.stringify(app.spec)) as Obj,
  };
  const revision = await input.history.begin(base);
  const record: SyncRecord = { ...base, revision };
  const short = commit.sha.slice(0, 7);
  const syncing = buildAppStatus({
    app: app.name,
    inspection,
    now: clock.now(),
    prune,
    syncStatus: 'Syncing',
    revision: commit.sha,
    historyRevision: revision,
    syncedAt: input.previous?.syncedAt ?? '',
    message: `syncing ${short} (revision ${revision}, ${input.trigger})`,
  });
  await input.status.write(syncing);
  await event(
    input,
    'SyncStarted',
    `sync of ${short} "${commit.subject}" started: revision ${revision}, trigger ${input.trigger}`,
    'Normal',
    warn,
  );

  let run: RunPlanResult | undefined;
  let plan: SyncPlan | undefined;
  const planned = planApp(app, inspection);
  let refusal = 'refusal' in planned ? planned.refusal : undefined;
  if ('plan' in planned) plan = planned.plan;
  if (!refusal) {
    const ns = await prepareNamespaces(app, input.cluster, false);
    if (ns.problems.length > 0) refusal = ns.problems.join('; ');
  }
  const ctx: ActionContext = {
    cluster: input.cluster,
    live: input.live,
    clock,
    stamp: { revision: commit.sha, historyRevision: revision, syncedAt: startedAt },
    forceConflicts: app.spec.syncPolicy.forceConflicts,
    lastHealth: new Map(),
  };
  const timeoutMs = parseDuration(app.spec.syncPolicy.timeout) ?? DEFAULT_TIMEOUT_MS;
  if (!refusal && plan) {
    input.onProgress?.({ type: 'started', app: app.name, revision, plan });
    run = await runPlan({
      plan,
      declared: new Map(inspection.declared.map((d) => [idOf(d.resource), d])),
      extraneous: new Map(inspection.extraneous.map((e) => [idOf(e.resource), e])),
      ctx,
      concurrency: input.concurrency ?? 16,
      deadlineMs: timeoutMs,
      ...(input.signal ? { signal: input.signal } : {}),
      onStarted: (node) => input.onProgress?.({ type: 'node-started', app: app.name, node }),
      onRetrying: (node, error, delayMs) =>
        input.onProgress?.({ type: 'node-retrying', app: app.name, node, error, delayMs }),
      onFinished: (outcome) => input.onProgress?.({ type: 'node-finished', app: app.name, outcome }),
    });
  }

  const succeeded = !refusal && run?.succeeded === true;
  const cancelled = !succeeded && !refusal && input.signal?.aborted === true;
  let message: string;
  if (refusal) message = refusal;
  else if (succeeded) message = `synced ${short}: ${countBy(run?.outcomes ?? [])}`;
  else if (cancelled)
    message = `sync of ${short} cancelled (${reasonOf(input.signal)}): ${countBy(run?.outcomes ?? [])}`;
  else if (run?.deadlineExceeded)
    message = `sync of ${short} did not finish within ${app.spec.syncPolicy.timeout}: ${stuck(run)}`;
  else message = `sync of ${short} failed: ${run?.failure ?? 'unknown failure'}`;

  const objects = [...(run?.outcomes ?? [])];
  if (!succeeded && !cancelled && plan && plan.syncFailHooks.length > 0) {
    objects.push(...(await runSyncFailHooks(plan, inspection, ctx, timeoutMs, input.signal)));
  }
  const finishedAt = clock.now().toISOString();
  const outcome = succeeded ? 'Succeeded' : cancelled ? 'Cancelled' : 'Failed';
  const final: SyncRecord = { ...record, finishedAt, outcome, message, objects };
  await input.history.finish(final);
  try {
    await input.history.trim(app.name, app.spec.historyLimit);
  } catch (e) {
    warn(`could not trim the history of app ${app.name}`, e);
  }

  const after = await inspectApp(app, input.live, typesToSearch(input.previous));
  await writeHealthAnnotations(input.cluster, after, clock.now(), warn);
  const status = buildAppStatus({
    app: app.name,
    inspection: after,
    now: clock.now(),
    prune,
    ...(succeeded ? {} : { syncStatus: 'Failed' as const, message }),
    revision: commit.sha,
    historyRevision: revision,
    syncedAt: finishedAt,
  });
  await input.status.write(status);
  const pruned = objects.filter((o) => o.result === 'Pruned');
  if (pruned.length > 0)
    await event(input, 'Pruned', `pruned ${pruned.map((o) => `${o.kind}/${o.name}`).join(', ')}`, 'Normal', warn);
  if (succeeded) await event(input, 'Synced', `${message} (revision ${revision})`, 'Normal', warn);
  else await event(input, 'SyncFailed', `${message} (revision ${revision})`, 'Warning', warn);
  const result: SyncAppResult = { app: app.name, outcome, message, record: final, status };
  if (plan) result.plan = plan;
  return result;
}

/** The planner's node id for a resource. */
function idOf(r: { apiVersion: string; kind: string; namespace: string; name: string }): string {
  return `${groupOf(r.apiVersion)}/${r.kind}/${r.namespace}/${r.name}`;
}

function reasonOf(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'stopped';
}

function stuck(run: RunPlanResult): string {
  const waiting = run.outcomes.filter((o) => o.result === 'Cancelled');
  if (waiting.length === 0) return 'the deadline passed';
  return waiting.map((o) => `${o.kind}/${o.name} ${o.message}`).join('; ');
}

async function event(
  input: SyncAppInput,
  reason: string,
  message: string,
  type: 'Normal' | 'Warning',
  warn: (m: string, e: unknown) => void,
): Promise<void> {
  try {
    await input.events.record(input.app.name, reason, message, type);
  } catch (e) {
    warn(`could not record event ${reason} for app ${input.app.name}`, e);
  }
}
