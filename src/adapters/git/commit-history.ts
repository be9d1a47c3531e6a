/**
 * What a commit says about itself (provenance) and how two commits relate (was the new one built
 * on the old one, or was history rewritten?). Reads only the local object store.
 */
import fs from 'node:fs';
import git from 'isomorphic-git';
import type { Provenance } from '../../core/snapshot.js';

/** Seconds of committer-clock skew tolerated when pruning the ancestry walk by date. */
const CLOCK_SLOP = 86_400;
/** Commits visited at most; past it the answer is "unknown". */
const MAX_VISITS = 20_000;

function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

export async function readProvenance(gitdir: string, oid: string, ref: string, cache: object): Promise<Provenance> {
  const { commit } = await git.readCommit({ fs, gitdir, oid, cache });
  return {
    commit: oid,
    subject: commit.message.split('\n', 1)[0]?.trim() ?? '',
    author: { name: commit.author.name, email: commit.author.email },
    time: rfc3339(commit.committer.timestamp),
    ref,
  };
}

/** Peels annotated tags (possibly nested) to the object they point at. */
export async function peelToCommit(gitdir: string, oid: string, cache: object): Promise<string> {
  let current = oid;
  for (let i = 0; i < 10; i++) {
    const { type } = await git.readObject({ fs, gitdir, oid: current, format: 'content', cache });
    if (type !== 'tag') return current;
    current = (await git.readTag({ fs, gitdir, oid: current, cache })).tag.object;
  }
  return current;
}

/**
 * Whether `ancestor` is reachable from `oid`: true (a fast-forward), false (history rewritten), or
 * undefined when it cannot be told (ancestor missing here, or the walk got too long). Parents
 * missing because of a shallow clone end their branch of the walk. Commits older than the
 * ancestor (less a day of clock skew) are not expanded, which keeps the walk to the new commits.
 */
export async function isAncestor(
  gitdir: string,
  ancestor: string,
  oid: string,
  cache: object,
): Promise<boolean | undefined> {
  if (ancestor === oid) return true;
  let floor: number;
  try {
    floor = (await git.readCommit({ fs, gitdir, oid: ancestor, cache })).commit.committer.timestamp - CLOCK_SLOP;
  } catch {
    return undefined;
  }
  const seen = new Set([oid]);
  const queue = [oid];
  while (queue.length > 0) {
    if (seen.size > MAX_VISITS) return undefined;
    const next = queue.shift() as string;
    let commit;
    try {
      commit = (await git.readCommit({ fs, gitdir, oid: next, cache })).commit;
    } catch {
      continue; // beyond a shallow boundary
    }
    for (const parent of commit.parent) {
      if (parent === ancestor) return true;
      if (seen.has(parent)) continue;
      seen.add(parent);
      if (commit.committer.timestamp >= floor) queue.push(parent);
    }
  }
  return false;
}
