/**
 * Waiting on the live state: resolve when an object's cached copy passes a test, re-checked on every
 * change the informer delivers for it, so a sync waits on events instead of polling the API server.
 * The wait has no clock of its own: the DAG executor's per-node timeout and the sync's deadline abort it.
 */
import type { KubeObject } from '../../adapters/kube/kube-client.js';
import type { LiveState } from './sync-types.js';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
}

/** What a test says about the object's current state: keep waiting, or stop with a value or an error. */
export type WaitVerdict<T> = { done: false } | { done: true; value: T } | { done: true; error: Error };

export function waitForLive<T>(
  live: LiveState,
  ref: ObjectRef,
  test: (obj: KubeObject | undefined) => WaitVerdict<T>,
  signal: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let finished = false;
    const finish = (verdict: WaitVerdict<T>): boolean => {
      if (!verdict.done || finished) return finished;
      finished = true;
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
      if ('error' in verdict) reject(verdict.error);
      else resolve(verdict.value);
      return true;
    };
    const check = (): boolean => finish(test(live.get(ref.apiVersion, ref.kind, ref.namespace, ref.name)));
    const onAbort = (): void => {
      if (finished) return;
      finished = true;
      unsubscribe();
      reject(signal.reason instanceof Error ? signal.reason : new Error('wait aborted'));
    };
    const unsubscribe = live.onChange((ev) => {
      if (ev.kind !== ref.kind || ev.apiVersion !== ref.apiVersion) return;
      const meta = ev.object.metadata;
      if (typeof meta !== 'object' || meta === null) return;
      const m = meta as Record<string, unknown>;
      if (m.name !== ref.name || (m.namespace ?? '') !== ref.namespace) return;
      check();
    });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    check();
  });
}
