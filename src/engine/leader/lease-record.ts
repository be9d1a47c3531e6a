/**
 * The leader-election record as a coordination.k8s.io/v1 Lease stores it, in the field names and
 * formats client-go's resourcelock.LeaseLock writes, so `kubectl get lease -o yaml` reads the same;
 * and the timing rules that keep a leader from outliving its lease.
 */
import type { KubeObject } from '../../adapters/kube/kube-client.js';
import { isObj } from '../../core/snapshot.js';

export const LEASE_API_VERSION = 'coordination.k8s.io/v1';
export const LEASE_KIND = 'Lease';

export interface LeaseRecord {
  /** '' when nobody holds the lease (never taken, or released). */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions: number;
}

/** The spec of a live Lease; missing or malformed fields read as client-go reads nil pointers. */
export function readLeaseRecord(lease: KubeObject): LeaseRecord {
  const spec = isObj(lease.spec) ? lease.spec : {};
  return {
    holderIdentity: typeof spec.holderIdentity === 'string' ? spec.holderIdentity : '',
    leaseDurationSeconds: typeof spec.leaseDurationSeconds === 'number' ? spec.leaseDurationSeconds : 0,
    ...(typeof spec.acquireTime === 'string' ? { acquireTime: spec.acquireTime } : {}),
    ...(typeof spec.renewTime === 'string' ? { renewTime: spec.renewTime } : {}),
    leaseTransitions: typeof spec.leaseTransitions === 'number' ? spec.leaseTransitions : 0,
  };
}

/**
 * A stable text of the spec, to tell whether the record changed since it was last seen: that moment,
 * on the reader's own clock, is what expiry counts from (remote timestamps may be skewed).
 */
export function fingerprintLease(lease: KubeObject): string {
  const r = readLeaseRecord(lease);
  return JSON.stringify([r.holderIdentity, r.leaseDurationSeconds, r.acquireTime, r.renewTime, r.leaseTransitions]);
}

export function resourceVersionOf(lease: KubeObject): string {
  const meta = isObj(lease.metadata) ? lease.metadata : {};
  return typeof meta.resourceVersion === 'string' ? meta.resourceVersion : '';
}

/** A Lease object carrying the record; with a resourceVersion, a PUT of it is an optimistic update. */
export function buildLease(namespace: string, name: string, record: LeaseRecord, resourceVersion?: string): KubeObject {
  return {
    apiVersion: LEASE_API_VERSION,
    kind: LEASE_KIND,
    metadata: { name, namespace, ...(resourceVersion ? { resourceVersion } : {}) },
    spec: { ...record },
  };
}

/** metav1.MicroTime: RFC 3339 in UTC with exactly six fractional digits ("2024-01-01T00:00:00.123000Z"). */
export function formatMicroTime(at: Date): string {
  return at.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** client-go's JitterFactor: standbys retry after retryPeriod × [1, 2.2) so they do not poll in step. */
export const JITTER_FACTOR = 1.2;

export interface LeaseTimings {
  /** The lease duration as stored: whole seconds, rounded up, at least 1. */
  leaseDurationSeconds: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** client-go's defaults and checks: the leader must give up before a standby can see its lease expire. */
export function checkTimings(o: {
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}): LeaseTimings {
  const leaseMs = o.leaseDurationMs ?? 15_000;
  const renewDeadlineMs = o.renewDeadlineMs ?? 10_000;
  const retryPeriodMs = o.retryPeriodMs ?? 2_000;
  if (!(retryPeriodMs > 0)) throw new Error('leader election: the retry period must be positive');
  if (!(leaseMs > renewDeadlineMs))
    throw new Error('leader election: the lease duration must be greater than the renew deadline');
  if (!(renewDeadlineMs > JITTER_FACTOR * retryPeriodMs))
    throw new Error(`leader election: the renew deadline must exceed ${JITTER_FACTOR} × the retry period`);
  return { leaseDurationSeconds: Math.max(1, Math.ceil(leaseMs / 1000)), renewDeadlineMs, retryPeriodMs };
}
