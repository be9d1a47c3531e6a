/**
 * Judges a Git host's webhook delivery: which host sent it, whether its signature or token matches
 * the configured secret, and, only then, what the payload says (a push to which ref of which repo).
 * Pure: the HMAC comes in as a function so core needs no node:crypto; the HTTP adapter maps the
 * verdict to a status code. Hosts: GitHub, GitLab and Gitea (which also sends GitHub's headers, so
 * its own headers are looked at first).
 */
import { isObj, type Obj } from '../snapshot.js';

export type GitProvider = 'github' | 'gitlab' | 'gitea';

/** Hex HMAC-SHA256 of body keyed with secret (lower case). */
export type HmacSha256 = (secret: string, body: Uint8Array) => string;

/** Header names in lower case, as node:http gives them. */
export type HookHeaders = Record<string, string | string[] | undefined>;

export interface HookDelivery {
  headers: HookHeaders;
  /** The raw body exactly as received: signatures cover bytes, not parsed JSON. */
  body: Uint8Array;
  secret: string;
  hmacSha256: HmacSha256;
}

/** Same shape as the daemon's PushNotice; core does not import the engine. */
export interface PushFacts {
  provider: GitProvider;
  ref: string;
  after?: string;
  repositoryUrls: string[];
}

export type HookVerdict =
  | { kind: 'unknown-sender'; reason: string }
  | { kind: 'unauthorized'; provider: GitProvider; reason: string }
  | { kind: 'ping'; provider: GitProvider }
  | { kind: 'not-a-push'; provider: GitProvider; event: string }
  | { kind: 'malformed'; provider: GitProvider; reason: string }
  | { kind: 'push'; push: PushFacts };

const ZERO_SHA = /^0+$/;

/** The whole decision for one delivery; the body is parsed only after the signature or token matched. */
export function judgeHookDelivery(d: HookDelivery): HookVerdict {
  const sender = identifySender(d.headers);
  if (!sender) {
    return { kind: 'unknown-sender', reason: 'not a GitHub, GitLab or Gitea webhook (no event header)' };
  }
  const { provider, event } = sender;
  const authFailure = checkAuthenticity(provider, d);
  if (authFailure) return { kind: 'unauthorized', provider, reason: authFailure };
  if (provider === 'github' && event === 'ping') return { kind: 'ping', provider };
  if (!isPushEvent(provider, event)) return { kind: 'not-a-push', provider, event };
  return parsePush(provider, d.body);
}

function identifySender(headers: HookHeaders): { provider: GitProvider; event: string } | undefined {
  const gitea = headerOf(headers, 'x-gitea-event') ?? headerOf(headers, 'x-gogs-event');
  if (gitea !== undefined) return { provider: 'gitea', event: gitea };
  const gitlab = headerOf(headers, 'x-gitlab-event');
  if (gitlab !== undefined) return { provider: 'gitlab', event: gitlab };
  const github = headerOf(headers, 'x-github-event');
  if (github !== undefined) return { provider: 'github', event: github };
  return undefined;
}

function isPushEvent(provider: GitProvider, event: string): boolean {
  if (provider === 'gitlab') return event === 'Push Hook' || event === 'Tag Push Hook';
  return event === 'push';
}

/** Undefined when authentic, else why not (never echoing what was sent or expected). */
function checkAuthenticity(provider: GitProvider, d: HookDelivery): string | undefined {
  if (provider === 'gitlab') {
    const token = headerOf(d.headers, 'x-gitlab-token');
    if (token === undefined) return 'missing X-Gitlab-Token header';
    return equalInConstantTime(token, d.secret) ? undefined : 'X-Gitlab-Token does not match the webhook secret';
  }
  const { name, value } = signatureHeader(provider, d.headers);
  if (value === undefined) return `missing ${name} header`;
  const expected = d.hmacSha256(d.secret, d.body).toLowerCase();
  const given = value.trim().toLowerCase();
  return equalInConstantTime(given, expected) ? undefined : `${name} does not match the body signed with the secret`;
}

/** Which header carries the signature, and its hex digest without the 'sha256=' prefix. */
function signatureHeader(provider: GitProvider, headers: HookHeaders): { name: string; value?: string } {
  const hub = headerOf(headers, 'x-hub-signature-256');
  const hubHex = hub?.startsWith('sha256=') ? hub.slice('sha256='.length) : undefined;
  if (provider === 'github')
    return { name: 'X-Hub-Signature-256', value: hub === undefined ? undefined : (hubHex ?? '') };
  const own = headerOf(headers, 'x-gitea-signature') ?? headerOf(headers, 'x-gogs-signature');
  if (own !== undefined) return { name: 'X-Gitea-Signature', value: own };
  return { name: 'X-Gitea-Signature', value: hub === undefined ? undefined : (hubHex ?? '') };
}

function parsePush(provider: GitProvider, body: Uint8Array): HookVerdict {
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return {
      kind: 'malformed',
      provider,
      reason: 'push payload is not JSON (set the content type to application/json)',
    };
  }
  if (!isObj(payload)) return { kind: 'malformed', provider, reason: 'push payload is not a JSON object' };
  const ref = payload.ref;
  if (typeof ref !== 'string' || !ref.startsWith('refs/')) {
    return { kind: 'malformed', provider, reason: 'push payload has no "ref" like refs/heads/<branch>' };
  }
  const after = typeof payload.after === 'string' && !ZERO_SHA.test(payload.after) ? payload.after : undefined;
  const push: PushFacts = { provider, ref, repositoryUrls: listRepositoryUrls(provider, payload) };
  if (after !== undefined) push.after = after;
  return { kind: 'push', push };
}

const URL_FIELDS: Record<GitProvider, Record<string, string[]>> = {
  github: { repository: ['clone_url', 'html_url', 'ssh_url', 'git_url', 'url'] },
  gitea: { repository: ['clone_url', 'html_url', 'ssh_url'] },
  gitlab: {
    project: ['git_http_url', 'git_ssh_url', 'web_url', 'http_url', 'ssh_url'],
    repository: ['git_http_url', 'git_ssh_url', 'homepage', 'url'],
  },
};

/** Every URL the payload gives for the repository, first seen first, without duplicates. */
function listRepositoryUrls(provider: GitProvider, payload: Obj): string[] {
  const urls: string[] = [];
  for (const [section, fields] of Object.entries(URL_FIELDS[provider])) {
    const holder = payload[section];
    if (!isObj(holder)) continue;
    for (const field of fields) {
      const value = holder[field];
      if (typeof value === 'string' && value !== '' && !urls.includes(value)) urls.push(value);
    }
  }
  return urls;
}

function headerOf(headers: HookHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Compares without stopping at the first difference, so timing does not reveal how much of a guess was right. */
export function equalInConstantTime(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    // charCodeAt past the end is NaN, which XOR treats as 0; the length difference is already counted.
    diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  }
  return diff === 0;
}
