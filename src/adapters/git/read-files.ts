/**
 * Reading the manifest files of one commit straight from the object store (no checkout), and
 * which of them changed since the previous read. Trees are read by oid with one shared cache
 * rather than with git.walk, because a walk reads every directory's tree object before it can
 * be told to skip it: here a directory whose tree oid equals the previous read's is not read at
 * all, its files are carried over. A commit that touches one app therefore reads a handful of
 * trees and the changed blobs, not the whole repository.
 */
import fs from 'node:fs';
import git from 'isomorphic-git';
import type { SourceFile } from '../../core/snapshot.js';
import { GitSourceError } from '../../ports/git-source.js';
import type { GitLimits } from './options.js';

interface DirEntry {
  oid: string;
  files: string[]; // paths of the manifest files directly in it
  subdirs: string[]; // paths of its directories
}

/** The files of one commit under the sub-path, with enough structure to reuse unchanged directories. */
export interface FileIndex {
  commit: string;
  dirs: Map<string, DirEntry>; // '' is the sub-path itself
  files: Map<string, SourceFile>;
  /** False when read for comparison only (contents left empty). */
  hasContent: boolean;
}

export interface ReadFilesArgs {
  gitdir: string;
  cache: object;
  commit: string;
  subPath: string;
  limits: GitLimits;
  /** The previous read: unchanged directories and blobs are taken from it. */
  previous?: FileIndex;
  /** Read blob contents (default true); false gives blob ids only, for changedPaths. */
  withContent?: boolean;
  /** Names the repository and ref in errors. */
  where: string;
  onSkip?: (path: string, why: string) => void;
}

const MANIFEST = /\.(ya?ml|json)$/i;
const EMPTY = new Uint8Array(0);

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** A tree entry name that would escape or confuse paths is refused outright. */
function checkName(dir: string, name: string, where: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new GitSourceError('invalid', `${where}: tree entry "${join(dir, name)}" is not a valid path`, false);
  }
}

/** The tree oid of the sub-path at commit. */
async function subPathTree(args: ReadFilesArgs): Promise<string> {
  const { commit } = await git.readCommit({ fs, gitdir: args.gitdir, oid: args.commit, cache: args.cache });
  if (args.subPath === '') return commit.tree;
  try {
    const { oid } = await git.readTree({
      fs,
      gitdir: args.gitdir,
      oid: commit.tree,
      filepath: args.subPath,
      cache: args.cache,
    });
    return oid;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'NotFoundError' || code === 'ObjectTypeError') {
      throw new GitSourceError(
        'not-found',
        `${args.where}: path "${args.subPath}" is not a directory in commit ${args.commit.slice(0, 12)}`,
        false,
      );
    }
    throw err;
  }
}

export async function readFileIndex(args: ReadFilesArgs): Promise<FileIndex> {
  const withContent = args.withContent ?? true;
  const prev = args.previous?.hasContent || !withContent ? args.previous : undefined;
  const index: FileIndex = { commit: args.commit, dirs: new Map(), files: new Map(), hasContent: withContent };
  let total = 0;

  const addFile = (file: SourceFile): void => {
    total += file.content.length;
    if (total > args.limits.maxTotalBytes) {
      throw new GitSourceError(
        'too-large',
        `${args.where}: the files under the path exceed the ${args.limits.maxTotalBytes}-byte limit (at ${file.path})`,
        false,
      );
    }
    index.files.set(file.path, file);
  };

  // Carries over an unchanged directory and everything below it from the previous read.
  const reuse = (dir: string, from: FileIndex): void => {
    const entry = from.dirs.get(dir);
    if (!entry) return;
    index.dirs.set(dir, entry);
    for (const f of entry.files) {
      const file = from.files.get(f);
      if (file) addFile(file);
    }
    for (const d of entry.subdirs) reuse(d, from);
  };

  const readDir = async (dir: string, oid: string): Promise<void> => {
    if (prev?.dirs.get(dir)?.oid === oid) return reuse(dir, prev);
    const entry: DirEntry = { oid, files: [], subdirs: [] };
    index.dirs.set(dir, entry);
    const { tree } = await git.readTree({ fs, gitdir: args.gitdir, oid, cache: args.cache });
    await Promise.all(
      tree.map(async (e) => {
        checkName(dir, e.path, args.where);
        const p = join(dir, e.path);
        if (e.type === 'tree') {
          entry.subdirs.push(p);
          return readDir(p, e.oid);
        }
        if (e.type !== 'blob') return args.onSkip?.(p, 'submodule');
        if (!MANIFEST.test(e.path)) return;
        if (e.mode === '120000') return args.onSkip?.(p, 'symbolic link (not followed)');
        entry.files.push(p);
        const before = prev?.files.get(p);
        let content: Uint8Array = EMPTY;
        if (before?.blobId === e.oid) content = before.content;
        else if (withContent)
          content = (await git.readBlob({ fs, gitdir: args.gitdir, oid: e.oid, cache: args.cache })).blob;
        if (content.length > args.limits.maxFileBytes) {
          throw new GitSourceError(
            'too-large',
            `${args.where}: ${p} is ${content.length} bytes, over the ${args.limits.maxFileBytes}-byte limit per file`,
            false,
          );
        }
        addFile({ path: p, content, blobId: e.oid });
      }),
    );
  };

  await readDir('', await subPathTree(args));
  return index;
}

/** Files sorted by path. */
export function sortedFiles(index: FileIndex): SourceFile[] {
  return [...index.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Paths added, removed or modified between two reads, sorted. */
export function changedPaths(before: FileIndex, after: FileIndex): string[] {
  const out: string[] = [];
  for (const [p, f] of after.files) if (before.files.get(p)?.blobId !== f.blobId) out.push(p);
  for (const p of before.files.keys()) if (!after.files.has(p)) out.push(p);
  return out.sort();
}
