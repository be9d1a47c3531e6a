import { describe, expect, it } from 'vitest';
import type { Obj, ResourceType } from '../../../src/sandbox/model.js';
import { builtinTypes } from '../../../src/sandbox/registry/builtin-types.js';
import { toTable } from '../../../src/sandbox/table/table.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const POD = builtinTypes().find((t) => t.kind === 'Pod') as ResourceType;

function pod(spec: Obj, status: Obj, meta: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'demo', creationTimestamp: '2025-03-01T11:55:00Z', ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
    status,
  };
}

/** Column name -> cell, the way kubectl lines them up. */
function row(obj: Obj): Record<string, unknown> {
  const table = toTable(POD, [obj], { now: NOW });
  const names = (table.columnDefinitions as { name: string }[]).map((c) => c.name);
  const cells = (table.rows as { cells: unknown[] }[])[0]?.cells ?? [];
  return Object.fromEntries(names.map((n, i) => [n, cells[i]]));
}

const running = { running: { startedAt: '2025-03-01T11:55:10Z' } };

describe('kubectl get pods', () => {
  it('has the 1.32 pod columns, wide ones at priority 1', () => {
    const table = toTable(POD, [], { now: NOW });
    const defs = table.columnDefinitions as { name: string; priority: number; type: string }[];
    expect(defs.map((d) => `${d.name}:${d.priority}`)).toEqual([
      'Name:0',
      'Ready:0',
      'Status:0',
      'Restarts:0',
      'Age:0',
      'IP:1',
      'Node:1',
      'Nominated Node:1',
      'Readiness Gates:1',
    ]);
    expect(defs[3]?.type).toBe('string');
  });

  it('shows a ready running pod as 1/1 Running with its IP and node', () => {
    const r = row(
      pod(
        { nodeName: 'node-1' },
        {
          phase: 'Running',
          podIP: '10.244.0.5',
          podIPs: [{ ip: '10.244.0.5' }],
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
        },
      ),
    );
    expect(r).toEqual({
      Name: 'web-0',
      Ready: '1/1',
      Status: 'Running',
      Restarts: '0',
      Age: '5m',
      IP: '10.244.0.5',
      Node: 'node-1',
      'Nominated Node': '<none>',
      'Readiness Gates': '<none>',
    });
  });

  it('shows a freshly created pod as Pending with <none> placements', () => {
    const r = row(pod({}, { phase: 'Pending' }));
    expect([r.Ready, r.Status, r.Restarts, r.IP, r.Node]).toEqual(['0/1', 'Pending', '0', '<none>', '<none>']);
  });

  it('shows the waiting reason: ContainerCreating, ImagePullBackOff, CrashLoopBackOff with last restart', () => {
    const waiting = (reason: string, extra: Obj = {}): Obj =>
      pod(
        {},
        {
          phase: 'Pending',
          containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason } }, ...extra }],
        },
      );
    expect(row(waiting('ContainerCreating')).Status).toBe('ContainerCreating');
    expect(row(waiting('ImagePullBackOff')).Status).toBe('ImagePullBackOff');
    const crash = row(
      waiting('CrashLoopBackOff', {
        restartCount: 5,
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2025-03-01T11:59:30Z' } },
      }),
    );
    expect([crash.Ready, crash.Status, crash.Restarts]).toEqual(['0/1', 'CrashLoopBackOff', '5 (30s ago)']);
  });

  it('shows Completed with a row condition for a succeeded pod, and Error / ExitCode for failures', () => {
    const done = pod(
      {},
      {
        phase: 'Succeeded',
        containerStatuses: [{ name: 'app', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
      },
    );
    expect(row(done).Status).toBe('Completed');
    expect((toTable(POD, [done], { now: NOW }).rows as Obj[])[0]?.conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
    const noReason = pod(
      {},
      {
        phase: 'Failed',
        containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 137 } } }],
      },
    );
    expect(row(noReason).Status).toBe('ExitCode:137');
    const signal = pod(
      {},
      { phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { signal: 9 } } }] },
    );
    expect(row(signal).Status).toBe('Signal:9');
  });

  it('shows init progress: Init:0/2, Init:CrashLoopBackOff, Init:Error, PodInitializing', () => {
    const spec = {
      initContainers: [
        { name: 'migrate', image: 'm' },
        { name: 'seed', image: 's' },
      ],
    };
    const init = (statuses: Obj[], containerWaiting = 'PodInitializing'): Obj =>
      pod(spec, {
        phase: 'Pending',
        initContainerStatuses: statuses,
        containerStatuses: [{ name: 'app', state: { waiting: { reason: containerWaiting } } }],
      });
    expect(
      row(
        init([
          { name: 'migrate', state: running },
          { name: 'seed', state: { waiting: { reason: 'PodInitializing' } } },
        ]),
      ).Status,
    ).toBe('Init:0/2');
    expect(
      row(
        init([
          { name: 'migrate', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'seed', state: running },
        ]),
      ).Status,
    ).toBe('Init:1/2');
    const crash = row(init([{ name: 'migrate', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }]));
    expect([crash.Status, crash.Restarts]).toEqual(['Init:CrashLoopBackOff', '3']);
    expect(row(init([{ name: 'migrate', state: { terminated: { exitCode: 1, reason: 'Error' } } }])).Status).toBe(
      'Init:Error',
    );
    const allDone = [
      { name: 'migrate', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      { name: 'seed', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    ];
    expect(row(init(allDone)).Status).toBe('PodInitializing');
  });

  it('counts a started sidecar (restartPolicy Always init container) as a container', () => {
    const r = row(
      pod(
        { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] },
        {
          phase: 'Running',
          conditions: [
            { type: 'Initialized', status: 'True' },
            { type: 'Ready', status: 'True' },
          ],
          initContainerStatuses: [{ name: 'proxy', started: true, ready: true, restartCount: 1, state: running }],
          containerStatuses: [{ name: 'app', ready: true, restartCount: 2, state: running }],
        },
      ),
    );
    expect([r.Ready, r.Status, r.Restarts]).toEqual(['2/2', 'Running', '3']);
  });

  it('shows NotReady when a Completed container sits next to a running one without the Ready condition', () => {
    const r = row(
      pod(
        { containers: [{ name: 'a' }, { name: 'b' }] },
        {
          phase: 'Running',
          containerStatuses: [
            { name: 'a', ready: true, state: running },
            { name: 'b', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          ],
        },
      ),
    );
    expect([r.Ready, r.Status]).toEqual(['1/2', 'NotReady']);
  });

  it('shows Terminating while deleting, Unknown for NodeLost, and keeps a finished phase', () => {
    const deleting = { deletionTimestamp: '2025-03-01T11:59:50Z' };
    const live = { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: running }] };
    expect(row(pod({}, live, deleting)).Status).toBe('Terminating');
    expect(row(pod({}, { ...live, reason: 'NodeLost' }, deleting)).Status).toBe('Unknown');
    const done = {
      phase: 'Succeeded',
      containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    };
    expect(row(pod({}, done, deleting)).Status).toBe('Completed');
  });

  it('shows SchedulingGated and the readiness gate count', () => {
    expect(
      row(
        pod(
          { schedulingGates: [{ name: 'x' }] },
          { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] },
        ),
      ).Status,
    ).toBe('SchedulingGated');
    const gated = row(
      pod(
        { readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
        { phase: 'Running', conditions: [{ type: 'example.com/lb', status: 'True' }] },
      ),
    );
    expect(gated['Readiness Gates']).toBe('1/2');
  });
});
