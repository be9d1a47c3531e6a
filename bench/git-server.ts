/** The Git smart-HTTP server lives in src (the demo serves its repository with it); benchmarks import it from here. */
export * from '../src/adapters/git-server/git-http-server.js';
