/**
 * Reading and decoding request bodies: JSON, YAML and Kubernetes protobuf, with the apiserver's
 * 3 MiB limit. A hostile body gets a 400/413/415, never a crash.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../errors.js';
import { decodeKubeProtobuf } from '../protobuf/decode.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? 'application/json';
}

/** Parses JSON first (YAML is a superset, but JSON errors read better), then YAML where allowed. */
export function decodeBody(buf: Buffer, media: string): unknown {
  if (media === 'application/vnd.kubernetes.protobuf') return decodeKubeProtobuf(buf);
  const text = buf.toString('utf8');
  if (text.trim() === '') throw badRequest('the body of the request was empty');
  const yamlAllowed = media === 'application/yaml' || media === 'application/apply-patch+yaml';
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    if (!yamlAllowed) throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
  try {
    // Bounded aliases: a "billion laughs" document is rejected rather than expanded.
    return parseYaml(text, { maxAliasCount: 100, uniqueKeys: true }) as unknown;
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
}

export const BODY_MEDIA_TYPES = new Set([
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
]);
