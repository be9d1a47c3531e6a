/**
 * Reading a watch response: newline-delimited JSON events, one callback per event, until the
 * server closes the stream or the caller aborts. ERROR events become KubeErrors (410 -> 'gone').
 */
import { errorFromNetwork, errorFromStatusObject } from './kube-error.js';
import { isObj as isRec } from '../../core/snapshot.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
export type KubeObject = Record<string, unknown>;

export async function readWatchStream(
  res: Response,
  what: string,
  signal: AbortSignal,
  onEvent: (type: WatchEventType, obj: KubeObject) => void,
): Promise<void> {
  const body = res.body;
  if (!body) return;
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  let buf = '';
  try {
    for (;;) {
      const chunk = await readChunk(reader, what, signal);
      if (chunk === undefined) break;
      const value = chunk;
      buf += value;
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) deliver(line, what, onEvent);
        nl = buf.indexOf('\n');
      }
    }
    if (buf.trim() && !signal.aborted) deliver(buf.trim(), what, onEvent);
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/** The next chunk, or undefined at the end of the stream or after the caller aborted. */
async function readChunk(
  reader: ReadableStreamDefaultReader<string>,
  what: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  try {
    const { done, value } = await reader.read();
    return done || signal.aborted ? undefined : value;
  } catch (e) {
    if (signal.aborted) return undefined;
    // The server or the network dropped the stream mid-way: the caller re-watches or re-lists.
    throw errorFromNetwork(what, 'watch stream', e, false);
  }
}

function deliver(line: string, what: string, onEvent: (type: WatchEventType, obj: KubeObject) => void): void {
  const ev: unknown = JSON.parse(line);
  if (!isRec(ev) || typeof ev.type !== 'string' || !isRec(ev.object)) return;
  if (ev.type === 'ERROR') throw errorFromStatusObject(what, ev.object);
  if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED' || ev.type === 'BOOKMARK')
    onEvent(ev.type, ev.object);
}
