/**
 * The small HTTP vocabulary of the API server: a reply is a value (status, JSON or text), errors
 * that should reach the client are HttpErrors, and request bodies are read with a size cap.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const JSON_TYPE = 'application/json; charset=utf-8';

export interface Reply {
  status: number;
  /** Serialised as JSON unless text is given. */
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** An error the client caused or should see: its message becomes {"error": message}. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function replyJson(status: number, json: unknown): Reply {
  return { status, json };
}

export function replyError(status: number, message: string, headers?: Record<string, string>): Reply {
  return { status, json: { error: oneLine(message) }, ...(headers ? { headers } : {}) };
}

/** Error texts are one line: the first, trimmed, so a stack or a multi-line cause never leaks out. */
export function oneLine(message: string): string {
  return (message.split('\n')[0] ?? '').trim() || 'error';
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  const body = reply.text ?? `${JSON.stringify(reply.json ?? null)}\n`;
  res.writeHead(reply.status, {
    'Content-Type': reply.contentType ?? (reply.text !== undefined ? 'text/plain; charset=utf-8' : JSON_TYPE),
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...reply.headers,
  });
  res.end(body);
}

/** The raw body, refused with 413 past maxBytes (early when Content-Length already says so). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, `request body larger than ${maxBytes} bytes`, { Connection: 'close' });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A JSON object body, or {} when the body is empty; anything else is a 400. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
