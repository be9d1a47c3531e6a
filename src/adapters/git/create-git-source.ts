/**
 * The GitSource adapter: one poll = resolve the ref (one small request for a remote), stop there
 * when it has not moved, otherwise make its objects present, read provenance and the manifest
 * files at that commit, and say how it relates to the previous read (changed paths, force-push).
 * Polls never throw and never overlap; a failure reports the last good commit so the caller can
 * keep its last good snapshot.
 */
import path from 'node:path';
import type { CommitFiles, GitSource, PollResult } from '../../ports/git-source.js';
import { GitSourceError } from '../../ports/git-source.js';
import { isAncestor, readProvenance } from './commit-history.js';
import { authorizationHeader, scrubSecrets } from './credentials.js';
import { toGitSourceError, type ErrorContext } from './git-errors.js';
import { createHttpClient } from './http-client.js';
import { LastReadStore } from './last-read.js';
import {
  describeFollowed,
  followedLabel,
  normalizeOptions,
  type Followed,
  type GitSourceOptions,
  type NormalizedOptions,
} from './options.js';
import { changedPaths, readFileIndex, sortedFiles, type FileIndex } from './read-files.js';
import type { HttpClient } from 'isomorphic-git';
import { LocalBackend, RemoteBackend, type RepoBackend, type Target } from './repo-backend.js';

interface Good {
  commit: string;
  index: FileIndex;
}

/** A source whose configuration is wrong: every poll says so. */
function brokenSource(repo: string, error: GitSourceError): GitSource {
  const shown = repo.replace(/\/\/[^/@]*@/, '//');
  return {
    describe: () => shown,
    poll: () => Promise.resolve({ kind: 'failed', error }),
  };
}

export function createGitSource(options: GitSourceOptions): GitSource {
  let opts: NormalizedOptions;
  try {
    opts = normalizeOptions(options);
  } catch (err) {
    const error = err instanceof GitSourceError ? err : new GitSourceError('invalid', String(err), false);
    return brokenSource(options.repo, error);
  }
  return new PollingGitSource(opts);
}

