/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection package does it:
 * every write is an optimistic update at the resourceVersion just read, a standby takes the lease only
 * once it has seen the record unchanged for a lease duration on its own clock, and the leader steps
 * down when it cannot renew within the renew deadline, which is shorter than the lease duration, so
 * it has stopped before any standby can believe the lease expired.
 */
import type { KubeClient, KubeObject } from '../../adapters/kube/kube-client.js';
import { isKubeError } from '../../adapters/kube/kube-error.js';
import type { Clock } from '../../ports/clock.js';
import {
  LEASE_API_VERSION,
  LEASE_KIND,
  JITTER_FACTOR,
  buildLease,
  checkTimings,
  fingerprintLease,
  formatMicroTime,
  readLeaseRecord,
  resourceVersionOf,
  type LeaseRecord,
} from './lease-record.js';

export interface LeaderElector {
  /**
   * Runs until the signal aborts: acquires, renews, and calls onStartedLeading(leaderSignal) on becoming
   * leader; leaderSignal aborts the moment leadership is lost (renew failed past the deadline, or another
   * holder seen), then onStoppedLeading() runs and it goes back to acquiring. When the outer signal aborts
   * while leading, it releases the lease so a standby takes over at once.
   */
  run(signal: AbortSignal): Promise<void>;
  isLeader(): boolean;
  /** The holder identity last seen on the lease; undefined while nobody holds it. */
  leader(): string | undefined;
}

export type LeaseCluster = Pick<KubeClient, 'get' | 'create' | 'update'>;

export interface LeaderElectorOptions {
  cluster: LeaseCluster;
  namespace: string;
  name?: string;
  identity: string;
  /** How long a standby waits, after it last saw the record change, before taking it. Stored rounded up to seconds. */
  leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it steps down; must be under the lease duration. */
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  clock: Clock;
  /**
   * Called on becoming leader. May return a promise for the guarded work: it is awaited (after the
   * signal aborts) before the lease is released on shutdown and before trying to lead again.
   */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  onStoppedLeading(): void;
  onNewLeader?(identity: string): void;
  logger?: { info(o: object, m: string): void; warn(o: object, m: string): void };
}

export const DEFAULT_LEASE_NAME = 'sextant-leader';
const FIELD_MANAGER = 'sextant';
const ABORTED = Symbol('aborted');
const TIMED_OUT = Symbol('timed-out');

/** 'leading': we hold it now; 'held': another identity holds it; 'failed': the read or write failed. */
type Attempt = 'leading' | 'held' | 'failed';

