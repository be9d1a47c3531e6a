/**
 * The two kinds of repository a Git source reads: a remote one (ask the server where the ref is,
 * fetch into the cache repository only when it moved) and a local one (resolve the ref in its
 * own object store, never looking at the working tree). Both answer the same two questions.
 */
import fs from 'node:fs';
import path from 'node:path';
import git, { type HttpClient } from 'isomorphic-git';
import { GitSourceError } from '../../ports/git-source.js';
import { CacheRepo, type FetchRequest } from './cache-repo.js';
import { peelToCommit } from './commit-history.js';
import type { Followed } from './options.js';
import { RemoteRefReader } from './remote-refs.js';

export interface Target {
  commit: string; // the commit to read (tags peeled)
  refName?: string; // full ref followed; absent for a pinned commit
  refOid?: string; // the ref's own value (an annotated tag's oid)
  /** The branch name, when following the default branch. */
  branch?: string;
}

export interface RepoBackend {
  readonly gitdir: string;
  /** Where the followed ref points now; undefined when it does not exist. */
  resolve(followed: Followed, http: HttpClient, cache: object): Promise<Target | undefined>;
  /** Makes the target's objects present in gitdir; returns the commit to read. */
  ensure(target: Target, http: HttpClient, cache: object): Promise<string>;
  /** Housekeeping after a successful read; says what it did, if anything. */
  afterRead?(target: Target, http: HttpClient): Promise<string | undefined>;
  /** Drops local state that may be corrupt. */
  reset?(): Promise<void>;
}

function notFoundCode(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'NotFoundError';
}

export class RemoteBackend implements RepoBackend {
  private readonly refs: RemoteRefReader;
  private repo: CacheRepo | undefined;

  constructor(
    private readonly url: string,
    private readonly authorization: string | undefined,
    readonly gitdir: string,
    private readonly maxPacks: number,
  ) {
    this.refs = new RemoteRefReader(url, authorization);
  }

  async resolve(followed: Followed, http: HttpClient): Promise<Target | undefined> {
    if (followed.kind === 'commit') return { commit: followed.oid };
    if (followed.kind === 'branch' && !followed.name) {
      const head = (await this.refs.list(http, ['HEAD'])).find((r) => r.ref === 'HEAD');
      if (!head) return undefined;
      if (!head.target?.startsWith('refs/heads/')) {
        throw new GitSourceError('invalid', `the server does not say which branch HEAD is; give a branch`, false);
      }
      const branch = head.target.slice('refs/heads/'.length);
      return { commit: head.oid, refName: head.target, refOid: head.oid, branch };
    }
    const refName = followed.kind === 'tag' ? `refs/tags/${followed.name}` : `refs/heads/${followed.name}`;
    const found = (await this.refs.list(http, [refName])).find((r) => r.ref === refName);
    if (!found) return undefined;
    return { commit: found.peeled ?? found.oid, refName, refOid: found.oid };
  }

  private headers(): Record<string, string> {
    return this.authorization ? { Authorization: this.authorization } : {};
  }

  private request(target: Target, http: HttpClient): FetchRequest {
    return {
      http,
      url: this.url,
      headers: this.headers(),
      remoteRef: target.refName ?? target.commit,
      ...(target.refName ? { localRef: target.refName } : {}),
    };
  }

  async ensure(target: Target, http: HttpClient, cache: object): Promise<string> {
    this.repo ??= await CacheRepo.open(this.gitdir);
    if (await this.repo.has(target.commit, cache)) return target.commit;
    const fetched = await this.repo.fetch(this.request(target, http), cache);
    return peelToCommit(this.gitdir, fetched, cache);
  }

  async afterRead(target: Target, http: HttpClient): Promise<string | undefined> {
    const packs = this.repo?.packCount() ?? 0;
    if (!this.repo || !target.refName || !target.refOid || packs <= this.maxPacks) return undefined;
    const swapped = await this.repo.rebuild(this.request(target, http), target.refOid);
    return swapped ? `cache rebuilt from ${packs} packfiles` : undefined;
  }

  async reset(): Promise<void> {
    this.repo ??= await CacheRepo.open(this.gitdir);
    await this.repo.reset();
  }
}

/** Finds the object store of a local repository: <dir>/.git, a `gitdir:` file, or a bare repository. */
function locateGitdir(dir: string): string {
  const dotgit = path.join(dir, '.git');
  try {
    const st = fs.statSync(dotgit);
    if (st.isDirectory()) return dotgit;
    const m = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotgit, 'utf8'));
    if (m?.[1]) return path.resolve(dir, m[1].trim());
  } catch {
    // not a work tree; maybe bare
  }
  if (fs.existsSync(path.join(dir, 'HEAD')) && fs.existsSync(path.join(dir, 'objects'))) return dir;
  throw new GitSourceError('not-found', `no Git repository at ${dir}`, false);
}

export class LocalBackend implements RepoBackend {
  private located: string | undefined;

  constructor(private readonly dir: string) {}

  get gitdir(): string {
    this.located ??= locateGitdir(this.dir);
    return this.located;
  }

  private async resolveRef(ref: string): Promise<string | undefined> {
    try {
      return await git.resolveRef({ fs, gitdir: this.gitdir, ref });
    } catch (err) {
      if (notFoundCode(err)) return undefined;
      throw err;
    }
  }

  async resolve(followed: Followed, _http: HttpClient, cache: object): Promise<Target | undefined> {
    const gitdir = this.gitdir;
    if (followed.kind === 'commit') {
      try {
        await git.readCommit({ fs, gitdir, oid: followed.oid, cache });
        return { commit: followed.oid };
      } catch (err) {
        if (notFoundCode(err)) return undefined;
        throw err;
      }
    }
    if (followed.kind === 'branch' && !followed.name) {
      const branch = await git.currentBranch({ fs, gitdir, fullname: false });
      if (!branch) {
        const head = await this.resolveRef('HEAD'); // detached HEAD: follow the commit it names
        return head ? { commit: head, refName: 'HEAD', refOid: head, branch: 'HEAD' } : undefined;
      }
      const oid = await this.resolveRef(`refs/heads/${branch}`);
      return oid ? { commit: oid, refName: `refs/heads/${branch}`, refOid: oid, branch } : undefined;
    }
    const refName = followed.kind === 'tag' ? `refs/tags/${followed.name}` : `refs/heads/${followed.name}`;
    const oid = await this.resolveRef(refName);
    if (!oid) return undefined;
    const commit = followed.kind === 'tag' ? await peelToCommit(gitdir, oid, cache) : oid;
    return { commit, refName, refOid: oid };
  }

  ensure(target: Target): Promise<string> {
    return Promise.resolve(target.commit);
  }
}