class PollingGitSource implements GitSource {
  private readonly backend: RepoBackend;
  private readonly lastRead: LastReadStore;
  private followed: Followed;
  private good: Good | undefined;
  /** Whether the followed ref was ever seen, so that its absence means "deleted", not "not found". */
  private seen = false;
  /** The last commit that failed for good, so that it is not read again at every poll. */
  private broken: { commit: string; error: GitSourceError } | undefined;
  private resetFor: string | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: NormalizedOptions) {
    const base = path.join(opts.cacheDir, 'git', opts.cacheKey);
    this.followed = opts.followed;
    this.lastRead = new LastReadStore(`${base}.last-read.json`);
    this.backend =
      opts.location.kind === 'remote'
        ? new RemoteBackend(opts.location.url, authorizationHeader(opts.credentials), base, opts.maxPacks)
        : new LocalBackend(opts.location.dir);
    if (opts.location.kind === 'remote' && opts.credentials && opts.location.url.startsWith('http://')) {
      const host = new URL(opts.location.url).hostname;
      if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
        opts.logger?.warn({ repo: opts.display }, 'git credentials are sent over plain http');
      }
    }
  }

  describe(): string {
    const sub = this.opts.subPath ? `, path ${this.opts.subPath}` : '';
    return `${this.opts.display} (${describeFollowed(this.followed)}${sub})`;
  }

  poll(signal?: AbortSignal): Promise<PollResult> {
    const run = this.chain.then(() => this.pollOnce(signal));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private context(): ErrorContext {
    return {
      repo: this.opts.display,
      ref: describeFollowed(this.followed),
      hasCredentials: authorizationHeader(this.opts.credentials) !== undefined,
      scrub: (t) => scrubSecrets(t, this.opts.credentials),
    };
  }

  private refKey(): string {
    return `${this.followed.kind}:${followedLabel(this.followed)}`;
  }

  private async pollOnce(signal?: AbortSignal): Promise<PollResult> {
    const started = performance.now();
    const http = createHttpClient({ timeoutMs: this.opts.fetchTimeoutMs, ...(signal ? { signal } : {}) });
    const log = this.opts.logger;
    let target: Target | undefined;
    let touchedStore = false;
    try {
      // A pinned commit never changes: once read, there is nothing to ask anyone.
      if (this.followed.kind === 'commit' && this.good) return { kind: 'unchanged', commit: this.good.commit };
      const cache = {};
      target = await this.backend.resolve(this.followed, http, cache);
      if (!target) throw await this.missingRef();
      if (target.branch && this.followed.kind === 'branch' && !this.followed.name) {
        this.followed = { kind: 'branch', name: target.branch };
      }
      this.seen = true;
      if (this.good?.commit === target.commit) {
        log?.debug(
          { repo: this.opts.display, commit: target.commit, ms: Math.round(performance.now() - started) },
          'git poll: unchanged',
        );
        return { kind: 'unchanged', commit: target.commit };
      }
      // A commit that cannot be read (too large, invalid) stays so: wait for the next one.
      if (this.broken?.commit === target.commit) throw this.broken.error;
      signal?.throwIfAborted();
      touchedStore = true;
      const resolved = performance.now();
      const commit = await this.backend.ensure(target, http, cache);
      const fetched = performance.now();
      const result = await this.read(commit, cache);
      const read = performance.now();
      await this.housekeep(target, http);
      log?.info(
        {
          repo: this.opts.display,
          ref: followedLabel(this.followed),
          commit,
          files: result.content.files.length,
          changed: result.content.changedPaths?.length,
          forced: result.forced,
          requests: http.counters.requests,
          bytesReceived: http.counters.bytesReceived,
          ms: Math.round(performance.now() - started),
          resolveMs: Math.round(resolved - started),
          fetchMs: Math.round(fetched - resolved),
          readMs: Math.round(read - fetched),
        },
        'git poll: new commit read',
      );
      return result;
    } catch (err) {
      const error = toGitSourceError(err, this.context(), this.opts.fetchTimeoutMs);
      if (touchedStore && target && !error.retryable) {
        if (error.code === 'invalid' && this.backend.reset && this.resetFor !== target.commit) {
          // Perhaps a damaged cache: try this commit once more from a fresh shallow fetch.
          this.resetFor = target.commit;
          await this.backend.reset().catch(() => undefined);
        } else {
          this.broken = { commit: target.commit, error };
        }
      }
      log?.debug({ repo: this.opts.display, code: error.code, err: error.message }, 'git poll failed');
      return { kind: 'failed', error, ...(this.good ? { lastGoodCommit: this.good.commit } : {}) };
    }
  }

  /** Cache housekeeping never fails a poll that has already read its commit. */
  private async housekeep(target: Target, http: HttpClient): Promise<void> {
    try {
      const did = await this.backend.afterRead?.(target, http);
      if (did) this.opts.logger?.info({ repo: this.opts.display }, `git: ${did}`);
    } catch (err) {
      const msg = scrubSecrets(err instanceof Error ? err.message : String(err), this.opts.credentials);
      this.opts.logger?.warn({ repo: this.opts.display, err: msg }, 'git: cache housekeeping failed');
    }
  }

  /** The followed ref is absent: deleted if it was ever seen (here or before a restart), else unknown. */
  private async missingRef(): Promise<GitSourceError> {
    const what = describeFollowed(this.followed);
    const wasSeen = this.seen || (await this.lastRead.get(this.refKey())) !== undefined;
    if (wasSeen && this.followed.kind !== 'commit') {
      return new GitSourceError('ref-deleted', `${what} was deleted from ${this.opts.display}`, false);
    }
    return new GitSourceError('not-found', `${what} not found in ${this.opts.display}`, false);
  }

  private async read(commit: string, cache: object): Promise<Extract<PollResult, { kind: 'updated' }>> {
    const gitdir = this.backend.gitdir;
    const where = `${this.opts.display} (${describeFollowed(this.followed)})`;
    const common = { gitdir, cache, subPath: this.opts.subPath, limits: this.opts.limits, where };
    const provenance = await readProvenance(gitdir, commit, followedLabel(this.followed), cache);

    let previous = this.good?.index;
    const previousCommit = this.good?.commit ?? (await this.lastRead.get(this.refKey()));
    if (!previous && previousCommit) {
      // After a restart: compare with the commit read before it, if the store still has it.
      previous = await readFileIndex({ ...common, commit: previousCommit, withContent: false }).catch(() => undefined);
    }
    const index = await readFileIndex({
      ...common,
      commit,
      ...(previous ? { previous } : {}),
      onSkip: (p, why) => this.opts.logger?.debug({ repo: this.opts.display, path: p }, `git: skipped ${why}`),
    });
    const related =
      previousCommit && previousCommit !== commit ? await isAncestor(gitdir, previousCommit, commit, cache) : true;
    const content: CommitFiles = {
      provenance,
      files: sortedFiles(index),
      ...(previous ? { changedPaths: changedPaths(previous, index) } : {}),
    };
    this.good = { commit, index };
    await this.lastRead.set(this.refKey(), commit);
    return {
      kind: 'updated',
      commit,
      ...(previousCommit ? { previousCommit } : {}),
      forced: related === false,
      content,
    };
  }
}
