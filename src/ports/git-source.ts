/**
 * The port through which the engine reads Git: ask for the current commit cheaply, and get the
 * files of a new commit only when it moved. Implemented by adapters/git (isomorphic-git).
 */
import type { Provenance, SourceFile } from '../core/snapshot.js';

export type GitErrorCode =
  | 'unreachable' // server down, DNS, timeout
  | 'auth' // 401/403: missing or wrong credentials
  | 'not-found' // repository, branch, tag or commit does not exist
  | 'ref-deleted' // the followed branch or tag existed and is gone
  | 'invalid' // bad URL, bad path, corrupt data
  | 'too-large'; // a file or the snapshot is over its size limit

export class GitSourceError extends Error {
  constructor(
    readonly code: GitErrorCode,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface CommitFiles {
  provenance: Provenance;
  /** Files under the configured sub-path, keyed by their path relative to it. */
  files: SourceFile[];
  /** Paths (relative to the sub-path) whose content differs from the previous commit read; undefined on the first read. */
  changedPaths?: string[];
}

export type PollResult =
  | { kind: 'unchanged'; commit: string }
  | { kind: 'updated'; commit: string; previousCommit?: string; forced: boolean; content: CommitFiles }
  | { kind: 'failed'; error: GitSourceError; lastGoodCommit?: string };

export interface GitSource {
  /** Safe to print: the repository URL without credentials, plus ref and path. */
  describe(): string;
  /** One poll: a small request when nothing moved; a fetch and a tree read when it did. Never throws. */
  poll(signal?: AbortSignal): Promise<PollResult>;
}
