/**
 * The persistent object store a remote repository is fetched into: a bare repository under
 * <cacheDir>/git/<hash of the URL>. The first fetch of a ref is shallow (depth 1); later ones fetch
 * without depth, because isomorphic-git re-downloads the whole snapshot on every depth:1 fetch.
 * After each fetch the local ref is moved to what was fetched, since isomorphic-git takes its
 * "haves" from the local ref and would otherwise download the same objects at every poll.
 * isomorphic-git never repacks, so each fetch adds a packfile and every object lookup scans all
 * of them: past a number of packs the store is rebuilt with one shallow fetch and swapped in.
 */
import fs from 'node:fs';
import path from 'node:path';
import git, { type HttpClient } from 'isomorphic-git';

export interface FetchRequest {
  http: HttpClient;
  url: string;
  headers: Record<string, string>;
  /** What to want: a full ref name (refs/heads/x, refs/tags/x) or a commit sha. */
  remoteRef: string;
  /** The local ref to keep at what was fetched (absent for a pinned commit). */
  localRef?: string;
}

export class CacheRepo {
  constructor(readonly gitdir: string) {}

  /** Opens (creating it if needed) the bare repository at gitdir. */
  static async open(gitdir: string): Promise<CacheRepo> {
    await fs.promises.mkdir(gitdir, { recursive: true });
    await git.init({ fs, gitdir, bare: true, dir: gitdir });
    // isomorphic-git's fetch insists on a refspec for the remote it records refs under.
    const refspec = '+refs/heads/*:refs/remotes/origin/*';
    if ((await git.getConfig({ fs, gitdir, path: 'remote.origin.fetch' })) !== refspec) {
      await git.setConfig({ fs, gitdir, path: 'remote.origin.fetch', value: refspec });
    }
    return new CacheRepo(gitdir);
  }

  async has(oid: string, cache: object): Promise<boolean> {
    try {
      await git.readObject({ fs, gitdir: this.gitdir, oid, format: 'deflated', cache });
      return true;
    } catch {
      return false;
    }
  }

  /** The oid of a local ref, when it exists and its object is present. */
  private async localTip(ref: string, cache: object): Promise<string | undefined> {
    try {
      const oid = await git.resolveRef({ fs, gitdir: this.gitdir, ref });
      return (await this.has(oid, cache)) ? oid : undefined;
    } catch {
      return undefined;
    }
  }

  /** Fetches one ref (shallow when nothing of it is here yet) and returns the fetched oid. */
  async fetch(req: FetchRequest, cache: object): Promise<string> {
    const tip = req.localRef ? await this.localTip(req.localRef, cache) : undefined;
    const { fetchHead } = await git.fetch({
      fs,
      http: req.http,
      gitdir: this.gitdir,
      cache,
      url: req.url,
      // With singleBranch, `ref` is where isomorphic-git takes its "haves" from.
      ref: req.localRef ?? req.remoteRef,
      remoteRef: req.remoteRef,
      singleBranch: true,
      tags: false,
      ...(tip ? {} : { depth: 1 }),
      headers: { ...req.headers },
    });
    if (!fetchHead) throw Object.assign(new Error(`${req.remoteRef} not found`), { code: 'NotFoundError' });
    if (req.localRef) await git.writeRef({ fs, gitdir: this.gitdir, ref: req.localRef, value: fetchHead, force: true });
    return fetchHead;
  }

  packCount(): number {
    try {
      return fs.readdirSync(path.join(this.gitdir, 'objects', 'pack')).filter((f) => f.endsWith('.pack')).length;
    } catch {
      return 0;
    }
  }

  /**
   * Rebuilds the store with one shallow fetch of req and swaps it in, when that fetch lands on
   * `expected` (the commit just read); otherwise leaves everything as it was. Returns whether it swapped.
   */
  async rebuild(req: FetchRequest, expected: string): Promise<boolean> {
    const fresh = `${this.gitdir}.new`;
    const old = `${this.gitdir}.old`;
    await fs.promises.rm(fresh, { recursive: true, force: true });
    try {
      const next = await CacheRepo.open(fresh);
      const got = await next.fetch(req, {});
      if (got !== expected) return false;
      await fs.promises.rm(old, { recursive: true, force: true });
      await fs.promises.rename(this.gitdir, old);
      await fs.promises.rename(fresh, this.gitdir);
      await fs.promises.rm(old, { recursive: true, force: true });
      return true;
    } finally {
      await fs.promises.rm(fresh, { recursive: true, force: true });
    }
  }

  /** Deletes the store (after corruption); the next fetch starts again from a shallow clone. */
  async reset(): Promise<void> {
    await fs.promises.rm(this.gitdir, { recursive: true, force: true });
    await CacheRepo.open(this.gitdir);
  }
}