export function createLeaderElector(opts: LeaderElectorOptions): LeaderElector {
  const { cluster, namespace, identity, clock } = opts;
  const name = opts.name ?? DEFAULT_LEASE_NAME;
  const { leaseDurationSeconds, renewDeadlineMs, retryPeriodMs } = checkTimings(opts);
  if (!identity) throw new Error('leader election: the identity must not be empty');
  const log = opts.logger ?? { info: () => undefined, warn: () => undefined };
  const where = { lease: `${namespace}/${name}`, identity };

  let observed: { record: LeaseRecord; fingerprint: string; resourceVersion: string } | undefined;
  let observedAt = 0; // our clock, ms, when the record last changed
  let reportedLeader = '';
  let leading = false;
  let running = false;

  const nowMs = (): number => clock.now().getTime();

  function observe(lease: KubeObject, at: number): void {
    const fingerprint = fingerprintLease(lease);
    if (fingerprint !== observed?.fingerprint) observedAt = at;
    observed = { record: readLeaseRecord(lease), fingerprint, resourceVersion: resourceVersionOf(lease) };
    const holder = observed.record.holderIdentity;
    if (holder && holder !== reportedLeader) {
      reportedLeader = holder;
      log.info({ ...where, leader: holder }, 'new leader observed');
      callSafely(() => opts.onNewLeader?.(holder), 'onNewLeader');
    }
    if (!holder) reportedLeader = '';
  }

  /** Whether the holder we saw may still be acting: counted from when we saw the record change. */
  function isHeldByOther(now: number): boolean {
    const r = observed?.record;
    if (!r?.holderIdentity || r.holderIdentity === identity) return false;
    return observedAt + r.leaseDurationSeconds * 1000 > now;
  }

  /** One round of client-go's tryAcquireOrRenew. While leading, any other holder means we lost. */
  async function tryAcquireOrRenew(renewing: boolean): Promise<Attempt> {
    const startedAt = clock.now();
    let live: KubeObject | undefined;
    try {
      live = await cluster.get(LEASE_API_VERSION, LEASE_KIND, namespace, name);
    } catch (e) {
      log.warn({ ...where, err: errorText(e) }, 'cannot read the leader lease');
      return 'failed';
    }
    const fresh: LeaseRecord = {
      holderIdentity: identity,
      leaseDurationSeconds,
      acquireTime: formatMicroTime(startedAt),
      renewTime: formatMicroTime(startedAt),
      leaseTransitions: 0,
    };
    if (!live) return write(() => cluster.create(buildLease(namespace, name, fresh), { fieldManager: FIELD_MANAGER }));
    observe(live, nowMs());
    const old = readLeaseRecord(live);
    if (renewing ? old.holderIdentity !== identity : isHeldByOther(nowMs())) return 'held';
    const next: LeaseRecord =
      old.holderIdentity === identity
        ? {
            ...old,
            leaseDurationSeconds,
            acquireTime: old.acquireTime ?? fresh.acquireTime,
            renewTime: fresh.renewTime,
          }
        : { ...fresh, leaseTransitions: old.leaseTransitions + 1 };
    const lease = buildLease(namespace, name, next, resourceVersionOf(live));
    return write(() => cluster.update(lease, { fieldManager: FIELD_MANAGER }));
  }

  async function write(send: () => Promise<KubeObject>): Promise<Attempt> {
    try {
      observe(await send(), nowMs());
      return 'leading';
    } catch (e) {
      // 409 or AlreadyExists: another replica wrote first; the next round re-reads and sees who.
      if (isKubeError(e, 'conflict') || isKubeError(e, 'already-exists')) return 'failed';
      log.warn({ ...where, err: errorText(e) }, 'cannot write the leader lease');
      return 'failed';
    }
  }

  /** Resolves with the time the winning round started (renewals count from there), or undefined on abort. */
  async function acquire(signal: AbortSignal): Promise<number | undefined> {
    log.info(where, 'trying to acquire the leader lease');
    for (;;) {
      if (signal.aborted) return undefined;
      const startedAt = nowMs();
      const r = await within(tryAcquireOrRenew(false), signal);
      if (r === ABORTED) return undefined;
      if (r === 'leading') return startedAt;
      // While another holds it, wake no later than its lease would expire, so a dead leader is replaced promptly.
      const jittered = retryPeriodMs * (1 + Math.random() * JITTER_FACTOR);
      const untilExpiry =
        r === 'held' && observed ? observedAt + observed.record.leaseDurationSeconds * 1000 - nowMs() : jittered;
      if (!(await sleepUnlessAborted(Math.max(0, Math.min(jittered, untilExpiry)), signal))) return undefined;
    }
  }

  /** Renews every retry period; 'lost' once the renew deadline passes without a renewal or another holder shows. */
  async function renew(renewedAt: number, signal: AbortSignal): Promise<'lost' | 'cancelled'> {
    for (;;) {
      const deadline = renewedAt + renewDeadlineMs;
      if (!(await sleepUnlessAborted(Math.max(0, Math.min(retryPeriodMs, deadline - nowMs())), signal)))
        return 'cancelled';
      const startedAt = nowMs();
      if (startedAt >= deadline) {
        log.warn({ ...where, renewDeadlineMs }, 'could not renew the leader lease before the deadline');
        return 'lost';
      }
      const r = await within(tryAcquireOrRenew(true), signal, deadline - startedAt);
      if (r === ABORTED) return 'cancelled';
      if (r === 'leading') renewedAt = startedAt;
      if (r === 'held') {
        log.warn({ ...where, leader: observed?.record.holderIdentity }, 'another replica holds the leader lease');
        return 'lost';
      }
    }
  }

  /** As client-go's ReleaseOnCancel: an empty holder lets a standby take the lease on its next round. */
  async function release(): Promise<void> {
    const held = observed;
    if (held?.record.holderIdentity !== identity) return;
    const now = formatMicroTime(clock.now());
    const record: LeaseRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: held.record.leaseTransitions,
    };
    try {
      const lease = buildLease(namespace, name, record, held.resourceVersion);
      observe(await cluster.update(lease, { fieldManager: FIELD_MANAGER }), nowMs());
      log.info(where, 'released the leader lease');
    } catch (e) {
      // A conflict means someone else wrote since our last renewal: it is not ours to release.
      if (!isKubeError(e, 'conflict')) log.warn({ ...where, err: errorText(e) }, 'cannot release the leader lease');
    }
  }

  async function lead(acquiredAt: number, signal: AbortSignal): Promise<void> {
    const leaderCtl = new AbortController();
    leading = true;
    log.info(where, 'became leader');
    let work: Promise<void> | undefined;
    try {
      work = Promise.resolve(opts.onStartedLeading(leaderCtl.signal)).catch((e: unknown) => {
        log.warn({ ...where, err: errorText(e) }, 'the leader work failed');
      });
    } catch (e) {
      log.warn({ ...where, err: errorText(e) }, 'onStartedLeading threw');
    }
    const end = await renew(acquiredAt, signal);
    leading = false;
    leaderCtl.abort(new Error(end === 'lost' ? 'leadership lost' : 'shutting down'));
    // Never write as a non-leader, nor let go of the lease, while the guarded work may still be writing.
    await work;
    if (end === 'cancelled') await within(release(), new AbortController().signal, renewDeadlineMs);
    log.info({ ...where, reason: end }, 'stopped leading');
    callSafely(() => opts.onStoppedLeading(), 'onStoppedLeading');
  }

  function callSafely(fn: () => void, what: string): void {
    try {
      fn();
    } catch (e) {
      log.warn({ ...where, err: errorText(e) }, `${what} threw`);
    }
  }

  /** Races the attempt against the signal and an optional timeout; a losing attempt settles on its own. */
  async function within<T>(
    p: Promise<T>,
    signal: AbortSignal,
    timeoutMs?: number,
  ): Promise<T | typeof ABORTED | typeof TIMED_OUT> {
    if (signal.aborted) return ABORTED;
    const stop = new AbortController();
    const racers: Promise<T | typeof ABORTED | typeof TIMED_OUT>[] = [
      p,
      new Promise((resolve) => {
        signal.addEventListener('abort', () => resolve(ABORTED), { once: true, signal: stop.signal });
      }),
    ];
    if (timeoutMs !== undefined)
      racers.push(
        clock.sleep(Math.max(0, timeoutMs), stop.signal).then(
          () => TIMED_OUT,
          () => TIMED_OUT,
        ),
      );
    try {
      return await Promise.race(racers);
    } finally {
      stop.abort();
    }
  }

  async function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await clock.sleep(ms, signal);
      return true;
    } catch {
      return false;
    }
  }

  return {
    async run(signal) {
      if (running) throw new Error('leader election: run() is already running');
      running = true;
      try {
        for (;;) {
          const acquiredAt = await acquire(signal);
          if (acquiredAt === undefined) return;
          await lead(acquiredAt, signal);
        }
      } finally {
        running = false;
      }
    },
    isLeader: () => leading,
    leader: () => observed?.record.holderIdentity || undefined,
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
