/**
 * WATCH: a stream of ADDED/MODIFIED/DELETED events, resumable from a resourceVersion the change log
 * still holds (else an ERROR event with 410 Expired, as etcd compaction would cause), with
 * bookmarks, selector transitions (an object leaving the selector is DELETED for this watch),
 * timeoutSeconds, and Table rows for `kubectl get --watch`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiVersionOf, namespaceOf, type Obj, type ResourceType } from '../model.js';
import type { SandboxApi } from '../api/sandbox-api.js';
import type { WatchEventType } from '../api/types.js';
import { matchesSelectors, parseFieldSelector, parseLabelSelector } from '../api/selectors.js';
import type { LogEntry } from '../storage/store.js';
import { toTable } from '../table/table.js';
import { includeObjectOf, type Representation } from './negotiate.js';

export interface WatchSettings {
  bookmarkIntervalMs: number;
  defaultTimeoutSeconds: number;
}

export function serveWatch(
  api: SandboxApi,
  t: ResourceType,
  namespace: string,
  q: URLSearchParams,
  rep: Representation,
  req: IncomingMessage,
  res: ServerResponse,
  settings: WatchSettings,
): void {
  const labels = parseLabelSelector(q.get('labelSelector') ?? undefined);
  const fields = parseFieldSelector(q.get('fieldSelector') ?? undefined, t.kind);
  const matches = (o: Obj | undefined): boolean =>
    o !== undefined && (!namespace || namespaceOf(o) === namespace) && matchesSelectors(o, labels, fields);
  let headerSent = false;
  let lastRv = api.resourceVersion;

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const send = (type: WatchEventType | 'BOOKMARK' | 'ERROR', object: Obj): void => {
    let payload = object;
    if (rep === 'table' && type !== 'BOOKMARK' && type !== 'ERROR') {
      // Column definitions come with the first event only, as the apiserver sends them.
      payload = toTable(t, [object], { now: new Date(), includeObject: includeObjectOf(q), noHeaders: headerSent });
      headerSent = true;
    }
    res.write(`${JSON.stringify({ type, object: payload })}\n`);
  };
  const present = (o: Obj): Obj => ({ ...o, apiVersion: apiVersionOf(t), kind: t.kind });
  const deliver = (e: Pick<LogEntry, 'type' | 'object' | 'previous' | 'resource' | 'resourceVersion'>): void => {
    if (e.resource.group !== t.group || e.resource.plural !== t.plural) return;
    const now = e.type !== 'DELETED' && matches(e.object);
    const before = e.type !== 'ADDED' && matches(e.previous ?? (e.type === 'DELETED' ? e.object : undefined));
    lastRv = e.resourceVersion;
    if (e.type === 'DELETED') {
      if (matches(e.object) || before) send('DELETED', present(e.object));
    } else if (now && (before || e.type === 'ADDED')) send(e.type, present(e.object));
    else if (now) send('ADDED', present(e.object));
    else if (before) send('DELETED', present(e.object));
  };

  const rvParam = q.get('resourceVersion');
  const initial = q.get('sendInitialEvents') === 'true';
  if (!rvParam || rvParam === '0' || initial) {
    for (const o of api.list(t, namespace || undefined)) if (matches(o)) send('ADDED', o);
    if (initial)
      send('BOOKMARK', {
        kind: t.kind,
        apiVersion: apiVersionOf(t),
        metadata: {
          resourceVersion: String(api.resourceVersion),
          annotations: { 'k8s.io/initial-events-end': 'true' },
        },
      });
  } else {
    const from = Number(rvParam);
    const entries = Number.isFinite(from) ? api.changesSince(from) : undefined;
    if (!entries) {
      send('ERROR', {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${rvParam} (${api.resourceVersion})`,
        reason: 'Expired',
        code: 410,
      });
      res.end();
      return;
    }
    for (const e of entries) deliver(e);
  }

  const unsubscribe = api.onChange(deliver);
  const wantBookmarks = q.get('allowWatchBookmarks') === 'true';
  const bookmarks = wantBookmarks
    ? setInterval(() => {
        lastRv = Math.max(lastRv, api.resourceVersion);
        send('BOOKMARK', { kind: t.kind, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(lastRv) } });
      }, settings.bookmarkIntervalMs)
    : undefined;
  const timeoutSeconds = Number(q.get('timeoutSeconds') ?? settings.defaultTimeoutSeconds);
  const timeout = setTimeout(() => res.end(), Math.max(1, timeoutSeconds) * 1000);
  const stop = (): void => {
    unsubscribe();
    if (bookmarks) clearInterval(bookmarks);
    clearTimeout(timeout);
  };
  req.on('close', stop);
  res.on('close', stop);
}
