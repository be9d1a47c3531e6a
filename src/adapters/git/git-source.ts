/**
 * adapters/git: the GitSource port implemented with isomorphic-git over smart HTTP(S) and for
 * local repositories. The composition root needs only what is exported here.
 */
export { createGitSource } from './create-git-source.js';
export { credentialsFromEnv } from './credentials.js';
export { DEFAULT_FETCH_TIMEOUT_MS, DEFAULT_LIMITS, DEFAULT_MAX_PACKS } from './options.js';
export type { GitCredentials, GitLimits, GitLogger, GitRefSpec, GitSourceOptions } from './options.js';
