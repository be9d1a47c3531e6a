/**
 * GET /api/v1/events: the daemon's events as server-sent events. A comment line every keep-alive
 * period keeps proxies from closing an idle stream; the subscription and the timer end with the
 * client's connection, so a closed browser tab leaves nothing behind.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DaemonApi, DaemonEvent } from '../../engine/daemon/daemon-api.js';

export interface OpenStream {
  end(): void;
}

export function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  api: DaemonApi,
  keepAliveMs: number,
  onEnd: () => void,
): OpenStream {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    // Tells nginx-style proxies not to buffer the stream.
    'X-Accel-Buffering': 'no',
  });
  res.write(': connected\n\n');
  let id = 0;
  const unsubscribe = api.subscribe((e: DaemonEvent) => {
    id += 1;
    res.write(formatEvent(id, e));
  });
  const timer = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
  timer.unref();
  let ended = false;
  const cleanUp = () => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    unsubscribe();
    onEnd();
  };
  req.on('close', cleanUp);
  res.on('close', cleanUp);
  return {
    end: () => {
      cleanUp();
      res.end();
    },
  };
}

/** One event: its type as the SSE event name and the whole event as one line of JSON. */
export function formatEvent(id: number, e: DaemonEvent): string {
  return `id: ${id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
}
