/**
 * core/v1 Events as client-go's recorder writes them: named <object>.<hex time>, repeated
 * occurrences folded into one Event by bumping count and lastTimestamp, and failures to record
 * ignored (an event never fails the work that produced it).
 */
import type { ClusterAccess, Scheduler } from '../api/types.js';
import { metaOf, nameOf, namespaceOf, str, type Obj } from '../model.js';
import { uidOf } from './fields.js';
import { rfc3339 } from './time.js';

export interface EventSource {
  component: string;
  host?: string;
}

/** The sandbox keeps at most this many events it wrote; the oldest go first (kube expires them after 1h). */
const MAX_EVENTS = 2000;

export class EventRecorder {
  private readonly seen = new Map<string, { namespace: string; name: string }>();
  private seq = 0;

  constructor(
    private readonly cluster: ClusterAccess,
    private readonly scheduler: Scheduler,
  ) {}

  normal(obj: Obj, source: EventSource, reason: string, message: string, fieldPath?: string): void {
    this.record(obj, source, 'Normal', reason, message, fieldPath);
  }

  warning(obj: Obj, source: EventSource, reason: string, message: string, fieldPath?: string): void {
    this.record(obj, source, 'Warning', reason, message, fieldPath);
  }

  record(
    obj: Obj,
    source: EventSource,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    const t = this.cluster.typeFor('v1', 'Event');
    if (!t) return;
    const namespace = namespaceOf(obj) || 'default';
    const now = rfc3339(this.scheduler.now());
    const manager = managerFor(source.component);
    const key = [uidOf(obj), fieldPath ?? '', type, reason, message, source.component].join('\u0000');
    try {
      const prior = this.seen.get(key);
      const existing = prior ? this.cluster.get(t, prior.namespace, prior.name) : undefined;
      if (existing) {
        const count = typeof existing.count === 'number' ? existing.count : 1;
        this.cluster.update(t, { ...existing, count: count + 1, lastTimestamp: now }, { manager });
        return;
      }
      const name = `${nameOf(obj)}.${this.uniqueHex()}`;
      this.cluster.create(t, this.build(obj, namespace, name, source, type, reason, message, now, fieldPath), {
        manager,
      });
      this.remember(key, { namespace, name }, t);
    } catch {
      // A terminating or deleted namespace refuses events; the controller's work still stands.
    }
  }

  private build(
    obj: Obj,
    namespace: string,
    name: string,
    source: EventSource,
    type: string,
    reason: string,
    message: string,
    now: string,
    fieldPath: string | undefined,
  ): Obj {
    const involved: Obj = {
      apiVersion: str(obj.apiVersion) ?? '',
      kind: str(obj.kind) ?? '',
      name: nameOf(obj),
      uid: uidOf(obj),
      resourceVersion: str(metaOf(obj).resourceVersion) ?? '',
    };
    if (namespaceOf(obj)) involved.namespace = namespaceOf(obj);
    if (fieldPath) involved.fieldPath = fieldPath;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: involved,
      reason,
      message,
      source: source.host ? { component: source.component, host: source.host } : { component: source.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
  }

  private remember(key: string, at: { namespace: string; name: string }, t: Parameters<ClusterAccess['get']>[0]): void {
    this.seen.set(key, at);
    if (this.seen.size <= MAX_EVENTS) return;
    const oldest = this.seen.entries().next();
    if (oldest.done) return;
    this.seen.delete(oldest.value[0]);
    try {
      this.cluster.delete(t, oldest.value[1].namespace, oldest.value[1].name);
    } catch {
      // Already gone.
    }
  }

  /** Go's `%x` of UnixNano, made unique within one millisecond. */
  private uniqueHex(): string {
    const nanos = BigInt(this.scheduler.now().getTime()) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    return nanos.toString(16);
  }
}

/** The fieldManager each component's client writes with. */
export function managerFor(component: string): string {
  if (component === 'kubelet') return 'kubelet';
  if (component === 'default-scheduler') return 'kube-scheduler';
  return 'kube-controller-manager';
}
