/**
 * Entry point: turns a `application/vnd.kubernetes.protobuf` request body into the JSON object
 * the same client would have sent as `application/json`, or the ApiError kube-apiserver answers.
 */
import { ApiError, badRequest } from '../errors.js';
import type { Obj } from '../model.js';
import { parseApiVersion } from '../model.js';
import { readEnvelope, type Envelope } from './envelope.js';
import { findRootMessage } from './kinds.js';
import { decodeMessage } from './message.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** Go's summarizeData: the first 30 bytes of a body, in hex. */
function summarize(body: Uint8Array): string {
  if (body.length === 0) return '<empty>';
  const hex = Buffer.from(body.subarray(0, 30)).toString('hex');
  return body.length > 30 ? `${hex} ...` : hex;
}

function unsupported(what: string): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (${what})`,
  );
}

export function supportsProtobufKind(apiVersion: string, kind: string): boolean {
  return findRootMessage(apiVersion, kind) !== undefined;
}

export function decodeKubeProtobuf(body: Uint8Array): Obj {
  let env: Envelope;
  try {
    env = readEnvelope(body);
  } catch (e) {
    throw badRequest(`the object provided is unrecognized: ${messageOf(e)} (${summarize(body)})`);
  }
  if (env.kind === '') throw badRequest(`Object 'Kind' is missing in protobuf envelope (${summarize(body)})`);
  if (env.apiVersion === '')
    throw badRequest(`Object 'apiVersion' is missing in protobuf envelope (${summarize(body)})`);
  if (env.contentEncoding !== '') throw unsupported(`content encoding "${env.contentEncoding}"`);
  if (env.contentType !== '' && env.contentType !== PROTOBUF_CONTENT_TYPE) {
    throw unsupported(`embedded content type "${env.contentType}"`);
  }
  const root = findRootMessage(env.apiVersion, env.kind);
  if (!root) throw unsupported(`no protobuf decoder for ${env.apiVersion}, Kind=${env.kind}`);
  try {
    return { kind: env.kind, apiVersion: env.apiVersion, ...decodeMessage(root, env.raw) };
  } catch (e) {
    const { version } = parseApiVersion(env.apiVersion);
    throw badRequest(`${env.kind} in version "${version}" cannot be handled as a ${env.kind}: ${messageOf(e)}`);
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
