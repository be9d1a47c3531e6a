/**
 * The Git smart-HTTP test server (git http-backend behind a Node http server). It is defined in
 * bench/git-server.ts so that the benchmark can use it too; tests import it from here.
 */
export { startGitServer } from '../../bench/git-server.js';
export type { GitServer, GitServerOptions, GitRequestLogEntry } from '../../bench/git-server.js';
