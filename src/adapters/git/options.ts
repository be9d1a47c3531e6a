/**
 * What a Git source is configured with, and its normalised form: where the repository is (URL
 * without credentials, or a local path), what to follow, which sub-path, and the limits. The
 * normalised form is the only one the rest of adapters/git sees, so credentials live in exactly
 * one place and everything printable comes from the redacted URL.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { GitSourceError } from '../../ports/git-source.js';

export interface GitCredentials {
  username?: string;
  password?: string;
  /** Sent as the basic-auth password (username defaults to x-access-token), as GitHub, GitLab and Gitea accept. */
  token?: string;
}

export interface GitRefSpec {
  branch?: string;
  tag?: string;
  commit?: string;
}

export interface GitLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
}

/** The subset of pino's Logger used here. */
export interface GitLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface GitSourceOptions {
  /** http(s) URL or local path (a work tree or a bare repository; file:// URLs too). */
  repo: string;
  /** What to follow; default: the remote HEAD's branch (a local repository's HEAD branch). */
  ref?: GitRefSpec;
  /** Sub-path inside the repository; default ''. */
  path?: string;
  /** Where fetched objects and the last-read commit persist across restarts. */
  cacheDir: string;
  credentials?: GitCredentials;
  limits?: GitLimits;
  /** How long each HTTP request may wait for the server to start answering; default 30 s. */
  fetchTimeoutMs?: number;
  /** Packfiles the cache may gather (one per fetch) before it is rebuilt by one shallow fetch; default 40. */
  maxPacks?: number;
  logger?: GitLogger;
}

export const DEFAULT_LIMITS: GitLimits = { maxFileBytes: 4 * 1024 * 1024, maxTotalBytes: 128 * 1024 * 1024 };
export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_PACKS = 40;

/** What is followed, once resolved: a branch (maybe "the default one"), a tag, or a fixed commit. */
export type Followed =
  | { kind: 'branch'; name?: string } // no name: the remote HEAD's branch, resolved on first poll
  | { kind: 'tag'; name: string }
  | { kind: 'commit'; oid: string };

export interface NormalizedOptions {
  location: { kind: 'remote'; url: string } | { kind: 'local'; dir: string };
  /** Safe to print: the URL without user info, or the absolute local path. */
  display: string;
  followed: Followed;
  subPath: string; // '' or 'a/b', no leading or trailing '/'
  cacheDir: string;
  /** Per-repository directory name under cacheDir: a hash of the display form. */
  cacheKey: string;
  credentials?: GitCredentials;
  limits: GitLimits;
  fetchTimeoutMs: number;
  maxPacks: number;
  logger?: GitLogger;
}

const SHA1 = /^[0-9a-f]{40}$/;

function invalid(message: string): GitSourceError {
  return new GitSourceError('invalid', message, false);
}

/** Checks and normalises the sub-path: relative, no '..', '/' separators. */
export function normalizeSubPath(p: string | undefined): string {
  const raw = (p ?? '').replace(/\\/g, '/');
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) throw invalid(`path "${p}" must be relative to the repository`);
  const parts = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) throw invalid(`path "${p}" must not contain '..'`);
  return parts.join('/');
}

function normalizeFollowed(ref: GitRefSpec | undefined): Followed {
  const given = [ref?.branch, ref?.tag, ref?.commit].filter((v) => v !== undefined && v !== '');
  if (given.length > 1) throw invalid('give at most one of branch, tag and commit');
  if (ref?.tag) return { kind: 'tag', name: ref.tag.replace(/^refs\/tags\//, '') };
  if (ref?.commit) {
    const oid = ref.commit.toLowerCase();
    if (!SHA1.test(oid)) throw invalid(`commit "${ref.commit}" must be a full 40-character sha`);
    return { kind: 'commit', oid };
  }
  if (ref?.branch) return { kind: 'branch', name: ref.branch.replace(/^refs\/heads\//, '') };
  return { kind: 'branch' };
}

/** Moves credentials embedded in an http(s) URL into credentials, so the URL itself is printable. */
function splitUrl(repo: string, creds: GitCredentials | undefined): { url: string; credentials?: GitCredentials } {
  let u: URL;
  try {
    u = new URL(repo);
  } catch {
    throw invalid('repository URL cannot be parsed');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw invalid(`repository URL scheme ${u.protocol} is not supported (use http(s) or a local path)`);
  }
  let credentials = creds;
  if (u.username || u.password) {
    credentials ??= {
      username: decodeURIComponent(u.username),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    };
    u.username = '';
    u.password = '';
  }
  const url = u.toString().replace(/\/+$/, '');
  return { url, ...(credentials ? { credentials } : {}) };
}

export function normalizeOptions(opts: GitSourceOptions): NormalizedOptions {
  const isUrl = /^https?:\/\//i.test(opts.repo);
  let location: NormalizedOptions['location'];
  let display: string;
  let credentials = opts.credentials;
  if (isUrl) {
    const split = splitUrl(opts.repo, opts.credentials);
    location = { kind: 'remote', url: split.url };
    display = split.url;
    credentials = split.credentials;
  } else {
    const dir = path.resolve(opts.repo.startsWith('file://') ? new URL(opts.repo).pathname : opts.repo);
    location = { kind: 'local', dir };
    display = dir;
  }
  const followed = normalizeFollowed(opts.ref);
  const subPath = normalizeSubPath(opts.path);
  return {
    location,
    display,
    followed,
    subPath,
    cacheDir: path.resolve(opts.cacheDir),
    cacheKey: crypto.createHash('sha256').update(display).digest('hex').slice(0, 16),
    ...(credentials ? { credentials } : {}),
    limits: opts.limits ?? DEFAULT_LIMITS,
    fetchTimeoutMs: opts.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    maxPacks: opts.maxPacks ?? DEFAULT_MAX_PACKS,
    ...(opts.logger ? { logger: opts.logger } : {}),
  };
}

/** 'branch main', 'tag v1.2', 'commit 0123abc', 'default branch': how errors and describe() name the ref. */
export function describeFollowed(f: Followed): string {
  if (f.kind === 'branch') return f.name ? `branch ${f.name}` : 'default branch';
  if (f.kind === 'tag') return `tag ${f.name}`;
  return `commit ${f.oid.slice(0, 12)}`;
}

/** Provenance.ref: the ref as given (the resolved branch name when following the default branch). */
export function followedLabel(f: Followed): string {
  if (f.kind === 'commit') return f.oid;
  return f.name ?? 'HEAD';
}
