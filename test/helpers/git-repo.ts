/**
 * Making repositories and commits with the real `git` CLI (defined in bench/git-repo.ts so that
 * the benchmark can use it too), plus a fixture for Git source tests: a temp directory, a served
 * bare repository, a work repository that pushes to it over HTTP, and a cache directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBareRepo, WorkRepo } from '../../bench/git-repo.js';
import { startGitServer, type GitServer } from '../../bench/git-server.js';
import type { PollResult } from '../../src/ports/git-source.js';

export { createBareRepo, runGit, WorkRepo, TEST_AUTHOR } from '../../bench/git-repo.js';

export interface GitFixture {
  dir: string;
  server: GitServer;
  /** URL of the served repository, without credentials. */
  url: string;
  /** Path of the bare repository on disk. */
  bare: string;
  work: WorkRepo;
  cacheDir: string;
  /** Requests the server logged for the repository since the last clearLog(). */
  requests(): GitServer['log'];
  close(): Promise<void>;
}

/** Starts a server with one empty repository `repo` (branch main) and a work repo pushing to it. */
export async function startGitFixture(
  opts: { auth?: { username: string; password: string }; name?: string; protocolV2?: boolean } = {},
): Promise<GitFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-git-'));
  const root = path.join(dir, 'served');
  const name = opts.name ?? 'repo';
  const bare = await createBareRepo(root, name);
  const server = await startGitServer({
    root,
    ...(opts.auth ? { auth: opts.auth } : {}),
    ...(opts.protocolV2 !== undefined ? { protocolV2: opts.protocolV2 } : {}),
  });
  const url = server.url(name);
  const pushUrl = opts.auth
    ? url.replace('http://', `http://${opts.auth.username}:${encodeURIComponent(opts.auth.password)}@`)
    : url;
  const work = await WorkRepo.create(path.join(dir, 'work'), pushUrl);
  return {
    dir,
    server,
    url,
    bare,
    work,
    cacheDir: path.join(dir, 'cache'),
    requests: () => server.log.filter((e) => e.path.startsWith(`/${name}.git/`)),
    async close() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A few realistic manifests: two apps and a policy. */
export function sampleFiles(version = '1.0.0'): Record<string, string> {
  const deployment = (app: string): string =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${app}`,
      'spec:',
      '  replicas: 2',
      `  selector: {matchLabels: {app: ${app}}}`,
      '  template:',
      `    metadata: {labels: {app: ${app}}}`,
      '    spec:',
      `      containers: [{name: ${app}, image: "registry.example/${app}:${version}"}]`,
      '',
    ].join('\n');
  return {
    'apps/web/app.yaml':
      'apiVersion: sextant.dev/v1alpha1\nkind: Application\nmetadata: {name: web}\nspec: {namespace: web}\n',
    'apps/web/deployment.yaml': deployment('web'),
    'apps/db/deployment.yml': deployment('db'),
    'apps/db/config.json': '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"db"},"data":{"a":"1"}}\n',
    'policies/platform.yaml': 'apiVersion: sextant.dev/v1alpha1\nkind: Policy\nmetadata: {name: platform}\nspec: {}\n',
    'README.md': '# deploy repo\n',
  };
}

/** Decodes a SourceFile's content for assertions. */
export function text(content: Uint8Array): string {
  return Buffer.from(content).toString('utf8');
}

/** The commit a poll reported, or undefined when it failed. */
export function commitOf(r: PollResult): string | undefined {
  return r.kind === 'failed' ? undefined : r.commit;
}
