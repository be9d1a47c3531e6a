/**
 * Leader election against the sandbox's coordination.k8s.io/v1 Leases, on the real clock with short
 * durations: one of two replicas leads, a stopping leader hands over at once, a dead one within a lease.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/adapters/kube/kube-client.js';
import { KubeError } from '../../../src/adapters/kube/kube-error.js';
import { systemClock } from '../../../src/adapters/clock.js';
import {
  createLeaderElector,
  type LeaderElector,
  type LeaseCluster,
} from '../../../src/engine/leader/lease-elector.js';
import { kubectlFor } from '../../helpers/kubectl.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { startKube } from '../../adapters/kube/client-for.js';

const NS = 'sextant-system';
const LEASE_MS = 1000;
const RENEW_DEADLINE_MS = 600;
const RETRY_MS = 100;

interface Replica {
  identity: string;
  elector: LeaderElector;
  stop: AbortController;
  done: Promise<void>;
  startedAt?: number;
  stoppedAt?: number;
  leaderSignal?: AbortSignal;
  lostAt?: number;
  newLeaders: string[];
  /** 'fail': every API call throws; 'hang': every API call never answers. */
  breakApi(how: 'fail' | 'hang'): void;
}

function startReplica(kube: KubeClient, identity: string, name: string): Replica {
  let broken: 'fail' | 'hang' | undefined;
  const gate = <T>(call: () => Promise<T>): Promise<T> => {
    if (broken === 'hang') return new Promise<T>(() => undefined);
    if (broken === 'fail') return Promise.reject(new KubeError('cannot reach the server', { code: 'unreachable' }));
    return call();
  };
  const cluster: LeaseCluster = {
    get: (...a) => gate(() => kube.get(...a)),
    create: (...a) => gate(() => kube.create(...a)),
    update: (...a) => gate(() => kube.update(...a)),
  };
  const stop = new AbortController();
  const replica: Replica = {
    identity,
    stop,
    done: Promise.resolve(),
    newLeaders: [],
    breakApi: (how) => (broken = how),
    elector: createLeaderElector({
      cluster,
      namespace: NS,
      name,
      identity,
      leaseDurationMs: LEASE_MS,
      renewDeadlineMs: RENEW_DEADLINE_MS,
      retryPeriodMs: RETRY_MS,
      clock: systemClock,
      onStartedLeading(signal) {
        replica.startedAt = Date.now();
        replica.leaderSignal = signal;
        signal.addEventListener('abort', () => (replica.lostAt = Date.now()), { once: true });
      },
      onStoppedLeading() {
        replica.stoppedAt = Date.now();
      },
      onNewLeader: (id) => replica.newLeaders.push(id),
    }),
  };
  replica.done = replica.elector.run(stop.signal);
  return replica;
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function startPair(kube: KubeClient, name: string): Promise<[Replica, Replica]> {
  const a = startReplica(kube, 'replica-a', name);
  const b = startReplica(kube, 'replica-b', name);
  await waitFor('a leader', () => a.elector.isLeader() || b.elector.isLeader());
  const pair: [Replica, Replica] = a.elector.isLeader() ? [a, b] : [b, a];
  await waitFor('the standby to see the leader', () => pair[1].elector.leader() === pair[0].identity);
  return pair;
}

async function stopAll(...replicas: Replica[]): Promise<void> {
  for (const r of replicas) r.stop.abort();
  await Promise.all(replicas.map((r) => r.done));
}

describe('leader election on a Lease', () => {
  let sb: TestSandbox;
  let kube: KubeClient;
  beforeAll(async () => {
    ({ sb, kube } = await startKube({ controllers: false }));
    await kube.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, { fieldManager: 'test' });
  });
  afterAll(() => sb.stop());

  it('lets exactly one of two replicas lead, and kubectl shows the holder', async () => {
    const [leader, standby] = await startPair(kube, 'sextant-leader');
    await new Promise((r) => setTimeout(r, 5 * RETRY_MS)); // several renewals and standby polls
    expect(leader.elector.isLeader()).toBe(true);
    expect(standby.elector.isLeader()).toBe(false);
    expect(standby.startedAt).toBeUndefined();
    expect(leader.elector.leader()).toBe(leader.identity);
    expect(standby.elector.leader()).toBe(leader.identity);
    expect(standby.newLeaders).toEqual([leader.identity]);

    const kubectl = kubectlFor(sb.kubeconfigPath);
    const r = await kubectl(['get', 'lease', '-n', NS, 'sextant-leader', '-o', 'yaml']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`holderIdentity: ${leader.identity}`);
    expect(r.stdout).toContain('leaseDurationSeconds: 1');
    expect(r.stdout).toMatch(/renewTime: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"/);
    await stopAll(leader, standby);
  });

  it('hands over at once when the leader stops: it releases the lease', async () => {
    const [leader, standby] = await startPair(kube, 'handover');
    leader.stop.abort();
    await leader.done;
    expect(leader.leaderSignal?.aborted).toBe(true);
    expect(leader.stoppedAt).toBeDefined();
    const released = await kube.get('coordination.k8s.io/v1', 'Lease', NS, 'handover');
    expect(released?.spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });

    await waitFor('the standby to lead', () => standby.elector.isLeader());
    // The standby polls every retry period (with jitter): far sooner than a lease duration.
    expect(standby.startedAt! - leader.stoppedAt!).toBeLessThan(LEASE_MS / 2);
    const taken = await kube.get('coordination.k8s.io/v1', 'Lease', NS, 'handover');
    expect(taken?.spec).toMatchObject({ holderIdentity: standby.identity, leaseTransitions: 1 });
    expect(standby.newLeaders).toEqual([leader.identity, standby.identity]);
    await stopAll(standby);
  });

  for (const how of ['fail', 'hang'] as const) {
    it(`replaces a leader whose API calls ${how} within the lease duration, never two at once`, async () => {
      const [leader, standby] = await startPair(kube, `dead-${how}`);
      const diedAt = Date.now();
      leader.breakApi(how);

      await waitFor('the standby to lead', () => standby.elector.isLeader());
      // The dead leader stepped down at its renew deadline, before the standby could take over.
      expect(leader.lostAt).toBeDefined();
      expect(leader.lostAt! - diedAt).toBeLessThanOrEqual(RENEW_DEADLINE_MS + 250);
      expect(leader.lostAt!).toBeLessThan(standby.startedAt!);
      expect(leader.elector.isLeader()).toBe(false);
      // Takeover: the lease expires one duration after the standby last saw it renewed (≤ one poll late).
      expect(standby.startedAt! - diedAt).toBeGreaterThanOrEqual(LEASE_MS - 2.2 * RETRY_MS);
      expect(standby.startedAt! - diedAt).toBeLessThan(LEASE_MS + 2.2 * RETRY_MS + 400);
      const lease = await kube.get('coordination.k8s.io/v1', 'Lease', NS, `dead-${how}`);
      expect(lease?.spec).toMatchObject({ holderIdentity: standby.identity, leaseTransitions: 1 });
      await stopAll(leader, standby);
    });
  }

  it('writes only at the resourceVersion it read: a stale update is a 409 conflict', async () => {
    const [leader, standby] = await startPair(kube, 'optimistic');
    await stopAll(leader, standby);
    const lease = await kube.get('coordination.k8s.io/v1', 'Lease', NS, 'optimistic');
    const stale = { ...lease!, spec: { ...(lease!.spec as object), holderIdentity: 'intruder' } };
    await kube.update(
      { ...stale, spec: { ...(stale.spec as object), holderIdentity: 'first' } },
      { fieldManager: 't' },
    );
    await expect(kube.update(stale, { fieldManager: 't' })).rejects.toMatchObject({ code: 'conflict', status: 409 });
    const after = await kube.get('coordination.k8s.io/v1', 'Lease', NS, 'optimistic');
    expect(after?.spec).toMatchObject({ holderIdentity: 'first' });
  });

  it('refuses timings where a standby could take over before the leader steps down', () => {
    const base = {
      cluster: kube,
      namespace: NS,
      identity: 'x',
      clock: systemClock,
      onStartedLeading: () => undefined,
      onStoppedLeading: () => undefined,
    };
    expect(() => createLeaderElector({ ...base, leaseDurationMs: 1000, renewDeadlineMs: 1000 })).toThrow(
      /lease duration must be greater than the renew deadline/,
    );
    expect(() => createLeaderElector({ ...base, renewDeadlineMs: 2000, retryPeriodMs: 2000 })).toThrow(
      /renew deadline must exceed/,
    );
  });
});
